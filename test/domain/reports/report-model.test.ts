import { randomBytes } from 'node:crypto';
import { CATEGORY_CODES } from '../../../src/domain/rules/rule';
import { createReportService } from '../../../src/domain/reports/report-service';
import { counterModel } from '../../../src/store/counter.model';
import { REPORT_CATEGORY_CODES, reportModel } from '../../../src/store/report.model';
import { ANON_TEACHER, NAMED_TEACHER, SECRET, burdenDraft, harness, type Harness } from './report-fixtures';

describe('report schema and case-number recovery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('repeats the 8 categories of the rules in document order', () => {
    expect([...REPORT_CATEGORY_CODES]).toEqual([...CATEGORY_CODES]);
  });

  it('keeps receiptHash unique among anonymous reports while named reports have none', async () => {
    const reports = h.store.collection(reportModel);
    await h.service.submit(burdenDraft({ draftId: 'n1', anonymous: false }), NAMED_TEACHER);
    await h.service.submit(burdenDraft({ draftId: 'n2', anonymous: false }), NAMED_TEACHER);
    const a = await h.service.submit(burdenDraft({ draftId: 'a1' }), ANON_TEACHER);
    const row = (await reports.findOne({ _id: a.caseNumber }))!;
    const copy = { ...row, _id: 'NX-2026-000900', caseNumber: 'NX-2026-000900', draftKey: 'f'.repeat(64) };
    await expect(reports.insertOne(copy)).rejects.toMatchObject({ code: 'duplicate_key' });
  });

  it('draws a new receipt code when one collides (the spent case number leaves a gap)', async () => {
    const same = Buffer.alloc(13, 7);
    let calls = 0;
    const random = (n: number): Uint8Array => (calls++ < 2 ? same : randomBytes(n));
    const service = createReportService({ store: h.store, secret: SECRET, now: () => h.clock.now, region: 'NX', random });
    const first = await service.submit(burdenDraft({ draftId: 'r1' }), ANON_TEACHER);
    const second = await service.submit(burdenDraft({ draftId: 'r2' }), ANON_TEACHER);
    expect(second.receiptCode).not.toBe(first.receiptCode);
    expect(second.caseNumber).toBe('NX-2026-000003');
    expect((await service.findByReceipt(second.receiptCode!))!.caseNumber).toBe(second.caseNumber);
  });

  it('moves a lost counter past the highest case number instead of failing', async () => {
    for (const id of ['a', 'b', 'c']) await h.service.submit(burdenDraft({ draftId: id }), ANON_TEACHER);
    await h.store.collection(counterModel).deleteMany({});
    const next = await h.service.submit(burdenDraft({ draftId: 'd' }), ANON_TEACHER);
    expect(next.caseNumber).toBe('NX-2026-000004');
    expect(await h.store.collection(reportModel).count({})).toBe(4);
  });

  it('accepts matched rules in the shape of RuleMatch', async () => {
    const { caseNumber } = await h.service.submit(burdenDraft(), ANON_TEACHER);
    const match = {
      ruleId: 'nmg-2020-3#15',
      catalogId: 'nmg-2020-3',
      document: '厅发〔2020〕3号',
      item: '15',
      clause: '厅发〔2020〕3号 第15条',
      summary: 'summary',
      category: 'campus_affairs',
      confidence: 0.8,
      evidence: '公众号+答题',
      condition: { name: 'activity_not_on_whitelist', facts: { name: 'x', count: 1 } },
      matchedAt: h.clock.now,
    };
    await h.store.collection(reportModel).updateOne({ _id: caseNumber }, { $set: { matchedRules: [match] } });
    expect((await h.service.get(caseNumber))!.matchedRules).toEqual([match]);
  });
});
