/**
 * The dashboard over HTTP, logged in the way an official does it: 后台 in the chat (the real WeCom envelope),
 * the one-time link, the button. Scope, small cells, exports (read back with exceljs), the audit log, and
 * what a stale link, an expired session or another site's form gets.
 */
import ExcelJS from 'exceljs';
import { fileBurdenReport, linkFromChat, redeem, sessionCookie } from '../helpers/dashboard-session';
import { useChatApp } from '../helpers/start-test-app';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const START = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai

describe('the officials dashboard', () => {
  const app = useChatApp(START, { ADMIN_TOKEN });
  const url = (path: string) => `${app.t.app.url}${path}`;
  const get = (path: string, cookie?: string) => fetch(url(path), { headers: cookie ? { cookie } : {}, redirect: 'manual' });

  beforeAll(async () => {
    for (const user of ['demo-teacher', 'zhaoyan', 'sunhao', 'szs-teacher-1']) expect(await fileBurdenReport(app, user)).toMatch(/NX-2026-\d{6}/);
  });

  it('gives officials a one-time link in the chat, and anyone else one sentence', async () => {
    expect(await app.say('demo-teacher', '后台')).toBe('数据看板仅供教育局工作人员使用。如您是教育局工作人员，请联系管理员在目录中登记“official”角色。');
    const link = await linkFromChat(app, 'demo-official');
    const page = await get(new URL(link).pathname + new URL(link).search);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(await page.text()).toContain('进入看板');
    const first = await redeem(link);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/dashboard');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^jf_dash=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    // Once only: the second use gets the page that says to ask again.
    const again = await redeem(link);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('重新发送“后台”');
  });

  it('refuses a link older than 10 minutes', async () => {
    const link = await linkFromChat(app, 'demo-official');
    app.clock = new Date(START.getTime() + 10 * 60_000 + 1000);
    try {
      expect((await redeem(link)).status).toBe(400);
    } finally {
      app.clock = START;
    }
  });

  it('shows the county official its own cases by category, masks nothing of 3 reports, and no other county', async () => {
    const cookie = await sessionCookie(app, 'demo-official');
    const res = await get('/dashboard', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('永宁县教育局 减负工作总览');
    const open = html.slice(html.indexOf('id="cases-open"'), html.indexOf('id="cases-overdue"'));
    // 3 reports of 社会事务进校园 in 永宁县: the chart's bar and the table both say 3.
    expect(open).toMatch(/<g class="bar" data-label="永宁县" data-value="3">/);
    expect(open).toMatch(/<th scope="row">永宁县<\/th><td>0<\/td><td>3<\/td>(<td>0<\/td>){6}<td>3<\/td>/);
    expect(html).not.toContain('大武口区');
    expect(html).not.toContain('演示教师');
    // The month's monitoring: of 银川市's two points only the county's own, not yet answered.
    const monitoring = html.slice(html.indexOf('id="monitoring"'), html.indexOf('id="ledger"'));
    expect(monitoring).toContain('2026-11 观测点月报（截止 2026-11-30）');
    expect(monitoring).toMatch(/<th scope="row">银川市<\/th><td>1<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
    expect(monitoring).toContain('<g class="bar" data-label="银川市" data-value="0&#x2F;1">');
    // The reduction's 2020 base is the demo's imported list of what was carried out in 2020.
    const reduction = html.slice(html.indexOf('id="reduction"'));
    expect(reduction).toMatch(/<th scope="row">2020（基数）<\/th><td>20<\/td><td>0<\/td><td>20<\/td>/);
    expect(reduction).toMatch(/<th scope="row">2026<\/th><td>未导入<\/td><td>0<\/td><td>0<\/td><td>当年计划未导入<\/td>/);
  });

  it('shows the other county its single case as <3, with a lower-bound total', async () => {
    const cookie = await sessionCookie(app, 'dwk-official');
    const html = await (await get('/dashboard', cookie)).text();
    const open = html.slice(html.indexOf('id="cases-open"'), html.indexOf('id="cases-overdue"'));
    expect(open).toMatch(/<th scope="row">大武口区<\/th><td>0<\/td><td>&lt;3<\/td>(<td>0<\/td>){6}<td>&lt;3<\/td>/);
    expect(html).not.toContain('永宁县');
  });

  it('counts cases past their claim deadline as overdue', async () => {
    app.clock = new Date('2026-11-26T02:00:00Z'); // Thursday: two working days after Monday have passed
    try {
      const cookie = await sessionCookie(app, 'demo-official');
      const html = await (await get('/dashboard', cookie)).text();
      const overdue = html.slice(html.indexOf('id="cases-overdue"'), html.indexOf('id="monitoring"'));
      expect(overdue).toMatch(/<th scope="row">永宁县<\/th><td>0<\/td><td>3<\/td>/);
    } finally {
      app.clock = START;
    }
  });

  it('keeps the burden ledger with how each estimate was made', async () => {
    const cookie = await sessionCookie(app, 'demo-official');
    const html = await (await get('/dashboard/ledger?year=2026', cookie)).text();
    // 3 reports × the school's 3 directory teachers (全校教师) × 2 hours (社会事务进校园's default) = 18.
    expect(html).toMatch(/<th scope="row">县应急管理局<\/th>(<td>0<\/td>){10}<td>18<\/td><td>0<\/td><td>18<\/td>/);
    expect(html).toContain('全校教师（目录中该校 3 人）：文中“全校”');
    expect(html).toContain('未写明时长，按类别缺省每人 2 小时');
  });

  it('exports a table as xlsx, scoped and as shown', async () => {
    const cookie = await sessionCookie(app, 'demo-official');
    const res = await get('/dashboard/export/cases-open.xlsx', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    // The title is merged across the table; the line under it says whose and when.
    expect(ws.getCell('A1').value).toBe('未办结案件（按县区和问题类别）');
    expect(ws.getCell('A2').value).toBe('永宁县教育局 · 2026-11-23');
    expect(values).toContainEqual(['县（区）', '监督检查评比考核', '社会事务进校园', '文件和会议', '报表填写、调研统计', '抽调借用中小学教师', '校园值班值守', '城市创优评先和街道社区事务', '其他', '合计']);
    expect(values).toContainEqual(['永宁县', 0, 3, 0, 0, 0, 0, 0, 0, 3]);
    expect(JSON.stringify(values)).not.toContain('大武口区');
    expect((await get('/dashboard/export/nothing.xlsx', cookie)).status).toBe(404);
    expect((await get('/dashboard/export/cases-open.xlsx?period=2026-13', cookie)).status).toBe(400);
  });

  it("offers the documents' tables of the viewer's jurisdiction, as the workbench writes them", async () => {
    const cookie = await sessionCookie(app, 'demo-official');
    const html = await (await get('/dashboard', cookie)).text();
    expect(html).toContain('href="/dashboard/export/problems.xlsx?year=2026"');
    const res = await get('/dashboard/export/problems.xlsx?year=2026&org=NX', cookie);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('专项整治问题摸排清单');
    expect(text).toContain('演示官员（永宁县教育局）');
    // The three cases of 永宁县 and not the one of 大武口区, whatever ?org= says.
    expect(text.split('防溺水知识网络答题').length - 1).toBe(3);
    expect(text).not.toMatch(/大武口|演示教师/);
    expect((await get('/dashboard/export/whitelist.xlsx?year=2026', cookie)).status).toBe(200);
    const missing = await get('/dashboard/export/whitelist.xlsx?year=2021', cookie);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('尚未导入 2021 年的社会事务进校园白名单');
  });

  it('asks for a login without a session, and after 8 hours', async () => {
    expect((await get('/dashboard')).status).toBe(401);
    expect((await get('/dashboard', 'jf_dash=' + 'x'.repeat(43))).status).toBe(401);
    const cookie = await sessionCookie(app, 'demo-official');
    app.clock = new Date(START.getTime() + 8 * 3600_000 + 1000);
    try {
      expect((await get('/dashboard', cookie)).status).toBe(401);
    } finally {
      app.clock = START;
    }
  });

  it("refuses another site's form, and signs out", async () => {
    const link = await linkFromChat(app, 'demo-official');
    const forged = await fetch(url('/dashboard/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ t: new URL(link).searchParams.get('t')! }).toString(),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    const cookie = await sessionCookie(app, 'demo-official');
    const out = await fetch(url('/dashboard/logout'), { method: 'POST', headers: { cookie, origin: app.t.app.url } });
    expect(out.status).toBe(200);
    expect((await get('/dashboard', cookie)).status).toBe(401);
  });

  it('lets admins read who looked at what and when', async () => {
    expect((await fetch(url('/admin/audit'))).status).toBe(401);
    const res = await fetch(url('/admin/audit?limit=1000'), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const rows = (await res.json()) as Array<{ action: string; target: string; who: { name: string; orgId: string }; at: string; params?: Record<string, string> }>;
    expect(rows).toContainEqual(expect.objectContaining({ action: 'export', target: 'cases-open.xlsx', who: expect.objectContaining({ name: '演示官员（永宁县教育局）', orgId: 'NX-YC-YN' }) }));
    expect(rows).toContainEqual(expect.objectContaining({ action: 'view', target: 'ledger', params: { year: '2026' } }));
    expect(rows).toContainEqual(expect.objectContaining({ action: 'login', who: expect.objectContaining({ name: '吴海燕' }) }));
    expect(rows.some((r) => r.action === 'logout')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/demo-teacher|演示教师|zhaoyan|赵燕/);
  });
});

describe('the dashboard behind https', () => {
  const app = useChatApp(START, { PUBLIC_URL: 'https://jianfu.example.cn/' });

  it('links to PUBLIC_URL and makes the session cookie Secure', async () => {
    const reply = await app.say('demo-official', '后台');
    const token = /https:\/\/jianfu\.example\.cn\/dashboard\/login\?t=([A-Za-z0-9_-]{43})/.exec(reply)?.[1];
    expect(token).toBeDefined();
    // The proxy in front forwards to the app; the browser's Origin is the public one.
    const res = await fetch(`${app.t.app.url}/dashboard/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://jianfu.example.cn' },
      body: new URLSearchParams({ t: token! }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });
});
