import { measureStoreWork } from '../../../src/tools/bench/store-work';

describe('measureStoreWork', () => {
  it('times the store operations of messages on a real store, every reply through the outbox delivered once', async () => {
    const work = await measureStoreWork(240);
    // Main-thread CPU comes in clock ticks of 10 ms: 240 inbound paths of tens of µs may fall within one tick
    // (0), but with their outbox rows queued, leased and delivered they take more than one.
    expect(Number.isFinite(work.inboundUs)).toBe(true);
    expect(Number.isFinite(work.withOutboxUs)).toBe(true);
    expect(work.inboundUs).toBeGreaterThanOrEqual(0);
    expect(work.withOutboxUs).toBeGreaterThan(0);
  }, 60_000);
});
