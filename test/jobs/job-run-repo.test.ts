/**
 * The claim that makes a period run once ever, on every store engine this machine can reach: unique insert,
 * take-over of a dead instance's run by compare-and-set, an operator's retry of a failed run only.
 */
import { storeEngineCases } from '../store/store-engine-cases';
import type { StoreEngine } from '../../src/store/collection';
import { createJobRunRepo, type ClaimRequest, type JobRunRepo } from '../../src/store/job-run-repo';
import { jobRunModel } from '../../src/store/job-run.model';

const T0 = new Date('2026-11-25T01:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe.each(storeEngineCases('job runs'))('job run claims: $name', (engine) => {
  let store: StoreEngine;
  let runs: JobRunRepo;
  let n = 0;
  let period: string;
  const req = (over: Partial<ClaimRequest> = {}): ClaimRequest => ({
    job: 'monthly-reminder',
    period,
    owner: 'a',
    at: T0,
    late: false,
    now: T0,
    leaseMs: 60_000,
    ...over,
  });

  beforeAll(async () => {
    store = await engine.open(() => new Date());
    runs = createJobRunRepo(store.collection(jobRunModel));
  });
  afterAll(async () => {
    await store.close();
    await engine.dispose();
  });
  beforeEach(() => {
    period = `2026-${String(++n).padStart(2, '0')}`;
  });

  it('claims once; a second claim sees the first, with its id "<job>:<period>"', async () => {
    expect(await runs.claim(req())).toBe('claimed');
    const again = await runs.claim(req({ owner: 'b' }));
    expect(again).toEqual({ alreadyClaimed: expect.objectContaining({ _id: `monthly-reminder:${period}`, owner: 'a', status: 'running', attempts: 1 }) });
  });

  it('10 concurrent claims from several owners: exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => runs.claim(req({ owner: `o${i}` }))));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
  });

  it('a running claim under a live lease is not taken over; an expired one is, by exactly one of 10', async () => {
    await runs.claim(req({ owner: 'dead' }));
    expect(await runs.claim(req({ owner: 'b', now: later(59_000) }))).toEqual({ alreadyClaimed: expect.objectContaining({ owner: 'dead' }) });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => runs.claim(req({ owner: `o${i}`, now: later(61_000) }))));
    expect(results.filter((r) => r === 'taken-over')).toHaveLength(1);
    const row = await runs.get('monthly-reminder', period);
    expect(row).toMatchObject({ status: 'running', attempts: 2, late: true });
    expect(row!.owner).not.toBe('dead');
  });

  it('finish and fail only by the owner of a running claim; done and failed rows keep their claim', async () => {
    await runs.claim(req());
    expect(await runs.finish('monthly-reminder', period, 'b', later(1000), { summary: 'x' })).toBe(false);
    expect(await runs.finish('monthly-reminder', period, 'a', later(1000), { summary: 'sent 3', counts: { sent: 3 } })).toBe(true);
    expect(await runs.fail('monthly-reminder', period, 'a', later(2000), 'late failure')).toBe(false);
    const row = await runs.get('monthly-reminder', period);
    expect(row).toMatchObject({ status: 'done', summary: 'sent 3', counts: { sent: 3 }, finishedAt: later(1000) });
    expect(row!.leaseUntil).toBeUndefined();
    // Long after: a done claim never expires.
    expect(await runs.claim(req({ owner: 'b', now: later(86_400_000) }))).toEqual({ alreadyClaimed: expect.objectContaining({ status: 'done' }) });
  });

  it('a failed claim stays claimed; retryFailed takes it back once, and never a done one', async () => {
    await runs.claim(req());
    expect(await runs.fail('monthly-reminder', period, 'a', later(1000), 'boom '.repeat(200))).toBe(true);
    const failed = await runs.get('monthly-reminder', period);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.error!.length).toBeLessThanOrEqual(500);
    expect(await runs.claim(req({ owner: 'b', now: later(86_400_000) }))).toEqual({ alreadyClaimed: expect.objectContaining({ status: 'failed' }) });
    const retried = await Promise.all([runs.retryFailed(req({ owner: 'b', now: later(5000) })), runs.retryFailed(req({ owner: 'c', now: later(5000) }))]);
    expect(retried.filter((r) => r !== null)).toHaveLength(1);
    const row = await runs.get('monthly-reminder', period);
    expect(row).toMatchObject({ status: 'running', attempts: 2 });
    expect(row!.error).toBeUndefined();
    await runs.finish('monthly-reminder', period, row!.owner, later(6000), { summary: 'ok' });
    expect(await runs.retryFailed(req({ owner: 'd', now: later(7000) }))).toBeNull();
  });

  it('renew extends only the owner’s running lease', async () => {
    await runs.claim(req());
    expect(await runs.renew('monthly-reminder', period, 'b', later(120_000))).toBe(false);
    expect(await runs.renew('monthly-reminder', period, 'a', later(120_000))).toBe(true);
    expect(await runs.claim(req({ owner: 'b', now: later(100_000) }))).toEqual({ alreadyClaimed: expect.objectContaining({ owner: 'a' }) });
  });

  it('lists a job’s runs, newest first', async () => {
    const rows = await runs.list('monthly-reminder', 3);
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(rows.every((r) => r.job === 'monthly-reminder')).toBe(true);
  });
});
