/**
 * One message of one user, under that user's lock: load the conversation, route the message to a handler,
 * save the new state (compare-and-set) and return the replies. Replies are not sent here.
 *
 * An idle conversation (past its handler's idle timeout) is a draft: the next message is told once that it
 * expired, "继续" (the resume command) picks it up again, and it is kept until the store's TTL removes it.
 * A command of another conversation typed in the middle of one is never taken as an answer: the person is
 * asked whether to leave (see interrupt-turn.ts); a draft left that way, or a paused draft that a new
 * conversation would replace, is parked and comes back, paused, when the other conversation ends.
 */
import type { Handler, HandlerContext, JsonState, Turn } from './handler';
import type { Inbound, Reply } from './message';
import type { ConversationPort, ParkedConversation, StoredConversation } from './ports';
import type { Templates } from './templates';
import type { Commands } from './commands';
import { AppError } from './errors';
import { interruptStep } from './interrupt-turn';

export interface TurnDeps {
  conversations: ConversationPort;
  handlers: readonly Handler<JsonState>[];
  /** Answers anything no handler claims (the help menu). */
  fallback: Handler<JsonState>;
  templates: Templates;
  commands: Commands;
}

const MAX_CAS_ATTEMPTS = 3;

export function userKeyOf(inbound: Inbound): string {
  return `${inbound.channel}:${inbound.userId}`;
}

export async function runTurn(deps: TurnDeps, inbound: Inbound, now: Date): Promise<Reply[]> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const result = await tryTurn(deps, inbound, now);
    if (result) return result;
  }
  throw new AppError('conflict', 'conversation kept changing under the lock');
}

type Plan =
  | { kind: 'continue'; handler: Handler<JsonState> }
  | { kind: 'notice' }
  | { kind: 'fresh'; keepStored: boolean; preface?: string };

function plan(deps: TurnDeps, stored: StoredConversation | null, ctx: HandlerContext, now: Date): Plan {
  if (!stored) return { kind: 'fresh', keepStored: false };
  const handler = findHandler(deps, stored.handlerId);
  if (!handler || handler.version !== stored.handlerVersion) {
    return { kind: 'fresh', keepStored: false, preface: 'core.conversation_reset' };
  }
  if (stored.idleAt.getTime() > now.getTime() || ctx.command === 'resume') return { kind: 'continue', handler };
  // Idle: say so once; after that a new conversation may replace the draft, and a stateless answer keeps it.
  return stored.idleNoticeGiven ? { kind: 'fresh', keepStored: true } : { kind: 'notice' };
}

/** What to save after a turn: the next state of `handler`, and the draft parked behind it, if any. */
interface Outcome {
  handler: Handler<JsonState>;
  turn: Turn<JsonState>;
  parked?: ParkedConversation;
  interrupt?: { text: string };
}

async function tryTurn(deps: TurnDeps, inbound: Inbound, now: Date): Promise<Reply[] | null> {
  const key = userKeyOf(inbound);
  const stored = await deps.conversations.load(key);
  const ctx = contextFor(deps, inbound, now);
  const p = plan(deps, stored, ctx, now);

  if (p.kind === 'notice') {
    const { rev, ...draft } = stored!;
    const ok = await deps.conversations.save(key, rev, { ...draft, idleNoticeGiven: true }, now);
    const hours = Math.round(findHandler(deps, stored!.handlerId)!.idleMs / 3_600_000);
    return ok ? [{ kind: 'text', text: ctx.t('core.draft_expired', { hours }) }] : null;
  }

  let out: Outcome;
  if (p.kind === 'continue') {
    const step = await interruptStep(stored!, p.handler, ctx, { others: deps.handlers, start: (text) => startFresh(deps, { ...inbound, kind: 'text', text } as Inbound, now) });
    out = step.parkCurrent
      ? { ...step.outcome, parked: { handlerId: p.handler.id, handlerVersion: p.handler.version, state: stored!.state } }
      : { ...step.outcome, ...(stored!.parked ? { parked: stored!.parked } : {}) };
  } else {
    out = await startFresh(deps, inbound, now);
    // A paused draft that a new conversation would replace is set aside instead.
    if (p.keepStored && out.turn.state !== null) out.parked = { handlerId: stored!.handlerId, handlerVersion: stored!.handlerVersion, state: stored!.state };
  }
  const preface: Reply[] = p.kind === 'fresh' && p.preface ? [{ kind: 'text', text: ctx.t(p.preface) }] : [];
  const replies = [...preface, ...out.turn.replies];

  let saved: boolean;
  const rev = stored?.rev ?? null;
  if (out.turn.state !== null) {
    saved = await deps.conversations.save(
      key,
      rev,
      {
        handlerId: out.handler.id,
        handlerVersion: out.handler.version,
        state: out.turn.state,
        idleAt: new Date(now.getTime() + out.handler.idleMs),
        ...(out.interrupt ? { interrupt: out.interrupt } : {}),
        ...(out.parked ? { parked: out.parked } : {}),
      },
      now,
    );
  } else if (out.parked && findHandler(deps, out.parked.handlerId)) {
    // The conversation ended and a draft was set aside for it: that draft is back, paused, for 继续.
    saved = await deps.conversations.save(key, rev, { ...out.parked, idleAt: now, idleNoticeGiven: true }, now);
    replies.push({ kind: 'text', text: ctx.t('core.draft_waiting', { flow: nameOf(deps, ctx, out.parked.handlerId) }) });
  } else if (stored === null || (p.kind === 'fresh' && p.keepStored)) {
    saved = true;
  } else {
    saved = await deps.conversations.clear(key, stored.rev);
  }
  return saved ? replies : null;
}

async function startFresh(deps: TurnDeps, inbound: Inbound, now: Date): Promise<Outcome> {
  const plain = contextFor(deps, inbound, now);
  // With nothing under way, a number on its own picks that item of the menu.
  const choice = plain.command === undefined && inbound.kind === 'text' ? deps.commands.menuChoice(inbound.text) : undefined;
  const ctx = choice ? { ...plain, command: choice } : plain;
  const handler = deps.handlers.find((h) => h.matches(ctx)) ?? deps.handlers.find((h) => h.matchesUnclaimed?.(ctx) === true) ?? deps.fallback;
  return { handler, turn: await handler.start(ctx) };
}

function nameOf(deps: TurnDeps, ctx: HandlerContext, handlerId: string): string {
  const id = findHandler(deps, handlerId)?.interruptsAs;
  return id ? ctx.t(id) : '';
}

function findHandler(deps: TurnDeps, id: string): Handler<JsonState> | undefined {
  return id === deps.fallback.id ? deps.fallback : deps.handlers.find((h) => h.id === id);
}

function contextFor(deps: TurnDeps, inbound: Inbound, now: Date): HandlerContext {
  return {
    inbound,
    now,
    templates: deps.templates,
    t: (id, vars) => deps.templates.render(id, vars),
    commands: deps.commands,
    command: inbound.kind === 'text' ? deps.commands.match(inbound.text) : undefined,
  };
}
