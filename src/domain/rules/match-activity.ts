/**
 * Fuzzy match of an activity (or an inspection) against a list: the campus-entry whitelist (白名单,
 * 新教领秘〔2024〕2号) or the approved annual inspection plan. Reports name things loosely: other punctuation,
 * a 简称, another word order, a year prefix, "进校园活动" or not. So names are compared as sets of character
 * bigrams after normalisation:
 *
 *   1. NFKC, lower case, no whitespace, no punctuation or symbols (《》“”、·…);
 *   2. strip year/edition tokens (lexicon activity.strip_patterns: "2024年", "第三届");
 *   3. replace synonyms and 简称 by one canonical form (lexicon activity.synonyms: 创文 → 创建文明城市);
 *   4. drop generic words (lexicon activity.stopwords: 进校园, 活动, 主题, 宣传, 教育, 学生…), unless that
 *      leaves fewer than 2 characters, in which case step 3's result is used.
 *
 * similarity(a, b) = max(Dice(A, B), overlap(A, B) × 0.9 × min(1, min(|A|, |B|) / 3)) over the bigram sets A, B:
 * Dice rewards names of similar length, the overlap coefficient tolerates a 简称 contained in the full name,
 * damped when the shorter name has fewer than 3 bigrams (so "安全" alone does not match everything).
 *
 * With implementing units on both sides the score is 0.8 × name + 0.2 × unit (units: steps 1 and 3 only),
 * and a unit similarity below 0.2 (clearly another body) caps the verdict at 'probably'. Without both
 * units the score is the name similarity.
 *
 * Verdicts: score ≥ 0.75 'on_list'; ≥ 0.5 'probably' (a person should look); otherwise 'not_on_list'.
 */
import { normaliseName } from './normalise';
import type { ActivityLexicon, WhitelistEntry } from './rule';

export const ON_LIST_THRESHOLD = 0.75;
export const PROBABLY_THRESHOLD = 0.5;
const UNIT_MISMATCH = 0.2;
const NAME_WEIGHT = 0.8;

export type ActivityVerdict = 'on_list' | 'probably' | 'not_on_list';

export interface ActivityQuery {
  name: string;
  unit?: string;
  /** YYYY-MM-DD; entries for another year or outside their from..to are skipped. */
  date?: string;
}

export interface ActivityMatch<E extends WhitelistEntry = WhitelistEntry> {
  /** The best entry, if the list had any applicable entry. */
  entry?: E;
  /** 0..1, two decimals. */
  score: number;
  nameScore: number;
  unitScore?: number;
  verdict: ActivityVerdict;
}

const EMPTY_LEXICON: ActivityLexicon = { synonyms: {}, stopwords: [], stripPatterns: [] };

interface Compiled {
  strip: RegExp[];
  synonymRe?: RegExp;
  stopwordRe?: RegExp;
}
const compiledCache = new WeakMap<ActivityLexicon, Compiled>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternation(words: string[]): RegExp | undefined {
  if (words.length === 0) return undefined;
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRe).join('|'), 'gu');
}

function compiled(lex: ActivityLexicon): Compiled {
  let c = compiledCache.get(lex);
  if (!c) {
    const keys = Object.keys(lex.synonyms);
    // Canonical forms are part of the alternation (longest first), so "扫黑除恶" is not re-expanded by "扫黑".
    c = {
      strip: lex.stripPatterns.map((re) => new RegExp(re.source, 'gu')),
      synonymRe: alternation([...keys, ...Object.values(lex.synonyms)]),
      stopwordRe: alternation(lex.stopwords),
    };
    compiledCache.set(lex, c);
  }
  return c;
}

function applySynonyms(s: string, lex: ActivityLexicon): string {
  const re = compiled(lex).synonymRe;
  return re ? s.replace(re, (m) => lex.synonyms[m] ?? m) : s;
}

/** Normalised comparison form of an activity name (steps 1–4 above). */
export function prepareActivityName(name: string, lex: ActivityLexicon = EMPTY_LEXICON): string {
  const base = normaliseName(name);
  let s = base;
  for (const re of compiled(lex).strip) s = s.replace(re, '');
  s = applySynonyms(s, lex);
  const re = compiled(lex).stopwordRe;
  const stripped = re ? s.replace(re, '') : s;
  if (stripped.length >= 2) return stripped;
  return s.length > 0 ? s : base;
}

/** Normalised comparison form of a unit name (steps 1 and 3). */
export function prepareUnitName(unit: string, lex: ActivityLexicon = EMPTY_LEXICON): string {
  return applySynonyms(normaliseName(unit), lex);
}

function bigrams(s: string): Set<string> {
  const chars = [...s];
  if (chars.length === 1) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Similarity of two prepared names, 0..1 (see the header). */
export function similarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  const A = bigrams(a);
  const B = bigrams(b);
  let inter = 0;
  for (const g of A) if (B.has(g)) inter++;
  if (inter === 0) return 0;
  const small = Math.min(A.size, B.size);
  const dice = (2 * inter) / (A.size + B.size);
  const overlap = inter / small;
  return Math.min(1, Math.max(dice, overlap * 0.9 * Math.min(1, small / 3)));
}

function applies(entry: WhitelistEntry, date: string | undefined): boolean {
  if (!date) return true;
  if (entry.year !== undefined && Number(date.slice(0, 4)) !== entry.year) return false;
  if (entry.from !== undefined && date < entry.from) return false;
  if (entry.to !== undefined && date > entry.to) return false;
  return true;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function verdictOf(score: number): ActivityVerdict {
  if (score >= ON_LIST_THRESHOLD) return 'on_list';
  if (score >= PROBABLY_THRESHOLD) return 'probably';
  return 'not_on_list';
}

/** The best entry for an activity, with its score and verdict. Same function for inspections vs the plan. */
export function matchActivity<E extends WhitelistEntry>(
  query: ActivityQuery,
  entries: readonly E[],
  lex: ActivityLexicon = EMPTY_LEXICON,
): ActivityMatch<E> {
  const qName = prepareActivityName(query.name, lex);
  const qUnit = query.unit ? prepareUnitName(query.unit, lex) : '';
  let best: ActivityMatch<E> = { score: 0, nameScore: 0, verdict: 'not_on_list' };
  let bestRaw = -1;
  for (const entry of entries) {
    if (!applies(entry, query.date)) continue;
    const nameScore = similarity(qName, prepareActivityName(entry.name, lex));
    let score = nameScore;
    let unitScore: number | undefined;
    const eUnit = entry.unit ? prepareUnitName(entry.unit, lex) : '';
    if (qUnit && eUnit) {
      unitScore = similarity(qUnit, eUnit);
      score = NAME_WEIGHT * nameScore + (1 - NAME_WEIGHT) * unitScore;
    }
    if (score > bestRaw) {
      bestRaw = score;
      let verdict = verdictOf(score);
      if (verdict === 'on_list' && unitScore !== undefined && unitScore < UNIT_MISMATCH) verdict = 'probably';
      best = {
        entry,
        score: round2(score),
        nameScore: round2(nameScore),
        ...(unitScore !== undefined ? { unitScore: round2(unitScore) } : {}),
        verdict,
      };
    }
  }
  return best;
}
