/**
 * The rule matcher's share of `npm run bench`: every submitted report and every item of a monthly table is
 * matched against the region's catalogs (all 67 rules of the five documents) and, when imported, a whitelist
 * and a plan. Prints subjects matched per second, p50/p99 per subject, and the heap the loaded rule book takes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../project-root';
import { loadRuleBook } from '../domain/rules/load-catalogs';
import { matchRules } from '../domain/rules/match-rules';
import type { RuleSubject, WhitelistEntry } from '../domain/rules/rule';

/** Reports and monthly answers as teachers and liaisons write them (data: bench-rule-subjects.json). */
const SUBJECTS = JSON.parse(readFileSync(join(projectRoot(), 'src', 'tools', 'bench-rule-subjects.json'), 'utf8')) as { subjects: RuleSubject[]; whitelistNames: string[] };

const WHITELIST: WhitelistEntry[] = Array.from({ length: 60 }, (_, i) => ({ name: SUBJECTS.whitelistNames[i % SUBJECTS.whitelistNames.length]! + (i < SUBJECTS.whitelistNames.length ? '' : String(i)), year: 2026 }));

export function benchRules(rounds = Number(process.env.BENCH_RULE_ROUNDS || 4000)): string[] {
  // With --expose-gc (npm run bench) the heap is measured after a collection; without, the figure is noisy.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const book = loadRuleBook(join(projectRoot(), 'templates', 'rules'));
  gc?.();
  const bookMb = (process.memoryUsage().heapUsed - before) / 1048576;
  const ctx = { now: new Date('2026-11-26T02:00:00Z'), whitelist: WHITELIST, inspectionPlan: WHITELIST };
  for (let i = 0; i < 200; i++) matchRules(SUBJECTS.subjects[i % SUBJECTS.subjects.length]!, book.catalogs, ctx);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    matchRules(SUBJECTS.subjects[i % SUBJECTS.subjects.length]!, book.catalogs, ctx);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  const rules = book.catalogs.reduce((n, c) => n + c.rules.length, 0);
  return [
    `rule matcher: ${rules} rules in ${book.catalogs.length} catalogs, a 60-entry whitelist and plan, ${rounds} subjects`,
    `  ${(rounds / (total / 1000)).toFixed(0)} subjects/s, p50 ${(at(50) * 1000).toFixed(0)} µs, p99 ${(at(99) * 1000).toFixed(0)} µs; rule book ~${bookMb.toFixed(1)} MB of heap`,
  ];
}
