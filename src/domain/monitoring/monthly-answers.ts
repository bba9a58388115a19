/**
 * The answer as the service accepts it: checked again here (the chat already did) because the service is
 * also the API's and a test's entry point, and a stored answer feeds alerts and exports for years.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { countGraphemes } from '../../core/parsers/count-graphemes';
import { isValidYmd } from '../calendar/time-zone';
import { LISTED_ANSWERS, type MonthlyAnswers } from '../../store/monthly-answer.model';
import type { ListKey } from './questionnaire';

const short = z.string().trim().min(1).refine((s) => countGraphemes(s) <= 100, 'at most 100 characters');
const day = z.string().refine(isValidYmd, 'must be a date YYYY-MM-DD');
const listed = z.enum(LISTED_ANSWERS);

const answersSchema = z
  .object({
    inspections: z.array(z.object({ name: short, unit: short, date: day, onPlan: listed }).strict()).max(200),
    activities: z.array(z.object({ name: short, unit: short, date: day, onWhitelist: listed }).strict()).max(200),
    forms: z.array(z.object({ name: short, unit: short }).strict()).max(200),
    secondments: z.array(z.object({ to: short, since: day }).strict()).max(200),
    flexibleHours: z.enum(['yes', 'no']),
    other: z.string().trim().min(1).refine((s) => countGraphemes(s) <= 500, 'at most 500 characters').optional(),
  })
  .strict();

/** The answers, or AppError('validation_failed') naming the first problem (no values: they may be personal). */
export function validateAnswers(input: unknown): MonthlyAnswers {
  const r = answersSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new AppError('validation_failed', `monthly answer: ${first.path.join('.')}: ${first.message}`);
  }
  return r.data;
}

export type ItemCounts = Record<ListKey, number>;

export function countsOf(a: MonthlyAnswers): ItemCounts {
  return { inspections: a.inspections.length, activities: a.activities.length, forms: a.forms.length, secondments: a.secondments.length };
}

/** The organising / requesting units named, as written (trimmed, width-folded), one entry per item. */
export function unitsOf(a: MonthlyAnswers): string[] {
  return [...a.inspections, ...a.activities, ...a.forms].map((i) => i.unit.normalize('NFKC').replace(/\s+/g, ' ').trim());
}
