/**
 * `npm run --silent rules:match -- --region NX [--now 2026-11-26T10:00:00+08:00]`: a bureau tests its
 * catalogs. Reads JSON lines from stdin, each {"id", "kind": "burden"|"complaint"|"monthly", "text", …the
 * structured fields of a rule subject (category, itemName, organisingUnit, form, approved, activities,
 * inspections, secondments, trainingHoursThisYear, period, submittedAt)}, and writes one JSON line per input
 * line, in order: {"id", "rules": [{"ruleId", "clause", "confidence"}]}, best first. A line that is not
 * such an object gets {"id", "error"} (id null when it cannot be read) and the run goes on. Whitelists and
 * inspection plans are not loaded here: an item is judged by what the line declares (declaredOnList).
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidYmd } from '../domain/calendar/time-zone';
import { loadRuleBook, type RuleBook } from '../domain/rules/load-catalogs';
import { matchRules } from '../domain/rules/match-rules';
import { catalogsOf, findRegion } from '../domain/rules/regions';
import type { Catalog, RuleSubject } from '../domain/rules/rule';
import { projectRoot } from '../project-root';

const ymd = z.string().refine(isValidYmd, 'a date YYYY-MM-DD');
const item = z.object({ name: z.string().min(1), unit: z.string().optional(), date: ymd.optional(), declaredOnList: z.enum(['yes', 'no', 'unknown']).optional() }).strict();
const lineSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    kind: z.enum(['burden', 'complaint', 'monthly']),
    text: z.string().optional(),
    category: z.string().optional(),
    itemName: z.string().optional(),
    organisingUnit: z.string().optional(),
    form: z.string().optional(),
    approved: z.enum(['yes', 'no', 'unknown']).optional(),
    activities: z.array(item).optional(),
    inspections: z.array(item).optional(),
    secondments: z.array(z.object({ to: z.string().min(1), since: ymd }).strict()).optional(),
    trainingHoursThisYear: z.number().nonnegative().optional(),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').optional(),
    submittedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type OutputLine = { id: string | number | null; rules: Array<{ ruleId: string; clause: string; confidence: number }> } | { id: string | number | null; error: string };

/** One input line → its output line. Never throws. */
export function matchLine(line: string, catalogs: readonly Catalog[], now: Date): OutputLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: null, error: 'not JSON' };
  }
  const rawId = (raw as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  const parsed = lineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { id, error: `${issue.path.join('.') || '(line)'}: ${issue.message}` };
  }
  const { id: _id, text, submittedAt, ...fields } = parsed.data;
  const subject: RuleSubject = { ...fields, ...(text !== undefined ? { content: text } : {}), ...(submittedAt ? { submittedAt: new Date(submittedAt) } : {}) };
  try {
    const rules = matchRules(subject, catalogs, { now }).map((m) => ({ ruleId: m.ruleId, clause: m.clause, confidence: m.confidence }));
    return { id, rules };
  } catch (e) {
    return { id, error: `could not match: ${(e as Error).message}` };
  }
}

export async function rulesMatch(lines: AsyncIterable<string>, write: (s: string) => void, book: RuleBook, region: string, now: Date): Promise<void> {
  const r = findRegion(book, region);
  if (!r) throw new Error(`unknown region ${region}: use an abbreviation of templates/rules/regions.yaml (${book.regions.regions.map((x) => x.abbr).filter(Boolean).join(', ')}) or a division code`);
  const { catalogs } = catalogsOf(book, r);
  for await (const line of lines) {
    if (line.trim().length === 0) continue;
    write(`${JSON.stringify(matchLine(line, catalogs, now))}\n`);
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const region = arg('region') ?? 'DEFAULT';
  const nowArg = arg('now');
  // The tool's own clock: the one place it is read (secondment lengths and deadlines are counted to it).
  const now = nowArg ? new Date(nowArg) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO date and time, like 2026-11-26T10:00:00+08:00');
  const book = loadRuleBook(join(projectRoot(), 'templates', 'rules'));
  await rulesMatch(createInterface({ input: process.stdin, crlfDelay: Infinity }), (s) => process.stdout.write(s), book, region, now);
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(`rules:match: ${e.message}`);
    process.exit(2);
  });
}
