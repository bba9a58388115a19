/**
 * One question of a guided flow: its prompt and label (template ids), how an answer is parsed, and how the
 * value reads back. A parser never throws: bad input is a hint key for a polite re-ask.
 */
import type { HandlerContext } from '../handler';
import type { TemplateVars } from '../templates';

export type Answers = Record<string, unknown>;

export interface FieldContext extends HandlerContext {
  answers: Answers;
  /** The value collected so far for this field (collecting fields such as evidence). */
  current: unknown;
}

export type FieldOutcome =
  | { ok: true; value: unknown }
  /** Keep collecting on this field (e.g. one more image): store `value`, say `reply`, ask nothing new. */
  | { ok: 'more'; value: unknown; reply?: string }
  /** Re-ask: `hint` is a template id under hints.* or a full template id; `vars` fill it. */
  | { ok: false; hint: string; vars?: TemplateVars };

export interface FlowField {
  key: string;
  /** Template id of the field's name in the summary. */
  label: string;
  /** Template id of the question. */
  prompt: string;
  promptVars?(ctx: FieldContext): TemplateVars;
  /** Template id of a longer explanation, shown on 帮助 at this step. */
  help?: string;
  /** May be skipped with 跳过 (stored as null). */
  optional?: boolean;
  /** The prompt itself says how to skip, so the flow does not add its own note (said once, not twice). */
  promptSaysSkip?: boolean;
  /** Template id of what a skipped answer means, shown in the summary (default: flow.value_skipped). */
  skippedMeans?: string;
  /** Asked (and shown in the summary) only when this holds. */
  when?(answers: Answers): boolean;
  /**
   * Not asked on the way: the summary shows it (show() gets undefined while it keeps its default), and
   * "改 N" asks it.
   */
  editOnly?: boolean;
  parse(ctx: FieldContext): Promise<FieldOutcome> | FieldOutcome;
  /** The value as the summary shows it (default: the value as text). */
  show?(value: unknown, ctx: HandlerContext, answers?: Answers): string;
  /** Said right after the answer is accepted, e.g. a date confirmed back in full. */
  confirm?(value: unknown, ctx: HandlerContext): string | undefined;
}

export function isAsked(field: FlowField, answers: Answers): boolean {
  return field.when ? field.when(answers) : true;
}
