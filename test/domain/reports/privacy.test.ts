/**
 * "No alert, export, log line or admin view may reveal an anonymous reporter": nothing stored with an
 * anonymous report, and nothing any view makes of it, contains the account's userId or the name it gave.
 */
import { toOfficialHistoryEntry, toOfficialReportView, toReportSummary, toReportView, toReporterHistoryEntry } from '../../../src/domain/reports/report-view';
import { mediaModel } from '../../../src/store/media.model';
import { reportModel } from '../../../src/store/report.model';
import { ANON_TEACHER, NAMED_TEACHER, burdenDraft, harness, type Harness } from './report-fixtures';

describe('privacy of anonymous reports', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  const secrets = [ANON_TEACHER.userId, ANON_TEACHER.name, 'zhang.wei'];
  const expectClean = (label: string, value: unknown): void => {
    const json = JSON.stringify(value);
    for (const s of secrets) {
      if (json.includes(s)) throw new Error(`${label} reveals ${JSON.stringify(s)}: ${json}`);
    }
  };

  it('stores, shows and records no plain id or name of the anonymous reporter anywhere', async () => {
    const evidence = await h.service.saveMedia(Buffer.from('photo'), 'image/jpeg', ANON_TEACHER);
    const { caseNumber, receiptCode } = await h.service.submit(burdenDraft({ evidence: [evidence] }), ANON_TEACHER);
    const official = { kind: 'official' as const, name: '王主任', orgId: 'NX-YC-XQ', orgName: '兴庆区教育局' };
    await h.service.changeStatus(caseNumber, 'routed', { kind: 'system' }, undefined, { routedTo: 'NX-YC-XQ' });
    await h.service.changeStatus(caseNumber, 'claimed', official, '核查中');
    // Even when a caller passes the reporter's name, an anonymous reporter is recorded as a kind only.
    await h.service.changeStatus(caseNumber, 'resolved', official, undefined, { response: '已整改' });
    const last = await h.service.changeStatus(caseNumber, 'reopened', { kind: 'reporter', name: ANON_TEACHER.name, orgId: 'NX-YC-XQ-01' });
    expect(last.notify).toBeUndefined();

    const raw = (await h.store.collection(reportModel).find({}))[0]!;
    expectClean('the stored report', raw);
    expect(raw).not.toHaveProperty('reporter');
    expect(JSON.stringify(raw)).not.toContain(receiptCode!);
    for (const m of await h.store.collection(mediaModel).find({})) expectClean('the stored media', { ...m, base64: '' });

    const views = {
      reporterView: toReportView(raw),
      officialView: toOfficialReportView(raw),
      summary: toReportSummary(raw),
      byReceipt: await h.service.findByReceipt(receiptCode!),
      byCase: await h.service.findByCaseNumber(caseNumber, ANON_TEACHER),
      mine: await h.service.listMine('wecom', ANON_TEACHER.userId),
      ruleSubject: h.service.toRuleSubject(raw),
      changeResult: { ...last, notify: undefined },
    };
    for (const [label, v] of Object.entries(views)) expectClean(label, v);
    for (const e of raw.history) {
      expectClean('a history entry', e);
      expectClean('an official history entry', toOfficialHistoryEntry(e, true));
      expectClean('a reporter history entry', toReporterHistoryEntry(e));
    }
    expect(views.officialView).not.toHaveProperty('reporter');
    for (const v of [views.officialView, views.reporterView]) {
      const json = JSON.stringify(v);
      for (const key of ['reporterHash', 'receiptHash', 'notifyCipher', 'draftKey', raw.reporterHash, raw.notifyCipher!]) {
        expect(json).not.toContain(key);
      }
    }
    // Reporters never see an official's name, only the bureau.
    expect(JSON.stringify(views.byReceipt)).not.toContain('王主任');
    expect(JSON.stringify(views.byReceipt)).toContain('兴庆区教育局');
  });

  it('shows officials the reporter of a named report', async () => {
    const { caseNumber } = await h.service.submit(burdenDraft({ anonymous: false }), NAMED_TEACHER);
    const view = toOfficialReportView((await h.service.get(caseNumber))!);
    expect(view.reporter).toEqual({ channel: 'wecom', userId: NAMED_TEACHER.userId, name: NAMED_TEACHER.name });
    expect(JSON.stringify(toReportView((await h.service.get(caseNumber))!))).not.toContain(NAMED_TEACHER.userId);
  });
});
