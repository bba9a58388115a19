/**
 * Nothing on disk, in the log, in an admin view or in an export names an anonymous reporter. A teacher of
 * the directory (zhaoyan, 赵燕) files an anonymous 举报 through the real envelope; it is routed and alerted,
 * the county's official claims and closes it, the reporter is told both times (through the outbox, sealed),
 * answers 没有 and it reopens one level up, and the escalation job runs days later. Then every file under
 * DATA_DIR, every log line at debug, every admin view and the export are searched for the reporter's id and
 * name. The only place allowed to name the teacher is the directory's own row of people (the people table), which
 * lists every teacher and says nothing about any case: the store's file is searched as a copy from which those
 * rows were deleted with their bytes zeroed, so free pages (what an update or a delete left) are searched too.
 */
import { Writable } from 'node:stream';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_WECOM, loadConfig } from '../../src/config';
import { createLogger } from '../../src/create-logger';
import { startApp, type RunningApp } from '../../src/main';
import { createWecomPeer } from '../../src/tools/wecom-peer';
import { removeDir, tempDataDir } from '../helpers/start-test-app';
import { STORE_FILES, storeCopyWithout } from '../helpers/store-file-copy';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const REPORTER = { id: 'zhaoyan', name: '赵燕' };
const leaks = (text: string): string[] => [REPORTER.id, REPORTER.name].filter((s) => text.includes(s));

/** Every file under DATA_DIR naming the reporter, the store's file without the directory's rows; and those rows. */
function onDisk(dataDir: string): { hits: Record<string, string[]>; directoryRows: string[] } {
  const copy = storeCopyWithout(dataDir, ['c:people']);
  try {
    const inStore = Object.entries(filesNaming(copy.dir)).map(([file, lines]) => [`${file} (without people)`, lines]);
    return { hits: { ...filesNaming(dataDir, STORE_FILES), ...Object.fromEntries(inStore) }, directoryRows: copy.rows.filter((r) => leaks(r).length > 0) };
  } finally {
    copy.remove();
  }
}

/** Each file under `dir` whose text names the reporter, with the offending lines. */
function filesNaming(dir: string, except: readonly string[] = []): Record<string, string[]> {
  const hits: Record<string, string[]> = {};
  for (const file of readdirSync(dir)) {
    if (except.includes(file)) continue;
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => leaks(l).length > 0);
    if (lines.length > 0) hits[file] = lines.map((l) => l.slice(0, 300));
  }
  return hits;
}

async function xlsxText(bytes: ArrayBuffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  const cells: string[] = [];
  book.eachSheet((sheet) => {
    cells.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))));
  });
  return cells.join('\n');
}

describe('an anonymous reporter on disk, in logs, views and exports', () => {
  const lines: string[] = [];
  const dataDir = tempDataDir();
  let clock = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
  let app: RunningApp;
  const views: Record<string, string> = {};
  let caseNumber = '';
  let onDiskWhileRunning: Record<string, string[]> = {};

  const get = async (path: string): Promise<Response> => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const idle = async (): Promise<void> => {
    for (let i = 0; i < 100 && (await app.outbox.list({ status: 'pending' }, 1)).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ADMIN_TOKEN });
    app = await startApp({ config, logger: createLogger('debug', sink), now: () => clock });
    const peer = createWecomPeer({ url: app.url, ...DEMO_WECOM });
    const say = async (user: string, text: string): Promise<string> => (await peer.say(user, text, clock)).replyText ?? '';

    for (const text of ['举报', '某街道办', '要求教师上街执勤', '昨天', '某路口', '跳过', '跳过', '否']) await say(REPORTER.id, text);
    const filed = await say(REPORTER.id, '提交');
    caseNumber = filed.match(/NX-\d{4}-\d{6}/)?.[0] ?? '';
    expect(filed).toContain('已匿名提交');
    expect(await say('demo-official', `认领 ${caseNumber}`)).toContain('已认领');
    // 办结 asks for the measures, their state and the 意见建议 (issue 12): done, nothing to suggest.
    let closed = '';
    for (const text of [`办结 ${caseNumber} 已处理`, '已约谈培训中心负责人', '1', '跳过']) closed = await say('demo-official', text);
    expect(closed).toContain('已办结');
    await idle();
    // The reporter was told both times: the sealed address opened at the moment of sending.
    const told = app.fakeWecom!.sent.filter((m) => m.to === REPORTER.id).map((m) => m.content);
    expect(told).toEqual([expect.stringContaining('已由永宁县教育局受理'), expect.stringContaining('问题解决了吗？')]);
    expect(await say(REPORTER.id, '没有')).toContain('重新交办');
    expect(await say(REPORTER.id, '我的反映')).toContain(caseNumber);

    clock = new Date('2026-11-26T02:00:00Z'); // Thursday: unclaimed at the city for two working days
    const ran = await fetch(`${app.url}/admin/jobs/escalation/run?wait=1&at=${encodeURIComponent(clock.toISOString())}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await ran.json()).toMatchObject({ outcome: 'ran' });
    await idle();

    for (const path of ['/admin/outbox', '/admin/outbox?status=delivered', '/admin/outbox?status=failed', '/admin/outbox/destinations', '/admin/jobs', '/admin/lists', '/metrics']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      views[path] = await res.text();
    }
    const exported = await get('/admin/monitoring/2026-11.xlsx');
    expect(exported.status).toBe(200);
    views['/admin/monitoring/2026-11.xlsx'] = await xlsxText(await exported.arrayBuffer());
    onDiskWhileRunning = onDisk(dataDir).hits;
    await app.stop();
  }, 60_000);

  afterAll(() => removeDir(dataDir));

  it('went through the whole lifecycle', () => {
    expect(caseNumber).toMatch(/^NX-2026-\d{6}$/);
    expect(views['/admin/outbox']).toContain(`case:${caseNumber}:h`);
    expect(views['/admin/monitoring/2026-11.xlsx']).toContain('银川市');
    expect(lines.join('')).toContain('wecom inbound'); // the debug level was on
  });

  it('names the reporter in no file under DATA_DIR but the directory', () => {
    const after = onDisk(dataDir);
    expect(after.hits).toEqual({});
    expect(onDiskWhileRunning).toEqual({});
    const directoryRows = after.directoryRows;
    expect(directoryRows.length).toBeGreaterThan(0);
    for (const row of directoryRows) expect(row).not.toMatch(/NX-\d{4}-\d{6}/);
  });

  it('names the reporter in no log line, even at debug', () => {
    expect(lines.filter((l) => leaks(l).length > 0)).toEqual([]);
  });

  it('names the reporter in no admin view and no export', () => {
    for (const [path, text] of Object.entries(views)) expect({ path, leaks: leaks(text) }).toEqual({ path, leaks: [] });
  });
});
