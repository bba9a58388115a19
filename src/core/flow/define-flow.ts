/**
 * A guided flow as a Handler: questions asked one at a time, commands anywhere (取消, 返回, 帮助, 跳过,
 * 重新开始, 继续), a numbered summary before submitting where "改 3" edits field 3 and comes back.
 * The state is plain JSON: { cursor, answers, trail, editing, draftId }.
 */
import { randomUUID } from 'node:crypto';
import type { Handler, HandlerContext, Turn } from '../handler';
import { MESSAGE_TEXT_MAX_BYTES } from '../message';
import type { Reply } from '../message';
import { parseChineseNumber } from '../parsers';
import { isAsked, type Answers, type FieldContext, type FlowField } from './flow-field';

export interface FlowState extends Record<string, unknown> {
  /** The key of the field being asked, or null at the summary. */
  cursor: string | null;
  answers: Answers;
  /** Keys answered, in order, for 返回. */
  trail: string[];
  /** Editing one field from the summary: return to the summary after it. */
  editing: boolean;
  /** Stable for the whole draft: submitting twice files one case. */
  draftId: string;
}

export interface FlowDefinition {
  id: string;
  version: number;
  idleMs: number;
  /** Command ids (templates/commands.yaml) that start this flow. */
  startCommands: readonly string[];
  /** Template id of the flow's name; its start commands typed in another flow ask to leave that one. */
  interruptsAs?: string;
  /** Template id said before the first question. */
  intro: string;
  /** Answers known before asking (e.g. the teacher's school from the directory). */
  prefill?(ctx: HandlerContext): Promise<Answers>;
  fields: readonly FlowField[];
  /** Said with the summary, before its footer (e.g. what the receiver will see of the answers). */
  preview?(answers: Answers, ctx: HandlerContext): Promise<string | undefined>;
  /** Files the answers; its replies end the flow. Must be idempotent per `draftId`. */
  submit(answers: Answers, draftId: string, ctx: HandlerContext): Promise<Reply[]>;
}

const text = (t: string): Reply => ({ kind: 'text', text: t });

/** Lines joined by line breaks into parts of at most `max` UTF-8 bytes (a longer line is a part of its own). */
function joinLines(lines: readonly string[], max: number): string[] {
  const parts: string[] = [];
  for (const line of lines) {
    const last = parts.at(-1);
    if (last !== undefined && Buffer.byteLength(`${last}\n${line}`, 'utf8') <= max) parts[parts.length - 1] = `${last}\n${line}`;
    else parts.push(line);
  }
  return parts;
}

export function defineFlow(def: FlowDefinition): Handler<FlowState> {
  const byKey = new Map(def.fields.map((f) => [f.key, f]));

  function fieldCtx(ctx: HandlerContext, state: FlowState, field: FlowField): FieldContext {
    return { ...ctx, answers: state.answers, current: state.answers[field.key] };
  }

  function promptOf(ctx: HandlerContext, state: FlowState, field: FlowField): string {
    const vars = field.promptVars?.(fieldCtx(ctx, state, field)) ?? {};
    const optional = field.optional && !field.promptSaysSkip ? `\n${ctx.t('flow.optional_note')}` : '';
    return ctx.t(field.prompt, vars) + optional;
  }

  function nextField(state: FlowState, after: string | null): FlowField | undefined {
    const start = after === null ? 0 : def.fields.findIndex((f) => f.key === after) + 1;
    return def.fields.slice(start).find((f) => !f.editOnly && isAsked(f, state.answers));
  }

  function visibleFields(state: FlowState): FlowField[] {
    return def.fields.filter((f) => isAsked(f, state.answers));
  }

  function showValue(ctx: HandlerContext, field: FlowField, value: unknown, answers: Answers): string {
    if (field.editOnly && value === undefined && field.show) return field.show(value, ctx, answers);
    if (value === null || value === undefined) return ctx.t(field.skippedMeans ?? 'flow.value_skipped');
    return field.show ? field.show(value, ctx, answers) : String(value);
  }

  /**
   * The summary in parts (the answers, the preview, what to do): the dispatcher joins them into as few
   * messages as fit a passive reply, so a long summary goes out as two messages instead of losing its end.
   */
  async function summary(ctx: HandlerContext, state: FlowState): Promise<string[]> {
    const lines = visibleFields(state).map((f, i) => `${i + 1}. ${ctx.t(f.label)}：${showValue(ctx, f, state.answers[f.key], state.answers)}`);
    const preview = await def.preview?.(state.answers, ctx);
    return [...joinLines([ctx.t('flow.summary_header'), ...lines], MESSAGE_TEXT_MAX_BYTES), ...(preview ? [preview] : []), ctx.t('flow.summary_footer')];
  }

  function ask(ctx: HandlerContext, state: FlowState, field: FlowField, before: string[] = []): Turn<FlowState> {
    return { replies: [text([...before, promptOf(ctx, state, field)].join('\n\n'))], state: { ...state, cursor: field.key } };
  }

  async function toSummary(ctx: HandlerContext, state: FlowState, before: string[] = []): Promise<Turn<FlowState>> {
    const s = { ...state, cursor: null, editing: false };
    return { replies: [...before, ...(await summary(ctx, s))].map(text), state: s };
  }

  /** After an answer: the next unanswered question, or the summary. */
  function advance(ctx: HandlerContext, state: FlowState, from: FlowField, said: string[]): Turn<FlowState> | Promise<Turn<FlowState>> {
    const trail = state.trail.includes(from.key) ? state.trail : [...state.trail, from.key];
    const s = { ...state, trail };
    if (state.editing) {
      // An edit can make later questions apply (or stop applying): ask those not answered yet.
      const missing = visibleFields(s).find((f) => !f.editOnly && !(f.key in s.answers));
      return missing ? ask(ctx, s, missing, said) : toSummary(ctx, s, said);
    }
    const next = nextField(s, from.key);
    return next ? ask(ctx, s, next, said) : toSummary(ctx, s, said);
  }

  async function begin(ctx: HandlerContext, intro: string): Promise<Turn<FlowState>> {
    const answers = (await def.prefill?.(ctx)) ?? {};
    const state: FlowState = { cursor: null, answers, trail: [], editing: false, draftId: randomUUID() };
    return ask(ctx, state, nextField(state, null)!, [ctx.t(intro)]);
  }

  async function atField(state: FlowState, field: FlowField, ctx: HandlerContext): Promise<Turn<FlowState>> {
    switch (ctx.command) {
      case 'back': {
        const prev = [...state.trail].reverse().find((k) => k !== field.key && isAsked(byKey.get(k)!, state.answers));
        if (!prev) return ask(ctx, state, field, [ctx.t('flow.back_at_first')]);
        const trail = state.trail.slice(0, state.trail.indexOf(prev));
        const shown = showValue(ctx, byKey.get(prev)!, state.answers[prev], state.answers);
        return ask(ctx, { ...state, trail, editing: false }, byKey.get(prev)!, [ctx.t('flow.back_to', { current: shown })]);
      }
      case 'help':
        return ask(ctx, state, field, [ctx.t(field.help ?? 'flow.step_help')]);
      case 'skip':
        if (!field.optional) return ask(ctx, state, field, [ctx.t('flow.not_optional')]);
        return advance(ctx, { ...state, answers: { ...state.answers, [field.key]: null } }, field, []);
      case 'resume':
        return ask(ctx, state, field, [ctx.t('flow.resumed')]);
    }
    const outcome = await field.parse(fieldCtx(ctx, state, field));
    if (outcome.ok === false) {
      const hintId = outcome.hint.includes('.') ? outcome.hint : `hints.${outcome.hint}`;
      return ask(ctx, state, field, [ctx.t(hintId, outcome.vars)]);
    }
    const answers = { ...state.answers, [field.key]: outcome.value };
    if (outcome.ok === 'more') {
      return { replies: outcome.reply ? [text(outcome.reply)] : [], state: { ...state, answers } };
    }
    const confirmation = field.confirm?.(outcome.value, ctx);
    return advance(ctx, { ...state, answers }, field, confirmation ? [confirmation] : []);
  }

  async function atSummary(state: FlowState, ctx: HandlerContext): Promise<Turn<FlowState>> {
    if (ctx.command === 'submit') {
      return { replies: await def.submit(state.answers, state.draftId, ctx), state: null };
    }
    if (ctx.command === 'resume') return toSummary(ctx, state, [ctx.t('flow.resumed')]);
    if (ctx.command === 'back') {
      const last = [...visibleFields(state)].pop()!;
      return ask(ctx, state, last);
    }
    const edit = ctx.inbound.kind === 'text' ? ctx.commands.matchWithArgument(ctx.inbound.text, ['edit']) : undefined;
    if (edit) {
      const n = parseChineseNumber(edit.arg);
      const fields = visibleFields(state);
      const field = n === null ? undefined : fields[n - 1];
      if (!field) return toSummary(ctx, state, [ctx.t('flow.edit_which', { max: fields.length })]);
      return ask(ctx, { ...state, editing: true }, field);
    }
    return toSummary(ctx, state, [ctx.t('flow.summary_hint')]);
  }

  return {
    id: def.id,
    version: def.version,
    idleMs: def.idleMs,
    // A form asks for what a person tells the bot alone.
    inGroups: 'private',
    ...(def.interruptsAs ? { interruptsAs: def.interruptsAs } : {}),
    matches: (ctx) => ctx.command !== undefined && def.startCommands.includes(ctx.command),
    start: (ctx) => begin(ctx, def.intro),
    async step(state, ctx) {
      if (ctx.command === 'cancel') return { replies: [text(ctx.t('flow.cancelled'))], state: null };
      if (ctx.command === 'restart') return begin(ctx, 'flow.restarted');
      if (state.cursor === null) return atSummary(state, ctx);
      const field = byKey.get(state.cursor);
      if (!field) return toSummary(ctx, state);
      return atField(state, field, ctx);
    },
  };
}
