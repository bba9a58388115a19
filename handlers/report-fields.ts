/**
 * The questions the teachers' flows share, built on the answer parsers. Texts are template ids in
 * templates/messages/report.yaml; a field knows only how to read and show its answer.
 */
import type { FieldContext, FieldOutcome, FlowField } from '../src/core/flow/flow-field';
import type { HandlerContext } from '../src/core/handler';
import { formatDateZh, isMediaPlaceholder, parseChoice, parseDate, parseText, parseWhen, parseYesNo, type When } from '../src/core/parsers';
import { anonymityArea, type AnonymityArea } from '../src/domain/reports';
import { describeWhen, type WhenFields } from '../src/domain/reports/describe-when';
import type { HandlerServices } from './handler-services';

type Common = Pick<FlowField, 'key' | 'label' | 'prompt' | 'help' | 'optional' | 'when'>;

function textOf(ctx: FieldContext): string | undefined {
  return ctx.inbound.kind === 'text' ? ctx.inbound.text : undefined;
}

const notText: FieldOutcome = { ok: false, hint: 'not_text' };

export function textField(c: Common & { maxChars: number }): FlowField {
  return {
    ...c,
    promptVars: () => ({ max: c.maxChars }),
    parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined || isMediaPlaceholder(t)) return notText;
      const r = parseText(t, { maxChars: c.maxChars });
      if (r.ok) return { ok: true, value: r.value };
      return { ok: false, hint: r.hint, vars: { ...r } };
    },
  };
}

export function dateField(c: Common): FlowField {
  return {
    ...c,
    parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined) return notText;
      const r = parseDate(t, { now: ctx.now, timezone: 'Asia/Shanghai' });
      return r.ok ? { ok: true, value: r.value.date } : { ok: false, hint: r.hint };
    },
    show: (v) => formatDateZh(String(v)),
    confirm: (v, ctx) => ctx.t('report.date_confirm', { date: formatDateZh(String(v)) }),
  };
}

/**
 * When a report's matter happened: a day, a range (kept as a range), an announced day still to come (planned),
 * or, where `monthOk` holds for the answers so far (a secondment's start), only a month. Stored as a When.
 */
export function whenField(c: Common & { monthOk?: (answers: Record<string, unknown>) => boolean }): FlowField {
  return {
    ...c,
    parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined) return notText;
      const r = parseWhen(t, { now: ctx.now, timezone: 'Asia/Shanghai', monthOk: c.monthOk?.(ctx.answers) === true });
      return r.ok ? { ok: true, value: r.value } : { ok: false, hint: r.hint };
    },
    show: (v, ctx) => describeWhen(ctx.t, whenFields(v)) ?? '',
    confirm: (v, ctx) => ctx.t('report.date_confirm', { date: describeWhen(ctx.t, whenFields(v)) }),
  };
}

/** A whenField's answer as the report stores it (a plain 'YYYY-MM-DD' from an older draft is one day). */
export function whenFields(v: unknown): WhenFields {
  const w: When | undefined = typeof v === 'string' ? { from: v } : v && typeof v === 'object' ? (v as When) : undefined;
  if (!w) return {};
  return { happenedOn: w.from, ...(w.to ? { happenedUntil: w.to } : {}), ...(w.month ? { happenedPrecision: 'month' as const } : {}), ...(w.planned ? { planned: true } : {}) };
}

export function categoryField(c: Common, services: HandlerServices): FlowField {
  const categories = [...services.categories].sort((a, b) => a.order - b.order);
  const options = categories.map((cat) => ({ value: cat.code, labels: [cat.name, ...cat.aliases] }));
  const nameOf = (code: unknown) => categories.find((cat) => cat.code === code)?.name ?? String(code);
  return {
    ...c,
    promptVars: () => ({ options: categories.map((cat, i) => ({ n: i + 1, name: cat.name })) }),
    parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined) return notText;
      const r = parseChoice(t, options);
      return r.ok ? { ok: true, value: r.value } : { ok: false, hint: r.hint, vars: { ...r } };
    },
    show: nameOf,
  };
}

/** 是 / 否 (/ 不清楚 when `unknown` is allowed). */
export function yesNoField(c: Common & { allowUnknown?: boolean }): FlowField {
  return {
    ...c,
    parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined) return notText;
      const r = parseYesNo(t, { allowUnknown: c.allowUnknown === true });
      return r.ok ? { ok: true, value: r.value } : { ok: false, hint: r.hint };
    },
    show: (v, ctx) => ctx.t(`report.answer_${String(v)}`),
  };
}

/**
 * Anonymity, asked plainly: 1. 匿名 2. 实名 (also typed as words; 是/否 still mean anonymous/named). Stored as
 * 'yes' (anonymous) or 'no' (named).
 */
export function anonymityField(c: Common): FlowField {
  const options = [
    { value: 'yes', labels: ['匿名', '不实名', '不留名'] },
    { value: 'no', labels: ['实名', '不匿名', '留名'] },
  ];
  return {
    ...c,
    parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined) return notText;
      const choice = parseChoice(t, options);
      if (choice.ok) return { ok: true, value: choice.value };
      const yesNo = parseYesNo(t);
      return yesNo.ok && yesNo.value !== 'unknown' ? { ok: true, value: yesNo.value } : { ok: false, hint: 'report.anonymity_hint' };
    },
    show: (v, ctx) => ctx.t(v === 'no' ? 'report.named' : 'report.anonymous'),
  };
}

/**
 * Evidence: images, as many as the person sends (up to `max`), each downloaded at once while its media id is
 * valid (WeCom keeps it 3 days) and kept with the report; 完成 ends; 跳过, or a "no" (没有, 无, 不用) before any
 * image, skips.
 */
export function evidenceField(c: Common & { max: number }, services: HandlerServices): FlowField {
  return {
    ...c,
    optional: true,
    promptSaysSkip: true,
    promptVars: () => ({ max: c.max }),
    async parse(ctx) {
      const have = Array.isArray(ctx.current) ? (ctx.current as string[]) : [];
      if (ctx.command === 'done') return { ok: true, value: have };
      if (ctx.inbound.kind === 'text' && have.length === 0 && saysNone(ctx.inbound.text)) return { ok: true, value: null };
      if (ctx.inbound.kind !== 'image') return { ok: false, hint: 'report.evidence_hint' };
      if (have.length >= c.max) return { ok: false, hint: 'report.evidence_full', vars: { max: c.max } };
      let id: string;
      try {
        const media = await services.media.download(ctx.inbound.channel, ctx.inbound.mediaId);
        id = await services.reports.saveMedia(media.bytes, media.contentType, { channel: ctx.inbound.channel, userId: ctx.inbound.userId });
      } catch {
        return { ok: false, hint: 'report.evidence_failed' };
      }
      const value = [...have, id];
      return { ok: 'more', value, reply: ctx.t('report.evidence_received', { n: value.length, max: c.max }) };
    },
    show: (v, ctx) => ctx.t('report.evidence_count', { n: Array.isArray(v) ? v.length : 0 }),
  };
}

/** The school, asked only when the directory does not know the teacher's school. */
export function schoolField(c: Common, services: HandlerServices): FlowField {
  return {
    ...c,
    when: (answers) => answers.schoolId === undefined,
    async parse(ctx) {
      const t = textOf(ctx);
      if (t === undefined || isMediaPlaceholder(t)) return notText;
      const r = parseText(t, { maxChars: 100, minChars: 2 });
      if (!r.ok) return { ok: false, hint: r.hint, vars: { ...r } };
      const found = await services.directory.schoolsByName(r.value, { limit: 2 });
      // One clear match is recorded by id (for routing); otherwise the name as typed goes to the region's bureau.
      const school = found.length === 1 ? { name: found[0]!.name, id: found[0]!._id } : { name: r.value };
      return { ok: true, value: { ...school, area: await anonymityArea(services.directory, school.id, services.anonymityMinTeachers) } };
    },
    show: (v) => (v as { name: string }).name,
  };
}

export function shownSchool(answers: Record<string, unknown>): { schoolId?: string; schoolName?: string } {
  if (typeof answers.schoolId === 'string') return { schoolId: answers.schoolId };
  const s = answers.school as { name: string; id?: string } | undefined;
  return s ? { ...(s.id ? { schoolId: s.id } : {}), schoolName: s.name } : {};
}

/** Prefill from the directory: the teacher's own school, and whether showing it would name them (schoolArea). */
export async function knownSchool(ctx: HandlerContext, services: HandlerServices): Promise<Record<string, unknown>> {
  const person = await services.directory.findPerson(ctx.inbound.channel, ctx.inbound.userId);
  if (!person?.orgId) return {};
  const org = await services.directory.getOrg(person.orgId);
  if (org?.level !== 'school') return { reporterName: person.name };
  const schoolArea = await anonymityArea(services.directory, org._id, services.anonymityMinTeachers);
  return { schoolId: org._id, schoolName: org.name, schoolArea, reporterName: person.name };
}

/** The school of the answers (from the directory or as typed) and how small it is, when there is one. */
export function schoolOf(answers: Record<string, unknown>): { name: string; area: AnonymityArea } | undefined {
  if (typeof answers.schoolId === 'string') return { name: String(answers.schoolName ?? ''), area: (answers.schoolArea as AnonymityArea | undefined) ?? { small: true } };
  const s = answers.school as { name: string; area?: AnonymityArea } | undefined | null;
  return s ? { name: s.name, area: s.area ?? { small: true, reason: 'unknown' } } : undefined;
}

/** "没有", "无", "不用", "没有证据": the person has nothing to attach. */
function saysNone(text: string): boolean {
  const answer = parseYesNo(text);
  return (answer.ok && answer.value === 'no') || /^(没有|无|不用|不需要|暂无|没)(证据|图片|照片|截图)?[。.！!]*$/u.test(text.trim());
}
