/**
 * One message of one user, under that user's lock: load the conversation, route the message to a handler,
 * save the new state (compare-and-set) and return the replies. Replies are not sent here.
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

async function tryTurn(deps: TurnDeps, inbound: Inbound, now: Date): Promise<Reply[] | null> {
  const key = userKeyOf(inbound);
  const stored = await deps.conversations.load(key);
  const ctx = contextFor(deps, inbound, now);
  const preface: Reply[] = [];
  let current = stored;
  if (stored && !isUsable(deps, stored, now)) {
    if (stored.idleAt.getTime() > now.getTime()) preface.push({ kind: 'text', text: ctx.t('core.conversation_reset') });
    current = null;
  }
  const { handler, turn } = await route(deps, current, ctx);
  const saved =
    turn.state === null
      ? stored === null || (await deps.conversations.clear(key, stored.rev))
      : await deps.conversations.save(
          key,
          stored?.rev ?? null,
          {
            handlerId: handler.id,
            handlerVersion: handler.version,
            state: turn.state,
            idleAt: new Date(now.getTime() + handler.idleMs),
          },
          now,
        );
  return saved ? [...preface, ...turn.replies] : null;
}

/** A stored conversation continues if its handler still exists at the same version and it is not idle. */
function isUsable(deps: TurnDeps, stored: StoredConversation, now: Date): boolean {
  const handler = findHandler(deps, stored.handlerId);
  return handler !== undefined && handler.version === stored.handlerVersion && stored.idleAt.getTime() > now.getTime();
}

function findHandler(deps: TurnDeps, id: string): Handler<JsonState> | undefined {
  return id === deps.fallback.id ? deps.fallback : deps.handlers.find((h) => h.id === id);
}

async function route(
  deps: TurnDeps,
  current: StoredConversation | null,
  ctx: HandlerContext,
): Promise<{ handler: Handler<JsonState>; turn: Turn<JsonState> }> {
  if (current) {
    const handler = findHandler(deps, current.handlerId)!;
    return { handler, turn: await handler.step(current.state, ctx) };
  }
  const handler = deps.handlers.find((h) => h.matches(ctx)) ?? deps.fallback;
  return { handler, turn: await handler.start(ctx) };
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
