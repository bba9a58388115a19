/** The `escalation` job's schedule: half-hour slots in Asia/Shanghai, due at the start, late until the end. */
import { createEscalationJob } from '../../src/jobs/escalation-job';

const alerts = {
  escalateDue: jest.fn(async () => ({ routed: 1, unclaimed: 2, unresolved: 3, synced: 0, announced: 0 })),
  flush: jest.fn(async () => ({ messages: 4, folded: 0, waiting: 0 })),
};
const at = (s: string) => new Date(`${s}+08:00`);

describe('escalation job', () => {
  const job = createEscalationJob({ alerts });

  it('is named escalation and ticks every 30 minutes', () => {
    expect(job.name).toBe('escalation');
    expect(job.cron).toBe('*/30 * * * *');
  });

  it('has the half-hour slot in Shanghai as its period', () => {
    expect(job.periodOf(at('2026-11-23T10:44:59'))).toBe('2026-11-23T10:30');
    expect(job.periodOf(at('2026-11-23T00:00:00'))).toBe('2026-11-23T00:00');
    expect(job.periodOf(new Date('2026-11-23T15:59:00Z'))).toBe('2026-11-23T23:30');
    expect(job.dueAt('2026-11-23T10:30')).toEqual(at('2026-11-23T10:30:00'));
    expect(job.lateUntil('2026-11-23T10:30')).toEqual(at('2026-11-23T11:00:00'));
    expect(job.periodOf(job.dueAt('2026-11-23T23:30'))).toBe('2026-11-23T23:30');
    expect(() => job.dueAt('2026-11')).toThrow(RangeError);
  });

  it('escalates as of the run time and flushes', async () => {
    const logger = { info() {}, warn() {}, error() {} };
    const r = await job.run({ at: at('2026-11-23T10:30:00'), period: '2026-11-23T10:30', late: false, logger });
    expect(alerts.escalateDue).toHaveBeenCalledWith(at('2026-11-23T10:30:00'));
    expect(alerts.flush).toHaveBeenCalled();
    expect(r.counts).toMatchObject({ routed: 1, unclaimed: 2, unresolved: 3, messages: 4 });
    expect(r.summary).toMatch(/escalated 2 unclaimed and 3 unresolved/);
  });

  it('refuses an interval that does not divide the hour', () => {
    expect(() => createEscalationJob({ alerts, config: { escalationEveryMinutes: 7 } })).toThrow(/divide 60/);
    expect(createEscalationJob({ alerts, config: { escalationEveryMinutes: 60 } }).cron).toBe('0 * * * *');
  });
});
