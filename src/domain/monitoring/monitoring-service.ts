/**
 * The observation points' answers: filing and amending them, which points have not answered, and the
 * period's summary and export.
 *
 * Decisions:
 * - One answer per (point, period), `_id` = `<pointId>:<period>`. Submitting again before the deadline is an
 *   amendment: the answers are replaced, `amendments` records when and by whom, and the first submission's
 *   time and on-time status stay (amending does not make an on-time answer late, nor a late one on time).
 * - After the deadline a FIRST answer is accepted and marked late: a late table is worth more to the bureau
 *   than none. An AMENDMENT after the deadline is refused ('closed'): by then the missing list has gone to
 *   the city bureaus and the figures may have been reported upward, so a silent change would make them
 *   disagree with what was reported; the liaison is told to contact the city bureau instead.
 * - The same chat draft submitted twice (a retried message) is 'already', not a second amendment.
 * - Which points answer a period: the active points of the school year the period falls in (points are
 *   designated per school year); an answer from a point outside that list still counts in the summary.
 */
import { AppError, isAppError } from '../../core/errors';
import type { PlatformId } from '../../core/message';
import type { Templates } from '../../core/templates';
import type { StoreEngine } from '../../store/collection';
import { monthlyAnswerId, monthlyAnswerModel, type MonthlyAnswerRow } from '../../store/monthly-answer.model';
import { personKey } from '../../store/person.model';
import { pointModel, type PointRow } from '../../store/point.model';
import type { DirectoryRepo } from '../directory/directory-repo';
import { createMonitoringCalendar, type MonitoringCalendar } from './monitoring-calendar';
import type { RegionSchedule } from './monitoring-schedule';
import { buildMonitoringWorkbook } from './monthly-export';
import { validateAnswers } from './monthly-answers';
import { summarise, type MonitoringSummary } from './monthly-summary';
import { describePoints, type PointInfo } from './point-info';
import type { Questionnaire } from './questionnaire';

export interface MonitoringServiceDeps {
  store: StoreEngine;
  directory: DirectoryRepo;
  schedule: RegionSchedule;
  questionnaire: Questionnaire;
  /** The export's headings (templates/messages/monthly.yaml). */
  templates: Templates;
  /** The schedule's time zone (TZ_SCHEDULE); default Asia/Shanghai. */
  tz?: string;
  /** Called after an answer is submitted or amended (monthly-findings.ts files what breaks a rule); must not throw. */
  afterSubmit?: (row: MonthlyAnswerRow, at: Date) => Promise<unknown>;
}

export interface SubmitInput {
  pointId: string;
  period: string;
  /** Checked by validateAnswers. */
  answers: unknown;
  draftId: string;
  by: { channel: PlatformId; userId: string };
}

export type SubmitOutcome =
  | { kind: 'submitted'; late: boolean; row: MonthlyAnswerRow }
  | { kind: 'amended'; row: MonthlyAnswerRow }
  /** This draft was submitted before: nothing changed. */
  | { kind: 'already'; row: MonthlyAnswerRow }
  /** An amendment after the deadline: refused. */
  | { kind: 'closed'; deadline: string }
  /** The person is not (any more) the point's liaison. */
  | { kind: 'not_liaison' };

export interface MonitoringService {
  readonly calendar: MonitoringCalendar;
  readonly questionnaire: Questionnaire;
  /**
   * The period a liaison answers now: the current one, except before its reminder while the point's answer
   * for the previous period is missing: then the previous one (the answer will be marked late).
   */
  openPeriod(point: PointRow, now: Date): Promise<string>;
  get(pointId: string, period: string): Promise<MonthlyAnswerRow | null>;
  submit(input: SubmitInput, now: Date): Promise<SubmitOutcome>;
  /** The points that answer this period, described (liaison or why none). */
  pointsFor(period: string): Promise<PointInfo[]>;
  answersOf(period: string): Promise<MonthlyAnswerRow[]>;
  /** Points that have not answered the period, those without a liaison included (with the reason). */
  missingPoints(period: string): Promise<PointInfo[]>;
  summary(period: string): Promise<MonitoringSummary>;
  /** The summary as an .xlsx in the spirit of 附件2: a summary sheet, then one sheet per city. */
  exportXlsx(period: string): Promise<Buffer>;
}

export function createMonitoringService(deps: MonitoringServiceDeps): MonitoringService {
  const rows = deps.store.collection(monthlyAnswerModel);
  const points = deps.store.collection(pointModel);
  const calendar = createMonitoringCalendar(deps.schedule, deps.tz);
  const questionnaire = { id: deps.questionnaire.id, version: deps.questionnaire.version };

  const checkPeriod = (period: string) => {
    if (!calendar.isPeriod(period)) throw new AppError('bad_request', `period must be ${deps.schedule.cycle === 'monthly' ? 'YYYY-MM' : 'YYYY'}`);
  };
  const get = (pointId: string, period: string) => rows.findOne({ _id: monthlyAnswerId(pointId, period) });

  const isLiaisonOf = async (pointId: string, by: SubmitInput['by']) => {
    const person = await deps.directory.findPerson(by.channel, by.userId);
    if (!person?.roles.includes('liaison')) return false;
    return (await deps.directory.pointsOfLiaison(by.channel, by.userId)).some((p) => p._id === pointId);
  };

  async function amend(row: MonthlyAnswerRow, input: SubmitInput, answers: MonthlyAnswerRow['answers'], now: Date): Promise<SubmitOutcome> {
    if (row.draftId === input.draftId || row.amendments.some((a) => a.draftId === input.draftId)) return { kind: 'already', row };
    if (now.getTime() >= calendar.deadlineEnd(input.period).getTime()) return { kind: 'closed', deadline: calendar.deadlineYmd(input.period) };
    const amendment = { at: now, by: personKey(input.by.channel, input.by.userId), draftId: input.draftId };
    await rows.updateOne({ _id: row._id }, { $set: { answers, questionnaire, updatedAt: now }, $push: { amendments: amendment } });
    const amended = (await rows.findOne({ _id: row._id }))!;
    await deps.afterSubmit?.(amended, now);
    return { kind: 'amended', row: amended };
  }

  const pointsFor = async (period: string) => {
    checkPeriod(period);
    const active = await deps.directory.activePoints(calendar.schoolYearOf(period));
    return describePoints(deps.directory, active);
  };
  const answersOf = (period: string) => {
    checkPeriod(period);
    return rows.find({ period }, { sort: { pointId: 1 } });
  };

  async function summary(period: string): Promise<MonitoringSummary> {
    const [infos, answers] = await Promise.all([pointsFor(period), answersOf(period)]);
    const known = new Set(infos.map((i) => i.point._id));
    const strays = answers.filter((a) => !known.has(a.pointId)).map((a) => a.pointId);
    const extra = strays.length > 0 ? await describePoints(deps.directory, await points.find({ _id: { $in: strays } }, { sort: { _id: 1 } })) : [];
    return summarise({ period, deadline: calendar.deadlineYmd(period), questionnaire, points: [...infos, ...extra], answers });
  }

  return {
    calendar,
    questionnaire: deps.questionnaire,
    async openPeriod(point, now) {
      const current = calendar.periodAt(now);
      const previous = calendar.shift(current, -1);
      const beforeReminder = now.getTime() < calendar.reminderAt(current).getTime();
      if (beforeReminder && calendar.schoolYearOf(previous) === point.schoolYear && !(await get(point._id, previous))) return previous;
      return current;
    },
    get,
    async submit(input, now) {
      checkPeriod(input.period);
      const answers = validateAnswers(input.answers);
      if (!(await isLiaisonOf(input.pointId, input.by))) return { kind: 'not_liaison' };
      const existing = await get(input.pointId, input.period);
      if (existing) return amend(existing, input, answers, now);
      const point = await points.findOne({ _id: input.pointId });
      if (!point) return { kind: 'not_liaison' };
      const late = now.getTime() >= calendar.deadlineEnd(input.period).getTime();
      const row: MonthlyAnswerRow = {
        _id: monthlyAnswerId(input.pointId, input.period),
        pointId: input.pointId,
        schoolId: point.schoolId,
        period: input.period,
        questionnaire,
        answers,
        submittedBy: personKey(input.by.channel, input.by.userId),
        submittedAt: now,
        late,
        draftId: input.draftId,
        amendments: [],
        createdAt: now,
        updatedAt: now,
      };
      try {
        const inserted = await rows.insertOne(row);
        await deps.afterSubmit?.(inserted, now);
        return { kind: 'submitted', late, row: inserted };
      } catch (e) {
        // Submitted in between (another message of the same liaison): that one is the first; this amends it.
        if (!isAppError(e, 'duplicate_key')) throw e;
        return amend((await get(input.pointId, input.period))!, input, answers, now);
      }
    },
    pointsFor,
    answersOf,
    async missingPoints(period) {
      const [infos, answers] = await Promise.all([pointsFor(period), answersOf(period)]);
      const answered = new Set(answers.map((a) => a.pointId));
      return infos.filter((i) => !answered.has(i.point._id));
    },
    summary,
    exportXlsx: async (period) => buildMonitoringWorkbook(await summary(period), deps.templates, calendar),
  };
}
