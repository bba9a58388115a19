/**
 * The surveys of teachers (templates/surveys/*.yaml): what each asks, when each yearly round is open, the
 * participation floor and when the monthly note goes out. Validated whole at start.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';

const MMDD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const surveySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    document: z.string().min(1),
    title: z.string().min(1),
    regions: z.array(z.string().regex(/^[A-Z]{2,6}$/)).min(1),
    floor_percent: z.number().min(1).max(100),
    opens: z.string().regex(MMDD),
    closes: z.string().regex(MMDD),
    announce_time: z.string().regex(HHMM),
    note_day: z.number().int().min(1).max(28),
    note_time: z.string().regex(HHMM),
    questions: z
      .array(z.object({ id: z.string().regex(/^[a-z0-9_]+$/), text: z.string().min(1), choices: z.array(z.string().min(1)).min(2).max(9) }).strict())
      .min(1),
  })
  .strict()
  .refine((s) => s.opens <= s.closes, { message: 'closes must not be before opens (a round lies within one year)' });

export type SurveyDefinition = z.infer<typeof surveySchema>;

export function parseSurvey(text: string, source: string): SurveyDefinition {
  const parsed = surveySchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('config_invalid', `${source}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadSurveys(dir: string): SurveyDefinition[] {
  const surveys = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseSurvey(readFileSync(join(dir, f), 'utf8'), f));
  const ids = new Set<string>();
  for (const s of surveys) {
    if (ids.has(s.id)) throw new AppError('config_invalid', `templates/surveys: the id "${s.id}" is used twice`);
    ids.add(s.id);
  }
  return surveys;
}
