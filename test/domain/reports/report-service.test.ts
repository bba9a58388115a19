import { isAppError } from '../../../src/core/errors';
import { RECEIPT_ALPHABET, normalizeReceiptCode } from '../../../src/domain/case-ids';
import { DraftInvalidError } from '../../../src/domain/reports/draft-invalid-error';
import { reporterHash } from '../../../src/domain/reports/reporter-hash';
import { createAddressSealer } from '../../../src/domain/reports/address-sealer';
import type { SealedDestination } from '../../../src/core/message';
import { reportModel } from '../../../src/store/report.model';
import { ANON_TEACHER, NAMED_TEACHER, SECRET, burdenDraft, harness, type Harness } from './report-fixtures';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

/** The receipt code with one character replaced by another of the alphabet. */
function mistype(code: string, at: number): string {
  const chars = [...code];
  const i = chars.findIndex((c, k) => k >= at && c !== '-');
  const c = chars[i]!;
  chars[i] = RECEIPT_ALPHABET[(RECEIPT_ALPHABET.indexOf(c) + 1) % RECEIPT_ALPHABET.length]!;
  return chars.join('');
}

describe('ReportService', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  describe('submit', () => {
    it('files an anonymous burden report: case number, a receipt code shown once, no reporter stored', async () => {
      const res = await h.service.submit(burdenDraft(), ANON_TEACHER);
      expect(res.caseNumber).toBe('NX-2026-000001');
      expect(res.alreadySubmitted).toBe(false);
      expect(normalizeReceiptCode(res.receiptCode!)).toBe(res.receiptCode);

      const row = (await h.store.collection(reportModel).findOne({ _id: res.caseNumber }))!;
      expect(row).toMatchObject({
        caseNumber: 'NX-2026-000001',
        kind: 'burden',
        category: 'campus_affairs',
        anonymous: true,
        status: 'submitted',
        region: 'NX',
        reporterHash: reporterHash(SECRET, 'wecom', ANON_TEACHER.userId),
      });
      expect(row.reporter).toBeUndefined();
      expect(row.receiptHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.history).toEqual([{ at: h.clock.now, status: 'submitted', actor: { kind: 'reporter' } }]);
      expect(JSON.stringify(row)).not.toContain(res.receiptCode!);
      expect(JSON.stringify(row)).not.toContain(res.receiptCode!.replace(/-/g, ''));
    });

    it('files a named report: the reporter is stored, no receipt code', async () => {
      const res = await h.service.submit(burdenDraft({ anonymous: false }), NAMED_TEACHER);
      expect(res).toEqual({ caseNumber: 'NX-2026-000001', alreadySubmitted: false });
      const row = (await h.service.get(res.caseNumber))!;
      expect(row.reporter).toEqual({ channel: 'wecom', userId: NAMED_TEACHER.userId, name: NAMED_TEACHER.name });
      expect(row.receiptHash).toBeUndefined();
      expect(row.notifyCipher).toBeUndefined();
      expect(row.history[0]!.actor).toEqual({ kind: 'reporter', name: NAMED_TEACHER.name });
    });

    it('files a complaint with a long "what happened" and no category', async () => {
      const content = '事情经过：'.padEnd(1500, '经');
      const res = await h.service.submit(
        { draftId: 'c1', kind: 'complaint', content, organisingUnit: '某街道办', anonymous: true, contactAllowed: true },
        ANON_TEACHER,
      );
      const row = (await h.service.get(res.caseNumber))!;
      expect(row).toMatchObject({ kind: 'complaint', content, contactAllowed: true });
      expect(row.category).toBeUndefined();
    });

    it('numbers cases per region and year in Asia/Shanghai', async () => {
      const a = await h.service.submit(burdenDraft({ draftId: 'a' }), ANON_TEACHER);
      const b = await h.service.submit(burdenDraft({ draftId: 'b', region: 'gz' }), ANON_TEACHER);
      const c = await h.service.submit(burdenDraft({ draftId: 'c' }), NAMED_TEACHER);
      // 2026-12-31 16:30 UTC is already 2027-01-01 in Shanghai.
      h.clock.now = new Date('2026-12-31T16:30:00Z');
      const d = await h.service.submit(burdenDraft({ draftId: 'd', happenedOn: '2026-12-30' }), ANON_TEACHER);
      expect([a, b, c, d].map((r) => r.caseNumber)).toEqual(['NX-2026-000001', 'GZ-2026-000001', 'NX-2026-000002', 'NX-2027-000001']);
    });

    it('gives 30 concurrent submits 30 distinct, consecutive case numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => h.service.submit(burdenDraft({ draftId: `d${i}` }), i % 2 ? ANON_TEACHER : NAMED_TEACHER)),
      );
      const numbers = results.map((r) => r.caseNumber).sort();
      expect(new Set(numbers).size).toBe(30);
      expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => `NX-2026-${String(i + 1).padStart(6, '0')}`));
    });

    it('returns the same case for the same draft, without the receipt code the second time', async () => {
      const first = await h.service.submit(burdenDraft(), ANON_TEACHER);
      const second = await h.service.submit(burdenDraft({ content: 'changed' }), ANON_TEACHER);
      expect(second).toEqual({ caseNumber: first.caseNumber, alreadySubmitted: true });
      expect(await h.store.collection(reportModel).count({})).toBe(1);
      // Another account's draft with the same id is its own case.
      const other = await h.service.submit(burdenDraft(), NAMED_TEACHER);
      expect(other.caseNumber).not.toBe(first.caseNumber);
    });

    it('returns one case when the same draft is submitted twice at once', async () => {
      const [a, b] = await Promise.all([h.service.submit(burdenDraft(), ANON_TEACHER), h.service.submit(burdenDraft(), ANON_TEACHER)]);
      expect(a!.caseNumber).toBe(b!.caseNumber);
      expect([a!.alreadySubmitted, b!.alreadySubmitted].sort()).toEqual([false, true]);
      expect(await h.store.collection(reportModel).count({})).toBe(1);
    });

    it('refuses content over 100 characters, counting an emoji as one; 100 with emoji pass', async () => {
      const hundred = '减'.repeat(97) + '👩‍👩‍👧🇨🇳😀';
      await expect(h.service.submit(burdenDraft({ content: hundred }), ANON_TEACHER)).resolves.toMatchObject({ alreadySubmitted: false });
      const err = await failure(h.service.submit(burdenDraft({ draftId: 'x', content: `${hundred}😀` }), ANON_TEACHER));
      expect(isAppError(err, 'validation_failed')).toBe(true);
      expect(err).toMatchObject({ field: 'content', problem: 'too_long', limit: 100 });
    });

    it.each<[string, Record<string, unknown>]>([
      ['category', { category: 'parking' }],
      ['category', { category: undefined }],
      ['itemName', { itemName: '   ' }],
      ['content', { content: '' }],
      ['happenedOn', { happenedOn: '2026-02-30' }],
      ['happenedOn', { happenedOn: '2026/03/01' }],
      ['happenedOn', { happenedOn: '2030-01-01' }],
      ['approved', { approved: 'maybe' }],
      ['region', { region: 'N1' }],
      ['evidence', { evidence: ['not-a-media-id'] }],
      ['draftId', { draftId: '' }],
    ])('refuses a bad %s', async (field, patch) => {
      const err = await failure(h.service.submit(burdenDraft(patch), ANON_TEACHER));
      expect(err).toBeInstanceOf(DraftInvalidError);
      expect(isAppError(err, 'validation_failed')).toBe(true);
      expect((err as DraftInvalidError).field).toBe(field);
      expect((err as Error).message).toContain(field);
    });

    it('keeps evidence the account saved, and refuses media of another account', async () => {
      const mine = await h.service.saveMedia(Buffer.from('jpeg bytes'), 'image/jpeg', ANON_TEACHER);
      const theirs = await h.service.saveMedia(Buffer.from('other bytes'), 'image/png', NAMED_TEACHER);
      const err = await failure(h.service.submit(burdenDraft({ evidence: [mine, theirs] }), ANON_TEACHER));
      expect(err).toMatchObject({ field: 'evidence', problem: 'unknown_media' });
      const res = await h.service.submit(burdenDraft({ draftId: 'ok', evidence: [mine] }), ANON_TEACHER);
      expect((await h.service.get(res.caseNumber))!.evidence).toEqual([mine]);
      expect((await h.service.getMedia(mine))!.caseNumber).toBe(res.caseNumber);
    });
  });

  describe('following a case', () => {
    it('finds an anonymous case by its receipt code, also typed in lowercase with spaces', async () => {
      const { caseNumber, receiptCode } = await h.service.submit(burdenDraft(), ANON_TEACHER);
      const code = receiptCode!;
      expect((await h.service.findByReceipt(code))!.caseNumber).toBe(caseNumber);
      const typed = code.toLowerCase().replace(/-/g, ' ');
      expect((await h.service.findByReceipt(`  ${typed} `))!.caseNumber).toBe(caseNumber);
      expect(await h.service.findByReceipt(code.replace(/-/g, ''))).not.toBeNull();
    });

    it('finds nothing for a mistyped receipt code or another valid code', async () => {
      const { receiptCode } = await h.service.submit(burdenDraft(), ANON_TEACHER);
      for (let at = 0; at < receiptCode!.length; at += 3) {
        expect(await h.service.findByReceipt(mistype(receiptCode!, at))).toBeNull();
      }
      expect(await h.service.findByReceipt('7KQ2-MX9D-4HTP-3C')).toBeNull();
      expect(await h.service.findByReceipt('')).toBeNull();
    });

    it('lists my cases by hash, anonymous ones included, newest first, never the reporter', async () => {
      const a = await h.service.submit(burdenDraft({ draftId: 'a' }), ANON_TEACHER);
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
      const b = await h.service.submit(burdenDraft({ draftId: 'b', anonymous: false }), ANON_TEACHER);
      await h.service.submit(burdenDraft({ draftId: 'c' }), NAMED_TEACHER);
      const mine = await h.service.listMine('wecom', ANON_TEACHER.userId);
      expect(mine.map((s) => s.caseNumber)).toEqual([b.caseNumber, a.caseNumber]);
      expect(Object.keys(mine[1]!).sort()).toEqual(['anonymous', 'caseNumber', 'category', 'createdAt', 'itemName', 'kind', 'status']);
      expect(JSON.stringify(mine)).not.toContain(ANON_TEACHER.userId);
      expect(await h.service.listMine('dingtalk', ANON_TEACHER.userId)).toEqual([]);
    });

    it('shows a case by number to its reporter only, accepting loose spellings', async () => {
      const { caseNumber } = await h.service.submit(burdenDraft({ anonymous: false }), NAMED_TEACHER);
      expect((await h.service.findByCaseNumber('nx 2026 1', NAMED_TEACHER))!.caseNumber).toBe(caseNumber);
      expect(await h.service.findByCaseNumber(caseNumber, ANON_TEACHER)).toBeNull();
      expect(await h.service.findByCaseNumber('NX-2026-000099', NAMED_TEACHER)).toBeNull();
      expect(await h.service.findByCaseNumber('hello', NAMED_TEACHER)).toBeNull();
    });
  });

  describe('changeStatus', () => {
    const official = { kind: 'official' as const, name: '王主任', orgId: 'NX-YC-XQ', orgName: '兴庆区教育局' };

    it('appends history and returns the sealed notify destination of an anonymous reporter', async () => {
      const { caseNumber, receiptCode } = await h.service.submit(burdenDraft(), ANON_TEACHER);
      h.clock.now = new Date(h.clock.now.getTime() + 1000);
      const routed = await h.service.changeStatus(caseNumber, 'routed', { kind: 'system' }, undefined, { routedTo: 'NX-YC-XQ' });
      expect(routed.report.routedTo).toBe('NX-YC-XQ');
      // Still sealed: nothing but the outbox relay opens it, at the moment of sending.
      expect(routed.notify).toMatchObject({ kind: 'sealed', sealed: routed.report.notifyCipher, context: caseNumber });
      expect(JSON.stringify(routed.notify)).not.toContain(ANON_TEACHER.userId);
      const sealer = createAddressSealer(SECRET);
      expect(sealer.open(routed.notify as SealedDestination)).toEqual({ kind: 'user', channel: 'wecom', userId: ANON_TEACHER.userId });
      // The same person's bucket as any other message to them, and not their reporterHash.
      const other = sealer.seal({ kind: 'user', channel: 'wecom', userId: ANON_TEACHER.userId }, 'reply:x');
      expect((routed.notify as SealedDestination).key).toBe(other.key);
      expect(other.key).not.toBe(routed.report.reporterHash);

      const claimed = await h.service.changeStatus(caseNumber, 'claimed', official, '已安排核查');
      const resolved = await h.service.changeStatus(caseNumber, 'resolved', official, '内部备注', { response: '已责令停止答题打卡。' });
      expect(claimed.notify).toEqual(routed.notify);
      expect(resolved.report.status).toBe('resolved');
      expect(resolved.report.response).toBe('已责令停止答题打卡。');
      expect(resolved.report.history.map((e) => e.status)).toEqual(['submitted', 'routed', 'claimed', 'resolved']);
      expect(resolved.report.history[2]).toMatchObject({ actor: official, note: '已安排核查' });
      const times = resolved.report.history.map((e) => e.at.getTime());
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(new Set(times).size).toBe(times.length);

      // The reporter reopens: recorded as { kind: 'reporter' } only, and nobody to notify.
      const reopened = await h.service.changeStatus(caseNumber, 'reopened', { kind: 'reporter', name: ANON_TEACHER.name }, '仍在要求打卡');
      expect(reopened.notify).toBeUndefined();
      expect(reopened.report.history.at(-1)).toMatchObject({ status: 'reopened', actor: { kind: 'reporter' }, note: '仍在要求打卡' });
      expect(reopened.report.history.at(-1)!.actor).toEqual({ kind: 'reporter' });

      const view = (await h.service.findByReceipt(receiptCode!))!;
      expect(view.status).toBe('reopened');
      expect(view.response).toBe('已责令停止答题打卡。');
      expect(view.history.map((e) => e.actor)).toEqual([
        { kind: 'reporter' },
        { kind: 'system' },
        { kind: 'official', orgName: '兴庆区教育局' },
        { kind: 'official', orgName: '兴庆区教育局' },
        { kind: 'reporter' },
      ]);
      // Officials' internal notes are not shown to the reporter; the reporter's own note is.
      expect(view.history.map((e) => e.note)).toEqual([undefined, undefined, undefined, undefined, '仍在要求打卡']);
    });

    it('notifies a named reporter at the stored address', async () => {
      const { caseNumber } = await h.service.submit(burdenDraft({ anonymous: false }), NAMED_TEACHER);
      const res = await h.service.changeStatus(caseNumber, 'claimed', official);
      expect(res.notify).toEqual({ kind: 'user', channel: 'wecom', userId: NAMED_TEACHER.userId });
    });

    it('refuses transitions that the case life does not allow, and unknown cases', async () => {
      const { caseNumber } = await h.service.submit(burdenDraft(), ANON_TEACHER);
      await expect(h.service.changeStatus(caseNumber, 'reopened', official)).rejects.toMatchObject({ code: 'conflict' });
      await expect(h.service.changeStatus(caseNumber, 'resolved', { kind: 'reporter' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(h.service.changeStatus(caseNumber, 'routed', official)).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(h.service.changeStatus('NX-2026-000777', 'claimed', official)).rejects.toMatchObject({ code: 'not_found' });
      expect((await h.service.get(caseNumber))!.history).toHaveLength(1);
    });

    it('lets only one of two concurrent changes of the same version through', async () => {
      const { caseNumber } = await h.service.submit(burdenDraft(), ANON_TEACHER);
      const results = await Promise.allSettled([
        h.service.changeStatus(caseNumber, 'resolved', official),
        h.service.changeStatus(caseNumber, 'rejected', official),
      ]);
      // Both read the 'submitted' version before either writes; the compare-and-set lets only the first write.
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
      const row = (await h.service.get(caseNumber))!;
      expect(row.history.map((e) => e.status)).toEqual(['submitted', 'resolved']);
    });
  });

  describe('toRuleSubject', () => {
    it('gives the matcher the report fields and the dated activity, nothing about the reporter', async () => {
      const { caseNumber } = await h.service.submit(burdenDraft({ anonymous: false }), NAMED_TEACHER);
      const subject = h.service.toRuleSubject((await h.service.get(caseNumber))!);
      expect(subject).toEqual({
        kind: 'burden',
        category: 'campus_affairs',
        itemName: '防溺水安全知识竞赛',
        organisingUnit: '某县应急管理局',
        content: '要求每位教师在公众号答题并截图上传，每周统计参与率并通报。',
        form: '线上答题',
        approved: 'no',
        activities: [{ name: '防溺水安全知识竞赛', unit: '某县应急管理局', date: '2026-03-10' }],
      });
      expect(JSON.stringify(subject)).not.toContain(NAMED_TEACHER.userId);
    });

    it('reads a secondment report as a secondment since its date', async () => {
      const { caseNumber } = await h.service.submit(
        burdenDraft({ category: 'secondment', itemName: '借调从事创城工作', organisingUnit: '县文明办', happenedOn: '2025-06-01' }),
        ANON_TEACHER,
      );
      const subject = h.service.toRuleSubject((await h.service.get(caseNumber))!);
      expect(subject.secondments).toEqual([{ to: '县文明办', since: '2025-06-01' }]);
      expect(subject.activities).toBeUndefined();
    });
  });
});
