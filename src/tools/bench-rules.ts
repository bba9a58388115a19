/**
 * The rule matcher's share of `npm run bench` (alone: `npm run bench -- --rules`): every submitted report and
 * every item of a monthly table is matched against the region's catalogs (all the rules of the five
 * documents) and, when imported, a whitelist and a plan. The subjects are the bench's sample reports and the
 * sentences of the labelled set (test/fixtures/rules). Prints subjects matched per second, p50/p99 per
 * subject, and the heap the loaded rule book (with the segmenter's dictionary) takes.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../project-root';
import { loadRuleBook } from '../domain/rules/load-catalogs';
import { loadLabelledSet } from './labelled-set';
import { matchRules } from '../domain/rules/match-rules';
import type { RuleSubject, WhitelistEntry } from '../domain/rules/rule';

/** Reports and monthly answers as teachers and liaisons write them (data: bench-rule-subjects.json). */
const SUBJECTS = JSON.parse(readFileSync(join(projectRoot(), 'src', 'tools', 'bench-rule-subjects.json'), 'utf8')) as { subjects: RuleSubject[]; whitelistNames: string[] };

const LABELLED: RuleSubject[] = loadLabelledSet(join(projectRoot(), 'test', 'fixtures', 'rules')).map((s) => s.subject);
const ALL = [...SUBJECTS.subjects, ...LABELLED];

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
  for (let i = 0; i < 400; i++) matchRules(ALL[i % ALL.length]!, book.catalogs, ctx);
  // Wall time, and the process's CPU time: on a shared machine the wall time's tail is mostly waiting for a core.
  const times: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    matchRules(ALL[i % ALL.length]!, book.catalogs, ctx);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const pick = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const at = (p: number) => pick(times, p);
  const load = loadavg()[0]!.toFixed(1);
  const rules = book.catalogs.reduce((n, c) => n + c.rules.length, 0);
  return [
    `rule matcher: ${rules} rules in ${book.catalogs.length} catalogs, a 60-entry whitelist and plan, ${rounds} subjects (${ALL.length} distinct)`,
    `  ${(rounds / (total / 1000)).toFixed(0)} subjects/s, p50 ${(at(50) * 1000).toFixed(0)} µs, p99 ${(at(99) * 1000).toFixed(0)} µs wall (load average ${load}); CPU p50 ${(pick(cpu, 50) * 1000).toFixed(0)} µs, p99 ${(pick(cpu, 99) * 1000).toFixed(0)} µs; rule book ~${bookMb.toFixed(1)} MB of heap`,
  ];
}
