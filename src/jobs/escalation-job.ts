/**
 * The `escalation` job: every `escalationEveryMinutes` (default 30) it routes reports a crash left
 * 'submitted', repeats interrupted announcements, escalates alerts past their claim or resolve deadline
 * (escalate-alert.ts), and flushes alert messages that waited for a robot's minute.
 *
 * Period: the slot in the configured zone (Asia/Shanghai), "2026-11-23T10:30"; due at its start, late until
 * its end (a missed slot is simply covered by the next one: deadlines are compared with `at`). The scheduler
 * claims each (job, period) once in the store; the run is idempotent besides (compare-and-set per alert,
 * outbox ids per (alert, level, robot)), so even two runs of one period would escalate nothing twice.
 */
import type { JobDefinition, JobResult } from './job';
import { msOfDayInZone, ymdInZone, zonedInstant } from '../domain/calendar/time-zone';
import { alertConfig, type AlertConfig } from '../domain/alerts/alert-config';
import type { AlertService } from '../domain/alerts/alert-service';

export interface EscalationJobDeps {
  alerts: Pick<AlertService, 'escalateDue' | 'flush'>;
  /** escalationEveryMinutes and tz are read (defaults: 30, Asia/Shanghai). */
  config?: Partial<Pick<AlertConfig, 'escalationEveryMinutes' | 'tz'>>;
}

const PERIOD = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;
const two = (n: number) => String(n).padStart(2, '0');

export function createEscalationJob(deps: EscalationJobDeps): JobDefinition {
  const { escalationEveryMinutes: every, tz } = alertConfig(deps.config);
  const slotMs = every * 60_000;

  const dueAt = (period: string): Date => {
    const m = PERIOD.exec(period);
    if (!m) throw new RangeError(`escalation period must be YYYY-MM-DDTHH:MM, got ${JSON.stringify(period)}`);
    return zonedInstant(m[1]!, (Number(m[2]) * 60 + Number(m[3])) * 60_000, tz);
  };

  return {
    name: 'escalation',
    cron: every === 60 ? '0 * * * *' : `*/${every} * * * *`,
    periodOf(at) {
      const minute = Math.floor(msOfDayInZone(at, tz) / 60_000);
      const slot = minute - (minute % every);
      return `${ymdInZone(at, tz)}T${two(Math.floor(slot / 60))}:${two(slot % 60)}`;
    },
    dueAt,
    lateUntil: (period) => new Date(dueAt(period).getTime() + slotMs),
    async run(ctx): Promise<JobResult> {
      const c = await deps.alerts.escalateDue(ctx.at);
      const f = await deps.alerts.flush();
      const counts = { ...c, messages: f.messages, folded: f.folded, waiting: f.waiting };
      return {
        summary: `escalated ${c.unclaimed} unclaimed and ${c.unresolved} unresolved alerts; routed ${c.routed} stuck reports; ${f.messages} group messages (${f.folded} alerts folded, ${f.waiting} waiting)`,
        counts,
      };
    },
  };
}
