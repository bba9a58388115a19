import type { StoreEngine } from '../../../src/store/collection';
import { createEmbeddedStore } from '../../../src/store/engines/embedded-store';
import { createReportService, type ReportService } from '../../../src/domain/reports/report-service';
import type { ReportDraft } from '../../../src/domain/reports/report-draft';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/** A teacher account with ids that are easy to find in any serialisation. */
export const ANON_TEACHER = { channel: 'wecom' as const, userId: 'zhang.wei.7731', name: '张伟' };
export const NAMED_TEACHER = { channel: 'wecom' as const, userId: 'li.na.4402', name: '李娜' };

export function burdenDraft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    draftId: 'draft-1',
    kind: 'burden',
    category: 'campus_affairs',
    itemName: '防溺水安全知识竞赛',
    organisingUnit: '某县应急管理局',
    happenedOn: '2026-03-10',
    place: '各中小学',
    scope: '全县中小学教师',
    content: '要求每位教师在公众号答题并截图上传，每周统计参与率并通报。',
    form: '线上答题',
    approved: 'no',
    schoolName: '第一中学',
    anonymous: true,
    ...overrides,
  };
}

export interface Harness {
  store: StoreEngine;
  service: ReportService;
  clock: { now: Date };
  close(): Promise<void>;
}

/** A service on a fresh in-memory embedded store, with a settable clock (2026-03-15 10:00 in Shanghai). */
export async function harness(opts: { region?: string } = {}): Promise<Harness> {
  const clock = { now: new Date('2026-03-15T02:00:00Z') };
  // The store's clock (TTL expiry) is the service's clock.
  const store = await createEmbeddedStore('', { inMemory: true, now: () => clock.now });
  const service = createReportService({ store, secret: SECRET, now: () => clock.now, region: opts.region ?? 'NX' });
  return { store, service, clock, close: () => store.close() };
}
