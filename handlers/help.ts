/**
 * The menu: "帮助", "菜单" or anything no other conversation claims. Entering the app shows a welcome.
 */
import { defineHandler, say, type HandlerContext } from '../src/core/handler';

function isHelpRequest(ctx: HandlerContext): boolean {
  return ctx.command === 'help';
}

function answer(ctx: HandlerContext) {
  const { inbound } = ctx;
  if (inbound.kind === 'event' && inbound.event === 'enter_agent') return say(ctx.t('help.welcome'), ctx.t('help.menu'));
  if (isHelpRequest(ctx)) return say(ctx.t('help.menu'));
  if (inbound.kind === 'event') return { replies: [], state: null };
  return say(ctx.t('help.unrecognised'), ctx.t('help.menu'));
}

export const helpHandler = defineHandler<Record<string, never>>({
  id: 'help',
  version: 1,
  idleMs: 0,
  matches: isHelpRequest,
  start: answer,
  step: (_state, ctx) => answer(ctx),
});
