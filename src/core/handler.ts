/**
 * A conversation is data plus small functions: an id, a version, an idle timeout, which messages start it,
 * and how it steps. Its state is plain JSON that the dispatcher persists in the store between messages, so a
 * conversation survives a restart and continues on any instance. A handler cannot tell which channel it is on.
 */
import type { Inbound, Reply } from './message';
import type { Templates, TemplateVars } from './templates';
import type { Commands } from './commands';

export type JsonState = Record<string, unknown>;

export interface HandlerContext {
  inbound: Inbound;
  now: Date;
  /** Renders a template from templates/messages (ids "<file>.<key>"). */
  t: (id: string, vars?: TemplateVars) => string;
  templates: Templates;
  /** The command word the text is, if any ("help", "cancel", ...): see templates/commands.yaml. */
  command: string | undefined;
  commands: Commands;
}

export interface Turn<S extends JsonState> {
  replies: Reply[];
  /** The state to keep for the next message; null ends the conversation. */
  state: S | null;
}

export interface Handler<S extends JsonState = JsonState> {
  id: string;
  /** Bump when the state's shape changes: older state is then discarded politely. */
  version: number;
  /** After this long without a message the conversation is idle. */
  idleMs: number;
  /** Whether this message starts this conversation (when no conversation is under way). */
  matches(ctx: HandlerContext): boolean;
  /**
   * Its starting commands typed in the middle of another conversation are not taken as an answer there: the
   * person is asked whether to leave that one (kept as a draft) for this. Template id of its name, e.g.
   * "core.flow_names.report"; unset for conversations that never interrupt (the menu, a yes/no follow-up).
   */
  interruptsAs?: string;
  /**
   * Whether it may run in a group chat ('public': the menu, officials' case commands, whose answers say
   * nothing about a reporter) or only in the person's 1:1 chat ('private': every report, monthly answer,
   * case of one's own). Asked in a group, a private conversation is answered there with one neutral line
   * and starts in the person's 1:1 chat instead: the dispatcher enforces it, handlers need not check.
   */
  inGroups: 'public' | 'private';
  start(ctx: HandlerContext): Promise<Turn<S>> | Turn<S>;
  step(state: S, ctx: HandlerContext): Promise<Turn<S>> | Turn<S>;
}

export function defineHandler<S extends JsonState>(handler: Handler<S>): Handler<S> {
  return handler;
}

/** A one-message answer that keeps no state. */
export function say(...texts: string[]): Turn<never> {
  return { replies: texts.map((text) => ({ kind: 'text', text })), state: null };
}
