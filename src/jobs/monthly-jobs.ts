/**
 * The three scheduled jobs of the monitoring, as JobDefinitions for the scheduler (src/jobs/job.ts):
 * - monthly-reminder (period 'YYYY-MM'): every liaison of an active point that has not answered yet gets the
 *   reminder with the word that starts the questionnaire; points without a reachable liaison are listed to
 *   their city bureau's group the same morning (nobody else would notice). Late runs until the deadline.
 * - monthly-followup (period '<YYYY-MM>@<day>', one per follow-up day, so each is claimed once): to the
 *   liaisons of points that have not answered. Late runs until the deadline; after it, follow-ups are moot.
 * - monthly-deadline (period 'YYYY-MM', the morning after the deadline): per city, the points that did not
 *   answer, those without a liaison included with the reason, to the city bureau's group robots (or the
 *   nearest bureau above that has one). Late runs for `missingListLateDays` days only, so that a fresh
 *   install does not tell bureaus about a month nobody was reminded of.
 * Liaisons are told in ONE text for all (no name, no school: who answers picks the school in chat), each
 * liaison once however many points they look after, so that a platform that takes many recipients per call
 * (the WeCom app's touser, BATCH_SEND_MAX) gets rows of up to that many; the others a row per liaison.
 * Outbox ids derive from (job, period, target): a liaison's row from their first point, a batch from its
 * place in the liaisons ordered by that point. The batches of a run are queued in one write, so a run redone
 * after a crash finds all of them queued or none, and sends nothing twice. A refused send is retried by the
 * outbox relay and, when final, shown with its reason in GET /admin/outbox (a batch's members that WeCom did
 * not deliver to as rows of their own, `<batch>/<point>`).
 */
import { AppError } from '../core/errors';
import type { Commands } from '../core/commands';
import type { OutboundMessage, OutboxPort } from '../core/ports';
import type { Templates } from '../core/templates';
import type { JobDefinition, JobRunContext } from './job';
import { splitSlot } from '../domain/monitoring/monitoring-calendar';
import type { MonitoringService } from '../domain/monitoring/monitoring-service';
import type { MonthlyFindings } from '../domain/monitoring/monthly-findings';
import { deadlineText, periodText } from '../domain/monitoring/period-text';
import { byCity, type PointInfo } from '../domain/monitoring/point-info';
import { groupDestinations, nearestGroups, type DirectoryRepo } from '../domain/directory/directory-repo';
import type { PersonRow } from '../store/person.model';
import { BATCH_SEND_MAX, type PlatformId } from '../core/channels';

export interface MonthlyJobDeps {
  monitoring: MonitoringService;
  directory: DirectoryRepo;
  outbox: OutboxPort;
  templates: Templates;
  /** For the word that starts the questionnaire (the first word of `monthly` in commands.yaml). */
  commands: Commands;
  /** The enqueue time; default the real clock. */
  now?: () => Date;
  /** Looks at every answer of the period again after the deadline (files what an earlier attempt missed). */
  findings?: Pick<MonthlyFindings, 'file'>;
  /** Days after its due time a missed missing-list run still goes out (default 3: a long weekend). */
  missingListLateDays?: number;
}

/** A person's id on a platform: their own account, or the same person's id there (alsoKnownAs). */
function idOn(person: PersonRow, platform: PlatformId): string[] {
  if (person.channel === platform) return [person.userId];
  const prefix = `${platform}:`;
  return (person.alsoKnownAs ?? []).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/** Rows queued per write (and per progress report) by a long job. */
const ENQUEUE_CHUNK = 1000;

const DAY_MS = 86_400_000;

export function createMonthlyJobs(deps: MonthlyJobDeps): JobDefinition[] {
  const cal = deps.monitoring.calendar;
  const now = deps.now ?? (() => new Date());
  const word = deps.commands.words('monthly')[0];
  if (!word) throw new AppError('config_invalid', 'templates/commands.yaml: no words for "monthly" (the word the reminder tells liaisons to send)');
  const t = (id: string, vars?: Record<string, unknown>) => deps.templates.render(`monthly.${id}`, vars);
  const texts = (period: string) => ({ period: periodText((id, v) => deps.templates.render(id, v), cal, period), deadline: deadlineText(cal, period), word });

  /** The latest slot due at or before `at`: a tick on a day with nothing due names a period already claimed. */
  const latest = (at: Date, slotsOf: (period: string) => Array<{ period: string; dueAt: Date }>) => {
    const current = cal.periodAt(at);
    const slots = [-2, -1, 0].flatMap((n) => slotsOf(cal.shift(current, n))).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return [...slots].reverse().find((s) => s.dueAt.getTime() <= at.getTime())?.period ?? slots[0]!.period;
  };
  const followupSlot = (slot: string) => {
    const { period, key } = splitSlot(slot);
    const found = key === undefined ? undefined : cal.followups(period).find((s) => s.period === slot);
    if (!found) throw new RangeError(`not a follow-up period: ${JSON.stringify(slot)}`);
    return { ...found, base: period };
  };
  /**
   * One message per liaison of `due` (the same text for all), each liaison once: batches where their
   * platform takes many recipients, ids `<prefix>:<platform>:<n>`; a row each elsewhere, `<prefix>:<point>`.
   * Liaisons are ordered by their first point, so a batch's members follow from the directory alone.
   */
  function toLiaisons(idPrefix: string, due: readonly PointInfo[], text: string): { batches: OutboundMessage[]; singles: OutboundMessage[]; liaisons: number } {
    const byPerson = new Map<string, { ref: string; person: PersonRow }>();
    for (const info of [...due].sort((a, b) => (a.point._id < b.point._id ? -1 : a.point._id > b.point._id ? 1 : 0))) {
      const person = info.liaison!;
      const key = `${person.channel}:${person.userId}`;
      if (!byPerson.has(key)) byPerson.set(key, { ref: info.point._id, person });
    }
    const reply = { kind: 'text' as const, text };
    const batches: OutboundMessage[] = [];
    const singles: OutboundMessage[] = [];
    const perPlatform = new Map<PlatformId, Array<{ ref: string; person: PersonRow }>>();
    for (const l of byPerson.values()) perPlatform.set(l.person.channel, [...(perPlatform.get(l.person.channel) ?? []), l]);
    for (const [platform, liaisons] of perPlatform) {
      const max = BATCH_SEND_MAX[platform];
      if (max <= 1) {
        for (const l of liaisons) singles.push({ id: `${idPrefix}:${l.ref}`, destination: { kind: 'user', channel: platform, userId: l.person.userId }, reply });
        continue;
      }
      for (let i = 0; i < liaisons.length; i += max) {
        const chunk = liaisons.slice(i, i + max);
        batches.push({ id: `${idPrefix}:${platform}:${i / max}`, destination: { kind: 'users', channel: platform, userIds: chunk.map((l) => l.person.userId), refs: chunk.map((l) => l.ref) }, reply });
      }
    }
    return { batches, singles, liaisons: byPerson.size };
  }
  const pointVars = (infos: PointInfo[]) =>
    infos.map((p, i) => ({ n: i + 1, school: p.schoolName, kind: p.kind, liaison: p.liaison?.name, reason: p.missingReason ? t(`reason_${p.missingReason}`) : '' }));

  /** One message per group robot of each city's bureau; counts the cities nobody can be told about. */
  async function toCities(ctx: JobRunContext, idPrefix: string, groups: Array<{ city: PointInfo['city']; text: string }>) {
    const messages: OutboundMessage[] = [];
    let unreachable = 0;
    for (const g of groups) {
      const to = await nearestGroups(deps.directory, g.city.id);
      if (!to || to.destinations.length === 0) {
        unreachable += 1;
        ctx.logger.warn({ period: ctx.period, cityId: g.city.id }, 'monitoring: no group robot for this city or above it; notice not sent');
        continue;
      }
      to.destinations.forEach((destination, i) => messages.push({ id: `${idPrefix}:${g.city.id}:${i}`, destination, reply: { kind: 'text', text: g.text } }));
    }
    return { messages, unreachable };
  }

  /**
   * The liaison group of each city (its directory's liaison_groups) is told too, @-mentioning every liaison
   * of the city still missing, by their id on that group's platform; a city whose liaisons all answered, or
   * that has no liaison group, gets nothing.
   */
  async function toLiaisonGroups(idPrefix: string, due: readonly PointInfo[], text: (city: PointInfo['city'], n: number) => string): Promise<OutboundMessage[]> {
    const messages: OutboundMessage[] = [];
    for (const g of byCity(due.filter((i) => i.liaison))) {
      const city = await deps.directory.getOrg(g.city.id);
      const liaisons = g.points.map((i) => i.liaison!);
      (city ? groupDestinations(city, 'liaisonGroups') : []).forEach((destination, i) => {
        const mentions = [...new Set(liaisons.flatMap((p) => idOn(p, destination.channel)))];
        messages.push({ id: `${idPrefix}:${g.city.id}:${i}`, destination, reply: { kind: 'text', text: text(g.city, liaisons.length), mentions } });
      });
    }
    return messages;
  }

  /**
   * The batches first, in one write (all of a run's or none: their ids are positions); then the other
   * messages a chunk at a time, its progress kept on the run's claim.
   */
  async function enqueueAll(ctx: JobRunContext, batches: OutboundMessage[], messages: OutboundMessage[], counts: Record<string, number>): Promise<void> {
    const toQueue = batches.length + messages.length;
    if (batches.length > 0) await deps.outbox.enqueue(batches, now());
    ctx.progress?.({ ...counts, queued: batches.length, toQueue });
    for (let i = 0; i < messages.length; i += ENQUEUE_CHUNK) {
      await deps.outbox.enqueue(messages.slice(i, i + ENQUEUE_CHUNK), now());
      ctx.progress?.({ ...counts, queued: batches.length + Math.min(messages.length, i + ENQUEUE_CHUNK), toQueue });
    }
  }

  const reminder: JobDefinition = {
    name: 'monthly-reminder',
    cron: cal.crons().reminder,
    periodOf: (at) => latest(at, (p) => [{ period: p, dueAt: cal.reminderAt(p) }]),
    dueAt: (p) => cal.reminderAt(p),
    lateUntil: (p) => cal.deadlineEnd(p),
    async run(ctx) {
      const p = ctx.period;
      const [infos, answers] = await Promise.all([deps.monitoring.pointsFor(p), deps.monitoring.answersOf(p)]);
      const answered = new Set(answers.map((a) => a.pointId));
      const v = texts(p);
      const due = infos.filter((i) => i.liaison && !answered.has(i.point._id));
      const sends = toLiaisons(`monthly-reminder:${p}`, due, t('reminder', v));
      const orphans = byCity(infos.filter((i) => !i.liaison && !answered.has(i.point._id)));
      const notices = await toCities(ctx, `monthly-reminder:${p}:no-liaison`, orphans.map((g) => ({ city: g.city, text: t('no_liaison_notice', { ...v, city: g.city.name, points: pointVars(g.points) }) })));
      const groupPosts = await toLiaisonGroups(`monthly-reminder:${p}:liaison-group`, due, (city, n) => t('reminder_group', { ...v, city: city.name, count: n }));
      await enqueueAll(ctx, sends.batches, [...sends.singles, ...notices.messages, ...groupPosts], { points: infos.length });
      const counts = {
        points: infos.length,
        reminded: sends.liaisons,
        batches: sends.batches.length,
        alreadyAnswered: answered.size,
        withoutLiaison: orphans.reduce((n, g) => n + g.points.length, 0),
        unreachableCities: notices.unreachable,
      };
      return { summary: `${p}: ${counts.reminded} liaisons reminded (${counts.batches} batches), ${counts.withoutLiaison} points without a liaison reported, ${counts.unreachableCities} cities unreachable`, counts };
    },
  };

  const followup: JobDefinition = {
    name: 'monthly-followup',
    cron: cal.crons().followup,
    periodOf: (at) => latest(at, (p) => cal.followups(p)),
    dueAt: (slot) => followupSlot(slot).dueAt,
    lateUntil: (slot) => cal.deadlineEnd(followupSlot(slot).base),
    cycleBeganAt: (slot) => cal.reminderAt(followupSlot(slot).base),
    async run(ctx) {
      const slot = followupSlot(ctx.period);
      const missing = await deps.monitoring.missingPoints(slot.base);
      const v = texts(slot.base);
      const template = slot.lastDay ? 'followup_last_day' : 'followup';
      const sends = toLiaisons(`monthly-followup:${ctx.period}`, missing.filter((i) => i.liaison), t(template, v));
      const groupPosts = await toLiaisonGroups(`monthly-followup:${ctx.period}:liaison-group`, missing, (city, n) => t(`${template}_group`, { ...v, city: city.name, count: n }));
      await enqueueAll(ctx, sends.batches, [...sends.singles, ...groupPosts], { missing: missing.length });
      const counts = { missing: missing.length, followedUp: sends.liaisons, batches: sends.batches.length };
      return { summary: `${ctx.period}: ${sends.liaisons} liaisons of points that have not answered followed up (${sends.batches.length} batches)`, counts };
    },
  };

  const lateDays = deps.missingListLateDays ?? 3;
  const deadline: JobDefinition = {
    name: 'monthly-deadline',
    cron: cal.crons().deadline,
    periodOf: (at) => latest(at, (p) => [{ period: p, dueAt: cal.missingReportAt(p) }]),
    dueAt: (p) => cal.missingReportAt(p),
    lateUntil: (p) => new Date(cal.missingReportAt(p).getTime() + lateDays * DAY_MS),
    cycleBeganAt: (p) => cal.reminderAt(p),
    async run(ctx) {
      const p = ctx.period;
      const [infos, answers] = await Promise.all([deps.monitoring.pointsFor(p), deps.monitoring.answersOf(p)]);
      const answered = new Set(answers.map((a) => a.pointId));
      const v = texts(p);
      const cities = byCity(infos)
        .map((g) => ({ city: g.city, total: g.points.length, missing: g.points.filter((i) => !answered.has(i.point._id)) }))
        .filter((g) => g.missing.length > 0);
      const sent = await toCities(
        ctx,
        `monthly-deadline:${p}`,
        cities.map((g) => ({ city: g.city, text: t('missing_list', { ...v, city: g.city.name, total: g.total, count: g.missing.length, points: pointVars(g.missing) }) })),
      );
      await deps.outbox.enqueue(sent.messages, now());
      let findings = 0;
      for (const a of deps.findings ? answers : []) findings += (await deps.findings!.file(a, ctx.at)).length;
      const missing = cities.reduce((n, g) => n + g.missing.length, 0);
      const counts = { points: infos.length, missing, cities: cities.length, messages: sent.messages.length, unreachableCities: sent.unreachable, findings };
      return { summary: `${p}: ${missing} of ${infos.length} points did not answer; lists for ${cities.length} cities, ${sent.unreachable} unreachable`, counts };
    },
  };

  return [reminder, followup, deadline];
}
