/** The burden ledger's estimation rules (templates/ledger/estimates.yaml), validated whole at start. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { REPORT_CATEGORY_CODES } from '../../store/report.model';

const defaultSchema = z.object({ scope: z.union([z.literal('school'), z.number().int().min(1)]), hours: z.number().positive() }).strict();

const rulesSchema = z
  .object({
    duration_units: z.record(z.string().min(1), z.number().positive()),
    duration_words: z.record(z.string().min(1), z.number().positive()),
    whole_school: z.array(z.string().min(1)).min(1),
    school_size_default: z.number().int().min(1),
    people_units: z.array(z.string().min(1)).min(1),
    categories: z.object(Object.fromEntries(REPORT_CATEGORY_CODES.map((c) => [c, defaultSchema])) as Record<(typeof REPORT_CATEGORY_CODES)[number], typeof defaultSchema>).strict(),
    monthly: z.object({ inspections: defaultSchema, activities: defaultSchema, forms: defaultSchema, secondments: defaultSchema }).strict(),
  })
  .strict();

export type LedgerRules = z.infer<typeof rulesSchema>;
export type LedgerDefault = z.infer<typeof defaultSchema>;

export function parseLedgerRules(text: string, source = 'estimates.yaml'): LedgerRules {
  const parsed = rulesSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('config_invalid', `${source}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export const loadLedgerRules = (file: string): LedgerRules => parseLedgerRules(readFileSync(file, 'utf8'), file);
