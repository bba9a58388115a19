/**
 * Two scheduled jobs per survey (templates/surveys/*.yaml), as JobDefinitions for the scheduler:
 * - survey-announce-<id> (period 'YYYY', the round's year): on the opening day at `announce_time`, every
 *   active teacher of the survey's regions gets the announcement with the word that starts the survey.
 *   Late runs until the round closes.
 * - survey-note-<id> (period 'YYYY-MM', the month the note covers): on `note_day` of the next month, for
 *   each round open during that month, the cities and counties whose participation is below the floor are
 *   listed for 通报 to the bureau above them (a county to its city, a city to the region), through its group
 *   robots (or the nearest bureau above that has one). A month with no round sends nothing. Late runs for a
 *   week.
 * Outbox ids derive from (job, period, target): a run redone sends nothing twice.
 */
import { AppError } from '../core/errors';
import type { Commands } from '../core/commands';
import type { OutboundMessage, OutboxPort } from '../core/ports';
import type { Templates } from '../core/templates';
import { addMonthsYmd, ymdInZone, zonedInstant } from '../domain/calendar/time-zone';
import { nearestGroups, type DirectoryRepo } from '../domain/directory/directory-repo';
import type { SurveyDefinition } from '../domain/surveys/survey-config';
import type { RegionParticipation, SurveyRound, SurveyService } from '../domain/surveys/survey-service';
import type { JobDefinition } from './job';

export interface SurveyJobDeps {
  surveys: SurveyService;
  directory: Pick<DirectoryRepo, 'getOrg' | 'ancestors' | 'bureauFor'>;
  outbox: OutboxPort;
  templates: Pick<Templates, 'render'>;
  commands: Commands;
  tz: string;
  now?: () => Date;
}

const WEEK_MS = 7 * 86_400_000;
const msOf = (hhmm: string) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;
const cronAt = (hhmm: string) => `${Number(hhmm.slice(3, 5))} ${Number(hhmm.slice(0, 2))}`;

export function createSurveyJobs(deps: SurveyJobDeps): JobDefinition[] {
  const now = deps.now ?? (() => new Date());
  const word = deps.commands.words('survey')[0];
  if (!word) throw new AppError('config_invalid', 'templates/commands.yaml: no words for "survey" (the word the announcement tells teachers to send)');
  const t = (id: string, vars?: Record<string, unknown>) => deps.templates.render(`survey.${id}`, vars);
  const ymd = (at: Date) => ymdInZone(at, deps.tz);
  return deps.surveys.surveys.flatMap((s) => [announceJob(s), noteJob(s)]);

  function announceJob(s: SurveyDefinition): JobDefinition {
    const dueAt = (period: string) => zonedInstant(`${period}-${s.opens}`, msOf(s.announce_time), deps.tz);
    return {
      name: `survey-announce-${s.id}`,
      cron: `${cronAt(s.announce_time)} ${Number(s.opens.slice(3))} ${Number(s.opens.slice(0, 2))} *`,
      periodOf(at) {
        const y = Number(ymd(at).slice(0, 4));
        return dueAt(String(y)).getTime() <= at.getTime() ? String(y) : String(y - 1);
      },
      dueAt,
      lateUntil: (period) => deps.surveys.round(s, Number(period)).closesAt,
      async run(ctx) {
        const round = deps.surveys.round(s, Number(ctx.period));
        const teachers = await deps.surveys.teachersOf(s);
        const md = (mmdd: string) => ({ m: Number(mmdd.slice(0, 2)), d: Number(mmdd.slice(3)) });
        const text = t('announce', { title: s.title, document: s.document, opens: t('day', md(s.opens)), closes: t('day', md(s.closes)), count: s.questions.length, word });
        const messages: OutboundMessage[] = teachers.map((p) => ({
          id: `survey-announce:${s.id}:${round.year}:${p._id}`,
          destination: { kind: 'user', channel: p.channel, userId: p.userId },
          reply: { kind: 'text', text },
        }));
        await deps.outbox.enqueue(messages, now());
        return { summary: `${s.id} ${round.year}: announced to ${messages.length} teachers`, counts: { teachers: messages.length } };
      },
    };
  }

  function noteJob(s: SurveyDefinition): JobDefinition {
    const dueAt = (period: string) => zonedInstant(addMonthsYmd(`${period}-${String(s.note_day).padStart(2, '0')}`, 1), msOf(s.note_time), deps.tz);
    const monthBefore = (ym: string) => addMonthsYmd(`${ym}-01`, -1).slice(0, 7);
    return {
      name: `survey-note-${s.id}`,
      cron: `${cronAt(s.note_time)} ${s.note_day} * *`,
      periodOf(at) {
        const covered = monthBefore(ymd(at).slice(0, 7));
        return dueAt(covered).getTime() <= at.getTime() ? covered : monthBefore(covered);
      },
      dueAt,
      lateUntil: (period) => new Date(dueAt(period).getTime() + WEEK_MS),
      async run(ctx) {
        const start = zonedInstant(`${ctx.period}-01`, 0, deps.tz);
        const end = zonedInstant(addMonthsYmd(`${ctx.period}-01`, 1), 0, deps.tz);
        const round = deps.surveys.round(s, Number(ctx.period.slice(0, 4)));
        const during = round.opensAt < end && round.closesAt > start && round.opensAt <= ctx.at;
        if (!during) return { summary: `${ctx.period}: no round of ${s.id} was open`, counts: { below: 0, notes: 0 } };
        const below: RegionParticipation[] = [];
        for (const top of await deps.surveys.topsOf(s)) below.push(...(await deps.surveys.participation(round, top)).filter((r) => r.below));
        const messages = await notes(s, round, ctx.period, ctx.at, below);
        await deps.outbox.enqueue(messages, now());
        return { summary: `${ctx.period}: ${below.length} regions below ${s.floor_percent}%, ${messages.length} notes`, counts: { below: below.length, notes: messages.length } };
      },
    };
  }

  async function notes(s: SurveyDefinition, round: SurveyRound, period: string, at: Date, below: RegionParticipation[]): Promise<OutboundMessage[]> {
    const byParent = new Map<string, RegionParticipation[]>();
    for (const r of below) {
      const above = r.org.parentId ? await deps.directory.bureauFor(r.org.parentId) : null;
      if (!above) continue;
      byParent.set(above._id, [...(byParent.get(above._id) ?? []), r]);
    }
    const messages: OutboundMessage[] = [];
    for (const [parentId, regions] of byParent) {
      const to = await nearestGroups(deps.directory, parentId);
      if (!to) continue;
      const text = t('note', {
        title: s.title,
        document: s.document,
        period: t('month', { y: Number(period.slice(0, 4)), m: Number(period.slice(5, 7)) }),
        floor: s.floor_percent,
        regions: regions.map((r, i) => ({ n: i + 1, name: r.org.name, participants: r.participants, teachers: r.teachers, rate: `${Math.round((r.rate ?? 0) * 1000) / 10}%`, open: at < round.closesAt })),
      });
      to.destinations.forEach((destination, i) => messages.push({ id: `survey-note:${s.id}:${period}:${parentId}:${i}`, destination, reply: { kind: 'text', text } }));
    }
    return messages;
  }
}
