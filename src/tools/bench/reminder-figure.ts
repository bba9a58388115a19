/**
 * The reminder of the 25th to 10,000 liaisons (a directory of that many points, one liaison each), run through
 * the admin API against the demo's stand-in WeCom API: how long the admin call takes to answer (goal: at
 * once), how long from the job's start until every reminder was handed to the API (goal < 30 s), and that
 * each liaison got exactly one. Waits at most BENCH_REMINDER_WAIT_S (default 60) for the last; when that is
 * not enough, the time is extrapolated from the rate seen and marked so.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { atMost, info, type Figure, type FigureLine } from './figure';
import { benchDataDir, startBenchApp } from './bench-app';
import { writeBenchDirectory } from './bench-directory';

const LIAISONS = Number(process.env.BENCH_REMINDERS || 10_000);
const WAIT_S = Number(process.env.BENCH_REMINDER_WAIT_S || 60);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

export const reminderFigure: Figure = {
  name: 'reminder',
  async run() {
    const data = benchDataDir();
    try {
      mkdirSync(join(data.dir, 'files'));
      const directory = writeBenchDirectory(join(data.dir, 'files'), LIAISONS);
      const app = await startBenchApp(join(data.dir, 'store'), { DIRECTORY: directory.path, ADMIN_TOKEN });
      try {
        const fake = app.fakeWecom!;
        const liaisons = new Set(directory.liaisons);
        const recipients = () => fake.sent.filter((m) => m.kind === 'app').flatMap((m) => m.to.split('|')).filter((to) => liaisons.has(to));
        const t0 = performance.now();
        const res = await fetch(`${app.url}/admin/jobs/monthly-reminder/run`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        const answeredS = (performance.now() - t0) / 1000;
        if (!res.ok) throw new Error(`admin run answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
        while (recipients().length < LIAISONS && performance.now() - t0 < WAIT_S * 1000) await new Promise((r) => setTimeout(r, 100));
        const elapsedS = (performance.now() - t0) / 1000;
        const got = recipients();
        const distinct = new Set(got).size;
        const allS = distinct >= LIAISONS ? elapsedS : (elapsedS - answeredS) * (LIAISONS / Math.max(1, distinct)) + answeredS;
        const out: FigureLine[] = [
          atMost(`25th: the admin run answers (${LIAISONS} liaisons)`, answeredS, 1, 's'),
          { ...atMost(`25th: ${LIAISONS} reminders handed to the WeCom API, from the job's start`, allS, 30, 's'), ...(distinct < LIAISONS ? { measured: `~${allS.toFixed(0)} s (${distinct} in ${elapsedS.toFixed(0)} s)` } : {}) },
          { figure: '25th: liaisons reminded more than once', measured: String(got.length - distinct), goal: '0', met: got.length === distinct },
          info('25th: message/send calls', String(fake.calls.filter((c) => c.endpoint === 'app').length)),
        ];
        return out;
      } finally {
        await app.stop();
      }
    } finally {
      data.remove();
    }
  },
};
