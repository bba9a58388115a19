/**
 * 月报: the observation point's monitoring table (宁教办函〔2023〕95号 附件2), answered by its liaison in the
 * 1:1 chat, one question at a time, started by the word the reminder gives. A liaison of several points
 * picks one; anybody else is told in one sentence that only liaisons answer it and whom to ask.
 *
 * Built on defineHandler with its own small state machine rather than on defineFlow: the questionnaire has
 * repeated groups (a count, then that many items of several fields) and a disagreement between the two to
 * ask about, which the flat field list of defineFlow cannot hold without reshaping its state and summary for
 * every flow. The pieces are shared instead: the same field factories and parsers (report-fields.ts), the
 * same commands (返回, 帮助, 取消, 重新开始, 继续, 改 N, 提交) and the same flow.yaml texts.
 *
 * Already answered this period: the answer is shown as the summary to amend, until the deadline; after it,
 * the liaison is told it is closed. A first answer after the deadline is taken and marked late.
 */
import { randomUUID } from 'node:crypto';
import { defineHandler, say, type Handler, type HandlerContext, type Turn } from '../src/core/handler';
import { isAppError } from '../src/core/errors';
import { formatDateZh, parseChineseNumber, parseChoice } from '../src/core/parsers';
import type { DirectoryRepo } from '../src/domain/directory/directory-repo';
import type { MonitoringService } from '../src/domain/monitoring/monitoring-service';
import { deadlineText, periodText } from '../src/domain/monitoring/period-text';
import { ymdInZone } from '../src/domain/calendar/time-zone';
import type { PointRow } from '../src/store/point.model';
import { ask } from './monthly-render';
import { createKit, emptyLists, firstCursorOf, fromAnswers, previousCursor, toAnswers, type Cursor, type MonthlyState } from './monthly-state';
import { atCount, atItem, atMismatch, atRemove, atScalar, toSummary } from './monthly-steps';

export interface MonthlyServices {
  monitoring: MonitoringService;
  directory: DirectoryRepo;
  /** A draft left this long is idle. */
  idleMs: number;
}

/** Bump when MonthlyState's shape changes; a new questionnaire version also discards drafts (see `version`). */
const STATE_SHAPE = 1;

const HELP: Record<Cursor['at'], string> = {
  point: 'flow.step_help',
  count: 'monthly.help_count',
  item: 'monthly.help_item',
  mismatch: 'monthly.help_count',
  remove: 'monthly.help_remove',
  scalar: 'flow.step_help',
  summary: 'flow.summary_hint',
};

export function createMonthlyHandler(services: MonthlyServices): Handler<MonthlyState> {
  const { monitoring, directory } = services;
  const kit = createKit(monitoring.questionnaire);
  const cal = monitoring.calendar;
  const text = (ctx: HandlerContext) => (ctx.inbound.kind === 'text' ? ctx.inbound.text : undefined);
  const vars = (ctx: HandlerContext, s: MonthlyState) => ({ school: s.school, kind: s.kind, period: s.periodLabel, deadline: s.deadlineLabel, word: ctx.commands.words('monthly')[0] });

  const liaisonPoints = async (ctx: HandlerContext): Promise<PointRow[]> => {
    const { channel, userId } = ctx.inbound;
    const person = await directory.findPerson(channel, userId);
    return person?.roles.includes('liaison') ? directory.pointsOfLiaison(channel, userId) : [];
  };

  const blank = (choices: MonthlyState['choices']): MonthlyState => ({
    cursor: { at: 'point' }, choices, pointId: null, school: '', kind: '', period: '', periodLabel: '', deadlineLabel: '',
    declared: {}, lists: emptyLists(), scalars: {}, editing: false, amending: false, draftId: randomUUID(),
  });

  async function openPoint(ctx: HandlerContext, point: PointRow, choices: MonthlyState['choices'], before: string[]): Promise<Turn<MonthlyState>> {
    const period = await monitoring.openPeriod(point, ctx.now);
    const s: MonthlyState = {
      ...blank(choices),
      pointId: point._id,
      school: choices.find((c) => c.id === point._id)?.school ?? point.schoolId,
      kind: point.kind,
      period,
      periodLabel: periodText(ctx.t, cal, period),
      deadlineLabel: deadlineText(cal, period),
    };
    const closed = ctx.now.getTime() >= cal.deadlineEnd(period).getTime();
    const existing = await monitoring.get(point._id, period);
    if (existing && closed) return say(...before, ctx.t('monthly.closed', vars(ctx, s)));
    if (existing) {
      const submittedAt = formatDateZh(ymdInZone(existing.submittedAt, cal.tz));
      const amend = { ...s, ...fromAnswers(existing.answers), amending: true };
      return ask(kit, ctx, amend, { at: 'summary' }, [...before, ctx.t('monthly.amend_intro', { ...vars(ctx, s), submittedAt })]);
    }
    const said = [...before, ctx.t('monthly.intro', { ...vars(ctx, s), document: kit.q.document })];
    if (closed) said.push(ctx.t('monthly.late_note', vars(ctx, s)));
    return ask(kit, ctx, s, firstCursorOf(kit.q.sections[0]!), said);
  }

  async function begin(ctx: HandlerContext, before: string[] = []): Promise<Turn<MonthlyState>> {
    const points = await liaisonPoints(ctx);
    if (points.length === 0) return say(ctx.t('monthly.not_liaison'));
    const choices = await Promise.all(points.map(async (p) => ({ id: p._id, school: (await directory.getOrg(p.schoolId))?.name ?? p.schoolId, kind: p.kind })));
    if (points.length === 1) return openPoint(ctx, points[0]!, choices, before);
    return ask(kit, ctx, blank(choices), { at: 'point' }, before);
  }

  async function atPoint(s: MonthlyState, ctx: HandlerContext): Promise<Turn<MonthlyState>> {
    const t = text(ctx);
    const r = t === undefined ? undefined : parseChoice(t, s.choices.map((c) => ({ value: c.id, labels: [c.school] })));
    if (!r?.ok) {
      const h = r ? r.hint : 'not_text';
      return ask(kit, ctx, s, s.cursor, [ctx.t(`hints.${h}`, r && r.hint === 'out_of_range' ? { min: r.min, max: r.max } : {})]);
    }
    const point = (await liaisonPoints(ctx)).find((p) => p._id === r.value);
    return point ? openPoint(ctx, point, s.choices, []) : say(ctx.t('monthly.not_liaison'));
  }

  async function submit(s: MonthlyState, ctx: HandlerContext): Promise<Turn<MonthlyState>> {
    const v = vars(ctx, s);
    try {
      const by = { channel: ctx.inbound.channel, userId: ctx.inbound.userId };
      const out = await monitoring.submit({ pointId: s.pointId!, period: s.period, answers: toAnswers(kit, s), draftId: s.draftId, by }, ctx.now);
      if (out.kind === 'submitted') return say(ctx.t(out.late ? 'monthly.submitted_late' : 'monthly.submitted', v));
      return say(ctx.t(`monthly.${out.kind}`, v));
    } catch (e) {
      if (isAppError(e, 'validation_failed')) return ask(kit, ctx, s, { at: 'summary' }, [ctx.t('monthly.submit_invalid')]);
      throw e;
    }
  }

  function atSummary(s: MonthlyState, ctx: HandlerContext): Promise<Turn<MonthlyState>> | Turn<MonthlyState> {
    if (ctx.command === 'submit') return submit(s, ctx);
    const t = text(ctx);
    const edit = t === undefined ? undefined : ctx.commands.matchWithArgument(t, ['edit']);
    if (!edit) return ask(kit, ctx, s, s.cursor, [ctx.t('flow.summary_hint')]);
    const n = parseChineseNumber(edit.arg);
    const section = n === null ? undefined : kit.q.sections[n - 1];
    if (!section) return ask(kit, ctx, s, s.cursor, [ctx.t('flow.edit_which', { max: kit.q.sections.length })]);
    return ask(kit, ctx, { ...s, editing: true }, firstCursorOf(section));
  }

  return defineHandler<MonthlyState>({
    id: 'monthly',
    interruptsAs: 'core.name_monthly',
    // A new questionnaire version makes drafts of the old one unusable: they are discarded politely.
    version: kit.q.version * 1000 + STATE_SHAPE,
    idleMs: services.idleMs,
    inGroups: 'private',
    matches: (ctx) => ctx.command === 'monthly',
    start: (ctx) => begin(ctx),
    async step(s, ctx) {
      if (ctx.command === 'cancel') return say(ctx.t('flow.cancelled'));
      if (ctx.command === 'restart') return begin(ctx, [ctx.t('flow.restarted')]);
      if (ctx.command === 'resume' || ctx.command === 'monthly') return ask(kit, ctx, s, s.cursor, [ctx.t('flow.resumed')]);
      if (ctx.command === 'help') return ask(kit, ctx, s, s.cursor, [ctx.t(HELP[s.cursor.at])]);
      if (ctx.command === 'back') {
        if (s.editing) return toSummary(kit, ctx, s);
        const prev = s.cursor.at === 'point' ? undefined : previousCursor(kit, s);
        if (prev) return ask(kit, ctx, s, prev);
        if (s.choices.length > 1 && s.cursor.at !== 'point' && !s.amending) return ask(kit, ctx, s, { at: 'point' });
        return ask(kit, ctx, s, s.cursor, [ctx.t('flow.back_at_first')]);
      }
      const c = s.cursor;
      switch (c.at) {
        case 'point':
          return atPoint(s, ctx);
        case 'count':
          return atCount(kit, ctx, s, c.list);
        case 'item':
          return atItem(kit, ctx, s, c.list, c.index, c.field);
        case 'mismatch':
          return atMismatch(kit, ctx, s, c.list);
        case 'remove':
          return atRemove(kit, ctx, s, c.list);
        case 'scalar':
          return atScalar(kit, ctx, s, c.key);
        case 'summary':
          return atSummary(s, ctx);
      }
    },
  });
}
