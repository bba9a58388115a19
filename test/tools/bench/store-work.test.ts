import { measureStoreWork } from '../../../src/tools/bench/store-work';

describe('measureStoreWork', () => {
  it('times the store operations of messages on a real store, every reply through the outbox delivered once', async () => {
    const work = await measureStoreWork(240);
    // Main-thread CPU in clock ticks of 10 ms: 240 messages of tens of µs each take at least one tick.
    expect(Number.isFinite(work.inboundUs)).toBe(true);
    expect(Number.isFinite(work.withOutboxUs)).toBe(true);
    expect(work.inboundUs).toBeGreaterThanOrEqual(0);
    expect(work.withOutboxUs).toBeGreaterThan(0);
  }, 60_000);
});
