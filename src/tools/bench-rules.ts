/**
 * The rule matcher's share of `npm run bench`: every submitted report and every item of a monthly table is
 * matched against the region's catalogs (all 67 rules of the five documents) and, when imported, a whitelist
 * and a plan. Prints subjects matched per second, p50/p99 per subject, and the heap the loaded rule book takes.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../project-root';
import { loadRuleBook } from '../domain/rules/load-catalogs';
import { matchRules } from '../domain/rules/match-rules';
import type { RuleSubject, WhitelistEntry } from '../domain/rules/rule';

const SUBJECTS: RuleSubject[] = [
  { kind: 'burden', category: 'campus_affairs', itemName: '防溺水知识网络答题', organisingUnit: '县教育局', content: '要求每位教师下载APP答题并截图上报' },
  { kind: 'complaint', organisingUnit: '某街道办', content: '让老师周末上街执勤劝导交通，还要拍照打卡，不去就扣绩效' },
  { kind: 'burden', category: 'other', itemName: '安全教育', organisingUnit: '本校', content: '学校组织学生观看安全教育视频', approved: 'yes' },
  { kind: 'monthly', period: '2026-11', inspections: [{ name: '校园安全大检查', unit: '县应急管理局', date: '2026-11-05' }], activities: [{ name: '交通安全进校园宣传', unit: '县交警大队', date: '2026-11-10' }] },
  { kind: 'monthly', period: '2026-11', secondments: [{ to: '县创建文明城市指挥部', since: '2026-03-01' }] },
];

const WHITELIST: WhitelistEntry[] = Array.from({ length: 60 }, (_, i) => ({ name: i === 0 ? '交通安全宣传教育进校园活动' : `第${i}项进校园活动`, unit: `县直单位${i}`, year: 2026 }));

export function benchRules(rounds = Number(process.env.BENCH_RULE_ROUNDS || 4000)): string[] {
  const before = process.memoryUsage().heapUsed;
  const book = loadRuleBook(join(projectRoot(), 'templates', 'rules'));
  const bookMb = (process.memoryUsage().heapUsed - before) / 1048576;
  const ctx = { now: new Date('2026-11-26T02:00:00Z'), whitelist: WHITELIST, inspectionPlan: WHITELIST };
  for (let i = 0; i < 200; i++) matchRules(SUBJECTS[i % SUBJECTS.length]!, book.catalogs, ctx);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    matchRules(SUBJECTS[i % SUBJECTS.length]!, book.catalogs, ctx);
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
