/**
 * One message of one user, under that user's lock: load the conversation, route the message to a handler,
 * save the new state (compare-and-set) and return the replies. Replies are not sent here.
 *
 * An idle conversation (past its handler's idle timeout) is a draft: the next message is told once that it
 * expired, "继续" (the resume command) picks it up again, and it is kept until the store's TTL removes it.
 */
import type { Handler, HandlerContext, JsonState, Turn } from './handler';
import type { Inbound, Reply } from './message';
import type { ConversationPort, StoredConversation } from './ports';
import type { Templates } from './templates';
import type { Commands } from './commands';
import { AppError } from './errors';

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

  let handler: Handler<JsonState>;
  let turn: Turn<JsonState>;
  if (p.kind === 'continue') {
    handler = p.handler;
    turn = await handler.step(stored!.state, ctx);
  } else {
    handler = deps.handlers.find((h) => h.matches(ctx)) ?? deps.fallback;
    turn = await handler.start(ctx);
  }
  const preface: Reply[] = p.kind === 'fresh' && p.preface ? [{ kind: 'text', text: ctx.t(p.preface) }] : [];

  let saved: boolean;
  if (turn.state !== null) {
    saved = await deps.conversations.save(
      key,
      stored?.rev ?? null,
      { handlerId: handler.id, handlerVersion: handler.version, state: turn.state, idleAt: new Date(now.getTime() + handler.idleMs) },
      now,
    );
  } else if (stored === null || (p.kind === 'fresh' && p.keepStored)) {
    saved = true;
  } else {
    saved = await deps.conversations.clear(key, stored.rev);
  }
  return saved ? [...preface, ...turn.replies] : null;
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
