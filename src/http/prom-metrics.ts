import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../core/ports';

/** The Metrics port on prom-client: metrics are created on first use, prefixed `jianfu_`. */
export function createPromMetrics(): { metrics: Metrics; registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'jianfu_' });
  const counters = new Map<string, Counter>();
  const histograms = new Map<string, Histogram>();
  const labelNames = (labels?: Record<string, string>) => Object.keys(labels ?? {}).sort();
  const metrics: Metrics = {
    inc(name, labels) {
      let c = counters.get(name);
      if (!c) {
        c = new Counter({ name: `jianfu_${name}`, help: name.replace(/_/g, ' '), labelNames: labelNames(labels), registers: [registry] });
        counters.set(name, c);
      }
      if (labels) c.inc(labels);
      else c.inc();
    },
    observe(name, seconds, labels) {
      let h = histograms.get(name);
      if (!h) {
        h = new Histogram({
          name: `jianfu_${name}`,
          help: name.replace(/_/g, ' '),
          labelNames: labelNames(labels),
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry],
        });
        histograms.set(name, h);
      }
      if (labels) h.observe(labels, seconds);
      else h.observe(seconds);
    },
  };
  return { metrics, registry };
}
