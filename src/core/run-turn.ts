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
import { type Inbound, type Reply } from './message';
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
  /** Which group chats the directory knows (bureau and school groups). Unset: none. */
  groups?: GroupsPort;
}

export interface GroupsPort {
  isKnown(inbound: Inbound): Promise<boolean>;
}

/** What one message gets: replies where it was said, and replies in the sender's own 1:1 chat. */
export interface TurnResult {
  replies: Reply[];
  /** For the sender's 1:1 chat (a private conversation asked for in a group starts there). */
  direct: Reply[];
}

const MAX_CAS_ATTEMPTS = 3;

/** The person: one lock for all their chats, so that a group message may start their 1:1 conversation. */
export function userKeyOf(inbound: Inbound): string {
  return `${inbound.channel}:${inbound.userId}`;
}

/** Whose conversation: a person's group and private chats (and channels) never share a draft. */
export function conversationKeyOf(inbound: Inbound): string {
  const via = inbound.via ?? inbound.channel;
  if (inbound.chat.kind === 'single' && via === inbound.channel) return userKeyOf(inbound);
  return `${via}:${inbound.chat.kind}:${inbound.chat.id}:${inbound.userId}`;
}

/** The same message as said in the sender's 1:1 chat on the platform's own channel. */
export function privately(inbound: Inbound): Inbound {
  const { via: _via, replyTo: _replyTo, ...rest } = inbound;
  return { ...rest, chat: { kind: 'single', id: inbound.userId }, mentioned: true };
}

export async function runTurn(deps: TurnDeps, inbound: Inbound, now: Date): Promise<TurnResult> {
  if (inbound.chat.kind === 'group' && !(await deps.groups?.isKnown(inbound))) {
    // A group the directory does not know gets the menu and nothing else.
    const turn = await deps.fallback.start(contextFor(deps, inbound, now));
    return { replies: turn.replies, direct: [] };
  }
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const result = await tryTurn(deps, inbound, now);
    if (!result) continue;
    if (!result.redirect) return { replies: result.replies, direct: [] };
    // Nothing private happens in a group: one neutral line there, the conversation in the 1:1 chat.
    const direct = await runTurn(deps, result.redirect, now);
    return { replies: [...result.replies, { kind: 'text', text: deps.templates.render('core.private_redirect') }], direct: direct.replies };
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
  /** A private conversation asked for in a group: this message, to be handled in the 1:1 chat instead. */
  redirect?: Inbound;
}

async function tryTurn(deps: TurnDeps, inbound: Inbound, now: Date): Promise<{ replies: Reply[]; redirect?: Inbound } | null> {
  const key = conversationKeyOf(inbound);
  const stored = await deps.conversations.load(key);
  const ctx = contextFor(deps, inbound, now);
  const p = planIn(inbound, plan(deps, stored, ctx, now));

  if (p.kind === 'notice') {
    const { rev, ...draft } = stored!;
    const ok = await deps.conversations.save(key, rev, { ...draft, idleNoticeGiven: true }, now);
    const hours = Math.round(findHandler(deps, stored!.handlerId)!.idleMs / 3_600_000);
    return ok ? { replies: [{ kind: 'text', text: ctx.t('core.draft_expired', { hours }) }] } : null;
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
  return saved ? { replies, ...(out.redirect ? { redirect: out.redirect } : {}) } : null;
}

/** In a group only public conversations go on (a private one under way there, from before, starts afresh). */
function planIn(inbound: Inbound, p: Plan): Plan {
  if (inbound.chat.kind === 'group' && p.kind === 'continue' && p.handler.inGroups !== 'public') return { kind: 'fresh', keepStored: false };
  return p;
}

async function startFresh(deps: TurnDeps, inbound: Inbound, now: Date): Promise<Outcome> {
  const plain = contextFor(deps, inbound, now);
  // With nothing under way, a number on its own picks that item of the menu.
  const choice = plain.command === undefined && inbound.kind === 'text' ? deps.commands.menuChoice(inbound.text) : undefined;
  const ctx = choice ? { ...plain, command: choice } : plain;
  const handler = deps.handlers.find((h) => h.matches(ctx)) ?? deps.fallback;
  if (inbound.chat.kind === 'group' && handler.inGroups !== 'public') {
    return { handler, turn: { replies: [], state: null }, redirect: privately(inbound) };
  }
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
