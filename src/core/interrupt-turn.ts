/**
 * A command of another conversation typed in the middle of one ("我的反映" while filling a 反映) is never
 * stored as an answer. The person is asked whether to leave: 1 sets the draft aside and does the other thing
 * (the draft comes back, paused, for "继续"), 2 goes on where they were; anything else answers the question
 * they were at, and the offer lapses.
 */
import type { Handler, HandlerContext, JsonState, Turn } from './handler';
import type { StoredConversation } from './ports';
import type { Inbound } from './message';
import { parseYesNo } from './parsers';

export interface InterruptOutcome {
  handler: Handler<JsonState>;
  turn: Turn<JsonState>;
  interrupt?: { text: string };
  /** A private conversation chosen in a group: the message to handle in the 1:1 chat (see run-turn.ts). */
  redirect?: Inbound;
}

export interface InterruptStep {
  outcome: InterruptOutcome;
  /** The current conversation's draft is to be set aside behind the outcome's. */
  parkCurrent: boolean;
}

export interface InterruptDeps {
  others: readonly Handler<JsonState>[];
  /** Routes `text` as a fresh message (the command the person chose to leave for). */
  start(text: string): Promise<InterruptOutcome>;
}

const text = (t: string) => ({ kind: 'text' as const, text: t });

function leaveOrStay(ctx: HandlerContext): 'leave' | 'stay' | undefined {
  if (ctx.command === 'resume') return 'stay';
  if (ctx.inbound.kind !== 'text') return undefined;
  const answer = parseYesNo(ctx.inbound.text);
  if (!answer.ok) return undefined;
  return answer.value === 'yes' ? 'leave' : answer.value === 'no' ? 'stay' : undefined;
}

export async function interruptStep(stored: StoredConversation, current: Handler<JsonState>, ctx: HandlerContext, deps: InterruptDeps): Promise<InterruptStep> {
  const resume = async (before: string[] = []): Promise<InterruptStep> => {
    const turn = await current.step(stored.state, { ...ctx, command: 'resume' });
    return { outcome: { handler: current, turn: { ...turn, replies: [...before.map(text), ...turn.replies] } }, parkCurrent: false };
  };
  const flow = current.interruptsAs ? ctx.t(current.interruptsAs) : '';

  if (stored.interrupt) {
    const choice = leaveOrStay(ctx);
    if (choice === 'stay') return resume();
    if (choice === 'leave') {
      const next = await deps.start(stored.interrupt.text);
      // A conversation that goes on is told the draft waits; one that ends at once gets run-turn's reminder.
      const note = next.turn.state !== null ? [text(ctx.t('core.draft_parked', { flow }))] : [];
      return { outcome: { ...next, turn: { ...next.turn, replies: [...note, ...next.turn.replies] } }, parkCurrent: true };
    }
  } else if (ctx.inbound.kind === 'text' && current.interruptsAs !== undefined) {
    // Only a conversation with a name can be left this way; others (办结's questions) handle commands themselves.
    const other = deps.others.find((h) => h.interruptsAs !== undefined && h.matches(ctx));
    if (other === current) return resume([ctx.t('core.already_in', { flow })]);
    if (other) {
      const ask = ctx.t('core.leave_ask', { flow, other: ctx.t(other.interruptsAs!), command: ctx.inbound.text.trim() });
      return { outcome: { handler: current, turn: { replies: [text(ask)], state: stored.state }, interrupt: { text: ctx.inbound.text } }, parkCurrent: false };
    }
  }
  return { outcome: { handler: current, turn: await current.step(stored.state, ctx) }, parkCurrent: false };
}
