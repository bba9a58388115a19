/**
 * Nothing private happens in a group: for every registered conversation, each message that starts it is
 * said in a group the directory knows, and a private one gets exactly one neutral line there while its
 * first question goes to the sender's 1:1 chat; a public one answers in the group and sends nothing 1:1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCommands } from '../../src/core/commands';
import type { Handler, HandlerContext, JsonState } from '../../src/core/handler';
import type { ChatRef, Inbound } from '../../src/core/message';
import { loadTemplates } from '../../src/core/templates';
import { projectRoot } from '../../src/project-root';
import { createAlertHarness, type AlertHarness } from '../helpers/alert-harness';
import { memoryEngines } from '../helpers/memory-engines';
import { APP_VOTING } from '../domain/alerts/fixtures';

const root = projectRoot();
const templates = loadTemplates(join(root, 'templates', 'messages'));
// As the harness has them (no menu numbers: its "1" is an answer).
const commands = loadCommands(join(root, 'templates', 'commands.yaml'));
const REDIRECT = templates.render('core.private_redirect');
const BUREAU_GROUP: ChatRef = { kind: 'group', id: 'demo-yn-bureau' };
const TEACHERS_GROUP: ChatRef = { kind: 'group', id: 'demo-yn-teachers' };
const UNKNOWN_GROUP: ChatRef = { kind: 'group', id: 'somebody-elses-group' };
/** The conversations whose answers say nothing about a person: the menu and officials' work on cases. */
const PUBLIC = ['help', 'official', 'official-resolve'];
const CASE_COMMANDS = ['case_claim', 'case_transfer', 'case_resolve', 'case_reject', 'case_view', 'query'];

/** Every command word's first spelling (with a case number where it takes one). */
function triggers(caseNumber: string): string[] {
  const ids = Object.keys(parse(readFileSync(join(root, 'templates', 'commands.yaml'), 'utf8')) as Record<string, unknown>);
  const words = ids.flatMap((id) => {
    const w = commands.words(id)[0]!;
    return CASE_COMMANDS.includes(id) ? [w, `${w} ${caseNumber}`] : [w];
  });
  return words;
}

/** The conversation a message starts when nothing is under way, as run-turn picks it. */
function starter(h: AlertHarness, text: string, userId: string): Handler<JsonState> {
  const inbound: Inbound = { kind: 'text', channel: 'wecom', userId, text, dedupeKey: 'x', sentAt: h.clock.now, chat: { kind: 'single', id: userId }, mentioned: true };
  const command = commands.match(text);
  const ctx: HandlerContext = { inbound, now: h.clock.now, templates, t: (id, vars) => templates.render(id, vars), commands, command };
  return h.handlers.find((x) => x.matches(ctx)) ?? h.fallback;
}

const texts = (replies: { text: string }[]) => replies.map((r) => r.text);

describe('nothing private happens in a group', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let h: AlertHarness;
  const clock = { now: new Date('2026-04-03T02:00:00Z') };
  beforeEach(async () => {
    engines = await memoryEngines();
    h = await createAlertHarness(engines.store, clock);
  });
  afterEach(() => engines.close());

  it('only the menu and the officials’ case commands may run in a group; every other conversation is private', () => {
    for (const handler of [...h.handlers, h.fallback]) {
      expect([handler.id, handler.inGroups]).toEqual([handler.id, PUBLIC.includes(handler.id) ? 'public' : 'private']);
    }
  });

  it('asked in a group, every private conversation answers there with one neutral line and starts in the 1:1 chat', async () => {
    const caseNumber = await h.file({ ...APP_VOTING, anonymous: false });
    const covered = new Set<string>();
    for (const userId of ['demo-teacher', 'demo-liaison', 'demo-official']) {
      for (const text of triggers(caseNumber)) {
        const handler = starter(h, text, userId);
        covered.add(handler.id);
        for (const group of [TEACHERS_GROUP, BUREAU_GROUP]) {
          const said = `${userId} in ${group.id}: ${text} (${handler.id})`;
          const { replies, direct } = await h.turn(userId, text, group, 'wecom-bot');
          if (handler.inGroups === 'private') {
            expect([said, texts(replies)]).toEqual([said, [REDIRECT]]);
            expect([said, direct.length > 0]).toEqual([said, true]);
          } else {
            expect([said, texts(replies)]).not.toContainEqual(REDIRECT);
            expect([said, direct]).toEqual([said, []]);
          }
          for (const reply of replies) expect(reply.text).not.toContain('演示教师');
          // Leave the 1:1 chat as it was, so that the next trigger starts afresh there too.
          await h.turn(userId, commands.words('cancel')[0]!);
        }
      }
    }
    // The table covers the whole list: a new conversation needs no new row here, only a command word.
    expect([...covered].sort()).toEqual([...h.handlers, h.fallback].map((x) => x.id).sort());
  });

  it('a private flow never goes on in the group: its next answer there is not taken', async () => {
    const first = await h.turn('demo-teacher', '举报', TEACHERS_GROUP, 'wecom-bot');
    expect(texts(first.replies)).toEqual([REDIRECT]);
    const question = texts(first.direct).join('\n');
    const next = await h.turn('demo-teacher', '1', TEACHERS_GROUP, 'wecom-bot');
    for (const r of next.replies) expect(question).not.toContain(r.text);
    // The 1:1 chat is where the flow waits.
    const oneToOne = await h.turn('demo-teacher', '继续');
    expect(texts(oneToOne.replies).join('\n')).not.toContain(REDIRECT);
  });

  it('officials work on cases in their bureau group, scoped as in 1:1, and 查看 says nothing of the reporter', async () => {
    const c = await h.file({ ...APP_VOTING, anonymous: false });
    const view = texts((await h.turn('demo-official', `查看 ${c}`, BUREAU_GROUP, 'wecom-bot')).replies).join('\n');
    expect(view).toContain(c);
    expect(view).not.toContain('演示教师');
    expect(view).not.toContain('实名');
    expect(view).toContain(templates.render('officials.reporter_in_group'));
    // The same official in 1:1 sees the name.
    expect(await h.chat('demo-official', `查看 ${c}`)).toContain('演示教师');
    expect(texts((await h.turn('demo-official', `认领 ${c}`, BUREAU_GROUP, 'wecom-bot')).replies).join('\n')).toContain(`已认领 ${c}`);
    // Another bureau's official, in this group, is refused as in 1:1.
    expect(texts((await h.turn('szs-official', `办结 ${c}`, BUREAU_GROUP, 'wecom-bot')).replies).join('\n')).toBe('您没有处理该案件的权限，或案件编号有误。');
  });

  it('a teachers group gets the menu and how to report privately; a group the directory does not know gets only the menu', async () => {
    const help = texts((await h.turn('demo-teacher', '帮助', TEACHERS_GROUP, 'wecom-bot')).replies).join('\n');
    expect(help).toContain(templates.render('help.in_group'));
    const c = await h.file(APP_VOTING);
    for (const text of ['待办', `查看 ${c}`, '举报', '帮助']) {
      const { replies, direct } = await h.turn('demo-official', text, UNKNOWN_GROUP, 'wecom-bot');
      expect(texts(replies).join('\n')).not.toContain(c);
      expect(direct).toEqual([]);
      expect(texts(replies).join('\n')).toContain(templates.render('help.in_group'));
    }
  });

  it('a person’s group and 1:1 chats never share a conversation', async () => {
    await h.turn('demo-official', `办结 ${await h.file(APP_VOTING)}`, BUREAU_GROUP, 'wecom-bot');
    // The 1:1 chat has nothing under way: 继续 there says so.
    expect(await h.chat('demo-official', '继续')).toContain(templates.render('help.nothing_to_resume'));
  });
});
