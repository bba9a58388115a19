/**
 * The menu: "帮助", "菜单" or anything no other conversation claims. Entering the app shows a welcome. The
 * menu shows what everyone can do, and what liaisons and officials can do to those the directory says are;
 * a person the directory knows is also told their bureau's complaint hotline and mailbox (附件1). In a group
 * chat it also says how to report privately.
 */
import { defineHandler, say, type HandlerContext } from '../src/core/handler';
import { complaintChannels } from '../src/domain/directory/complaint-channels';
import type { DirectoryRepo } from '../src/domain/directory/directory-repo';

export interface HelpServices {
  directory: Pick<DirectoryRepo, 'findPerson' | 'getOrg' | 'ancestors'>;
}

const isHelpRequest = (ctx: HandlerContext): boolean => ctx.command === 'help';

export function createHelpHandler(services: HelpServices) {
  async function menu(ctx: HandlerContext): Promise<string> {
    const person = await services.directory.findPerson(ctx.inbound.channel, ctx.inbound.userId);
    const roles = new Set(person?.roles ?? []);
    // Who would rather call or write: their bureau's published hotline and mailbox.
    const channels = person?.orgId ? await complaintChannels(services.directory, person.orgId) : null;
    const text = ctx.t('help.menu', { liaison: roles.has('liaison'), official: roles.has('official'), channels });
    // In a group: reports and one's own cases are for the 1:1 chat, and the menu says how to get there.
    return ctx.inbound.chat.kind === 'group' ? `${text}\n\n${ctx.t('help.in_group')}` : text;
  }

  async function answer(ctx: HandlerContext) {
    const { inbound } = ctx;
    if (inbound.kind === 'event' && inbound.event === 'enter_agent') return say(ctx.t('help.welcome'), await menu(ctx));
    if (isHelpRequest(ctx)) return say(await menu(ctx));
    if (ctx.command === 'resume') return say(ctx.t('help.nothing_to_resume'), await menu(ctx));
    if (inbound.kind === 'event') return { replies: [], state: null };
    return say(ctx.t('help.unrecognised'), await menu(ctx));
  }

  return defineHandler<Record<string, never>>({
    id: 'help',
    version: 1,
    idleMs: 0,
    inGroups: 'public',
    matches: isHelpRequest,
    start: answer,
    step: (_state, ctx) => answer(ctx),
  });
}
