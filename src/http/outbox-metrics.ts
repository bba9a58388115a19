import { Gauge, type Registry } from 'prom-client';
import type { OutboxStats } from '../store/outbox-repo';

/**
 * The outbox as /metrics shows it, read from the store at each scrape: rows by status
 * (`jianfu_outbox_rows{status}`) and how long the oldest row still waiting to go out has waited
 * (`jianfu_outbox_oldest_waiting_seconds`, 0 when nothing waits). The two gauges share one read per scrape.
 */
export function registerOutboxMetrics(registry: Registry, deps: { stats: () => Promise<OutboxStats>; now: () => Date }): void {
  let shared: { stats: Promise<OutboxStats>; left: number } | null = null;
  const read = (): Promise<OutboxStats> => {
    shared ??= { stats: deps.stats(), left: 2 };
    const { stats } = shared;
    if (--shared.left === 0) shared = null;
    return stats;
  };
  new Gauge({
    name: 'jianfu_outbox_rows',
    help: 'outbox rows by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { counts } = await read();
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'jianfu_outbox_oldest_waiting_seconds',
    help: 'age of the oldest outbox row not yet delivered',
    registers: [registry],
    async collect() {
      const { oldestWaitingSince } = await read();
      this.set(oldestWaitingSince ? Math.max(0, (deps.now().getTime() - oldestWaitingSince.getTime()) / 1000) : 0);
    },
  });
}
