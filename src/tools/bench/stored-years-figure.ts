/**
 * Officials' and teachers' queries with years of cases stored: 20,000 cases (each with its alert) and 200,000
 * inbox rows. One real 举报 is filed through the WeCom protocol; its report, alert and inbox rows are the
 * pattern of the rest (other case numbers, reporters, bureaus, statuses and dates over three years), written
 * through the store port. Then the app is restarted on that data, as a process of its own, and measured, each over the real protocol
 * from one client at a time: 我的反映 (a teacher with 10 cases), 待办 (the county's official, about 1,000 open
 * cases below it) and 查看 of a case (p99 < 50 ms each); the escalation job over 1,000 due alerts (< 5 s); the
 * start until /readyz answers ready and the first answer after it; the process's RSS (< 300 MB).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { atMost, info, type Figure, type FigureLine } from './figure';
import { benchDataDir, startBenchApp } from './bench-app';
import { spawnBenchServer } from './bench-server-process';
import { DEMO_WECOM } from '../../config';
import type { RunningApp } from '../../main';
import type { Collection, Doc } from '../../store/collection';
import { alertModel, type AlertRow } from '../../store/alert.model';
import { inboxModel, type InboxRow } from '../../store/inbox.model';
import { reportModel, type ReportRow } from '../../store/report.model';
import { createWecomPeer } from '../wecom-peer';

const CASES = Number(process.env.BENCH_CASES || 20_000);
const INBOX_ROWS = Number(process.env.BENCH_INBOX_ROWS || 200_000);
const DUE = Number(process.env.BENCH_DUE_ALERTS || 1_000);
const SAMPLES = Number(process.env.BENCH_QUERY_SAMPLES || 200);
const MINE = 10;
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const TEACHER = 'zhaoyan';
const OFFICIAL = 'demo-official';
const DAY_MS = 86_400_000;
const CHUNK = 1_000;

/** A hex digest like the HMACs the reports keep (draft, receipt and reporter keys). */
const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? NaN;
}

async function insertInChunks<T extends Doc>(rows: Collection<T>, count: number, make: (i: number) => T): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => make(start + k));
    const inserted = await rows.insertMany(batch);
    if (inserted !== batch.length) throw new Error(`seeding ${count} rows: ${batch.length - inserted} of a batch were refused`);
  }
}

/** Files one case the way a teacher does, and stores the rest after its pattern. Returns a case to look at. */
async function seed(app: RunningApp): Promise<{ caseNumbers: string[] }> {
  const peer = createWecomPeer({ url: app.url, ...DEMO_WECOM });
  for (const text of ['举报', '某街道办', '要求教师上街执勤', '昨天', '某路口', '跳过', '跳过', '否']) await peer.say(TEACHER, text, new Date());
  const filed = (await peer.say(TEACHER, '提交', new Date())).replyText ?? '';
  const caseNumber = filed.match(/NX-\d{4}-\d{6}/)?.[0];
  if (!caseNumber) throw new Error(`the 举报 was not filed: ${filed.slice(0, 200)}`);
  const reports = app.store.collection(reportModel);
  const alerts = app.store.collection(alertModel);
  const inbox = app.store.collection(inboxModel);
  const report = (await reports.findOne({ _id: caseNumber }))!;
  const [alert] = await alerts.find({ caseNumber });
  const [done] = await inbox.find({ status: 'done' }, { limit: 1 });
  if (!alert || !done || !report.routedTo) throw new Error('the filed case has no alert, route or inbox row to copy');
  const now = Date.now();
  const numberOf = (i: number): string => `NX-2024-${String(500_000 + i).padStart(6, '0')}`;
  const bureaus = [report.routedTo, 'bench-bureau-a', 'bench-bureau-b', 'bench-bureau-c', 'bench-bureau-d'];
  // Case i: the first DUE are open at the official's bureau with their claim deadline past; of the rest a fifth
  // are the official's bureau's.
  const statusOf = (i: number): ReportRow['status'] => (i < DUE ? 'routed' : i % 3 === 0 ? 'claimed' : i % 3 === 1 ? 'resolved' : 'routed');
  const createdOf = (i: number): Date => new Date(now - 2 * DAY_MS - ((i * 7919) % (3 * 365)) * DAY_MS - (i % 86_400) * 1000);
  await insertInChunks(reports, CASES, (i) => ({
    ...report,
    _id: numberOf(i),
    caseNumber: numberOf(i),
    draftKey: hex(`draft ${i}`),
    receiptHash: hex(`receipt ${i}`),
    reporterHash: i < MINE - 1 ? report.reporterHash : hex(`reporter ${i % 2_000}`),
    routedTo: i < DUE ? report.routedTo : bureaus[i % bureaus.length]!, // a due alert's case is where its alert is
    status: statusOf(i),
    createdAt: createdOf(i),
    updatedAt: createdOf(i),
  }));
  await insertInChunks(alerts, CASES, (i) => {
    const { claimDeadline: _c, resolveDeadline: _r, ...rest } = alert;
    const open = statusOf(i) === 'routed';
    return {
      ...rest,
      _id: `${numberOf(i)}:bench`,
      caseNumber: numberOf(i),
      status: open ? 'open' : statusOf(i) === 'claimed' ? 'claimed' : 'resolved',
      ...(open ? { claimDeadline: new Date(i < DUE ? now - DAY_MS : now + 2 * DAY_MS) } : {}),
      ...(statusOf(i) === 'claimed' ? { resolveDeadline: new Date(now + 10 * DAY_MS) } : {}),
      createdAt: createdOf(i),
      updatedAt: createdOf(i),
    } as AlertRow;
  });
  await insertInChunks(inbox, INBOX_ROWS, (i) => ({ ...done, _id: `wecom:bench-${i}`, receivedAt: new Date(now - (i % 3 * DAY_MS)) }) as InboxRow);
  const mineRouted = Array.from({ length: 50 }, (_, k) => numberOf(k * bureaus.length));
  return { caseNumbers: [caseNumber, ...mineRouted] };
}

async function timeReplies(url: string, user: string, texts: (i: number) => string, expect: RegExp): Promise<number[]> {
  const peer = createWecomPeer({ url, ...DEMO_WECOM });
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const reply = (await peer.say(user, texts(i), new Date())).replyText ?? '';
    samples.push(performance.now() - t0);
    if (!expect.test(reply)) throw new Error(`${texts(i)} from ${user}: unexpected answer ${reply.slice(0, 160)}`);
  }
  return samples;
}

export const storedYearsFigure: Figure = {
  name: 'stored-years',
  async run() {
    const data = benchDataDir();
    const dir = join(data.dir, 'store');
    try {
      const app = await startBenchApp(dir, { ADMIN_TOKEN });
      const t0 = performance.now();
      const { caseNumbers } = await seed(app).finally(() => app.stop());
      const seededS = (performance.now() - t0) / 1000;

      // Restarted as a process of its own: its memory is the server's alone, and so are its answers' times.
      const server = await spawnBenchServer(dir, { ADMIN_TOKEN });
      const firstT = performance.now();
      await createWecomPeer({ url: server.url, ...DEMO_WECOM }).say(TEACHER, '我的反映', new Date());
      const first = performance.now() - firstT;
      try {
        const mine = await timeReplies(server.url, TEACHER, () => '我的反映', /NX-/);
        const todo = await timeReplies(server.url, OFFICIAL, () => '待办', /NX-/);
        const view = await timeReplies(server.url, OFFICIAL, (i) => `查看 ${caseNumbers[i % caseNumbers.length]}`, /NX-/);
        const e0 = performance.now();
        const res = await fetch(`${server.url}/admin/jobs/escalation/run?wait=1&at=${encodeURIComponent(new Date().toISOString())}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const escalationS = (performance.now() - e0) / 1000;
        const body = (await res.json()) as { outcome?: string; counts?: Record<string, number>; message?: string };
        const escalated = (body.counts?.unclaimed ?? 0) + (body.counts?.unresolved ?? 0);
        const out: FigureLine[] = [
          info(`stored: ${CASES} cases with their alerts, ${INBOX_ROWS} inbox rows`, `seeded in ${seededS.toFixed(1)} s`),
          info('restart on that store (a new process) until /readyz', `${server.startS.toFixed(1)} s; the first 我的反映 after it ${first.toFixed(0)} ms`),
          atMost(`我的反映 (${MINE} cases of ${CASES}): p99 of ${SAMPLES}`, p99(mine), 50, 'ms'),
          atMost(`待办 (about ${Math.round(DUE + ((CASES - DUE) / 5) * (2 / 3))} open below the official): p99 of ${SAMPLES}`, p99(todo), 50, 'ms'),
          atMost(`查看 a case: p99 of ${SAMPLES}`, p99(view), 50, 'ms'),
          body.outcome === 'ran' && escalated >= DUE
            ? atMost(`escalation job over ${DUE} due alerts (${escalated} escalated)`, escalationS, 5, 's')
            : { figure: `escalation job over ${DUE} due alerts`, measured: `${body.outcome ?? res.status}: ${body.message ?? JSON.stringify(body.counts ?? {})}`, goal: '< 5 s', met: false },
          atMost('server RSS with that store, after the queries and the escalation', server.rssMb(), 300, 'MB', 0),
        ];
        return out;
      } finally {
        await server.stop();
      }
    } finally {
      data.remove();
    }
  },
};
