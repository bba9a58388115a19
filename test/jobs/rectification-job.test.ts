/** The `rectification` job's schedule: one period a day in Asia/Shanghai, due at 09:00, working days only. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalendar } from '../../src/domain/calendar/working-days';
import { createRectificationJob } from '../../src/jobs/rectification-job';
import { projectRoot } from '../../src/project-root';

const calendar = loadCalendar(readFileSync(join(projectRoot(), 'templates', 'calendar', 'cn-holidays.yaml'), 'utf8'));
const alerts = {
  followRectifications: jest.fn(async () => ({ reminded: 1, escalated: 2, skipped: 0 })),
  flush: jest.fn(async () => ({ messages: 3, folded: 0, waiting: 0 })),
};
const at = (s: string) => new Date(`${s}+08:00`);
const logger = { info() {}, warn() {}, error() {} };

describe('rectification job', () => {
  const job = createRectificationJob({ alerts, calendar, tz: 'Asia/Shanghai' });
  beforeEach(() => jest.clearAllMocks());

  it('runs each day at 09:00 in Shanghai, late until the day ends', () => {
    expect(job.name).toBe('rectification');
    expect(job.cron).toBe('0 9 * * *');
    expect(job.periodOf(at('2026-11-23T09:00:00'))).toBe('2026-11-23');
    expect(job.periodOf(at('2026-11-23T08:59:59'))).toBe('2026-11-22');
    expect(job.dueAt('2026-11-23')).toEqual(at('2026-11-23T09:00:00'));
    expect(job.lateUntil('2026-11-23')).toEqual(at('2026-11-24T00:00:00'));
    expect(() => job.dueAt('2026-11')).toThrow(RangeError);
  });

  it('follows rectifications as of the run time on a working day, and flushes', async () => {
    const r = await job.run({ at: at('2026-11-23T09:00:00'), period: '2026-11-23', late: false, logger });
    expect(alerts.followRectifications).toHaveBeenCalledWith(at('2026-11-23T09:00:00'));
    expect(alerts.flush).toHaveBeenCalled();
    expect(r.counts).toEqual({ reminded: 1, escalated: 2, skipped: 0 });
  });

  it('does nothing on a weekend or a public holiday, and works on a make-up working day', async () => {
    for (const day of ['2026-11-28', '2026-10-01']) {
      expect((await job.run({ at: at(`${day}T09:00:00`), period: day, late: false, logger })).summary).toBe(`${day} is not a working day: nothing followed`);
    }
    expect(alerts.followRectifications).not.toHaveBeenCalled();
    const makeUp = [...calendar.workdays].find((d) => d.startsWith('2026'))!;
    await job.run({ at: at(`${makeUp}T09:00:00`), period: makeUp, late: false, logger });
    expect(alerts.followRectifications).toHaveBeenCalledTimes(1);
  });
});
