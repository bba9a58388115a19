/**
 * A fresh install stays quiet about the past: started the morning after a monthly deadline it never ran for,
 * it sends no group message and no reminder; an installation that was already running then catches up.
 */
import { startTestApp, removeDir, type TestApp } from '../helpers/start-test-app';

// 09:00 in Shanghai on 1 December: the missing points of November are due to the city groups now.
const MORNING_AFTER = new Date('2026-12-01T01:00:00Z');

async function startedAt(at: Date, dataDir?: string): Promise<TestApp> {
  const t = await startTestApp({ now: () => at, ...(dataDir ? { dataDir } : {}) });
  await t.app.scheduler.catchUp(); // the catch-up at start, awaited
  await t.app.relay.runOnce();
  return t;
}

describe('a fresh install', () => {
  it('sends nothing for periods that fell due before its first start', async () => {
    const t = await startedAt(MORNING_AFTER);
    try {
      expect(t.app.fakeWecom!.sent).toEqual([]);
      expect(await t.app.outbox.list({}, 100)).toEqual([]);
    } finally {
      await t.stop();
      removeDir(t.dataDir);
    }
  });

  it('an installation already running when the deadline passed sends the missing points late', async () => {
    const first = await startedAt(new Date('2026-11-20T02:00:00Z'));
    await first.stop();
    const t = await startedAt(MORNING_AFTER, first.dataDir);
    try {
      const robots = t.app.fakeWecom!.sent.filter((m) => m.kind === 'robot');
      expect(robots.length).toBeGreaterThan(0);
      expect(robots.some((m) => m.content.includes('未提交'))).toBe(true);
    } finally {
      await t.stop();
      removeDir(t.dataDir);
    }
  });
});
