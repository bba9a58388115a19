/**
 * The labelled set of rule detection (test/fixtures/rules/*.yaml): sentences as teachers and liaisons write
 * them, each with the rule ids a reader accepts as its first citation (none: the sentence breaks no rule).
 *
 * The held-out part is fixed by the sentence alone, before any tuning: a sentence is held out when the first
 * four bytes of the SHA-256 of its text, read as an unsigned integer, are below 30 % of the range
 * (heldOut()). issue-11.yaml holds the complaints quoted in issue 11, which were read while tuning: it is
 * always in the tuning part.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { RuleSubject } from '../domain/rules/rule';

export const HELD_OUT_SHARE = 0.3;
const ALWAYS_TUNING = new Set(['issue-11.yaml']);

export type Part = 'tuning' | 'held-out';

export interface LabelledSentence {
  text: string;
  /** Region abbreviation (regions.yaml `abbr`). */
  region: string;
  subject: RuleSubject;
  /** Rule ids acceptable as the first match; empty: harmless. */
  accept: string[];
  part: Part;
  file: string;
}

const groupSchema = z
  .object({
    region: z.string().regex(/^[A-Z]{2,7}$/),
    kind: z.enum(['burden', 'complaint', 'monthly']).default('complaint'),
    fields: z.object({ approved: z.enum(['yes', 'no', 'unknown']).optional(), category: z.string().optional() }).strict().optional(),
    accept: z.array(z.string().min(1)),
    texts: z.array(z.string().trim().min(1)).min(1),
  })
  .strict();
const fileSchema = z.object({ groups: z.array(groupSchema).min(1) }).strict();

export function heldOut(text: string): boolean {
  const h = createHash('sha256').update(text.normalize('NFKC').trim(), 'utf8').digest();
  return h.readUInt32BE(0) < HELD_OUT_SHARE * 2 ** 32;
}

export function loadLabelledSet(dir: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const parsed = fileSchema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
    for (const g of parsed.data.groups) {
      for (const text of g.texts) {
        const subject: RuleSubject = { kind: g.kind, content: text, ...(g.fields?.approved ? { approved: g.fields.approved } : {}), ...(g.fields?.category ? { category: g.fields.category } : {}) };
        const part: Part = !ALWAYS_TUNING.has(file) && heldOut(text) ? 'held-out' : 'tuning';
        out.push({ text, region: g.region, subject, accept: g.accept, part, file });
      }
    }
  }
  return out;
}
