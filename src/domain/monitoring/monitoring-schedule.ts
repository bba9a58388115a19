/**
 * When observation points answer, per region (templates/questionnaires/schedule.yaml): monthly (宁夏: due
 * the 30th, reminded the 25th) or yearly (安顺: due 25 November). Validated whole with zod at start, with
 * the order checks zod cannot express (reminder before follow-ups before the deadline), so a typo stops the
 * start instead of moving a reminder after its deadline.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { isValidYmd } from '../calendar/time-zone';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');
/** A day that every month has, so that a reminder is never clamped onto the deadline. */
const everyMonthDay = z.number().int().min(1).max(28);
// 2001 is not a leap year: 02-29 would not exist every year.
const monthDay = z.string().refine((s) => /^\d{2}-\d{2}$/.test(s) && isValidYmd(`2001-${s}`), 'must be MM-DD, a day every year has');

const common = {
  name: z.string().min(1),
  document: z.string().min(1),
  questionnaire: z.string().regex(/^[a-z0-9-]+$/),
  missing_report: z.object({ at: hhmm }).strict(),
  school_year_starts: z.number().int().min(1).max(12).default(9),
};

const regionSchema = z.discriminatedUnion('cycle', [
  z
    .object({
      ...common,
      cycle: z.literal('monthly'),
      deadline: z.object({ day: z.number().int().min(1).max(31) }).strict(),
      reminder: z.object({ day: everyMonthDay, at: hhmm }).strict(),
      followups: z.object({ days: z.array(z.union([everyMonthDay, z.literal('deadline')])), at: hhmm }).strict(),
    })
    .strict(),
  z
    .object({
      ...common,
      cycle: z.literal('yearly'),
      deadline: z.object({ date: monthDay }).strict(),
      reminder: z.object({ date: monthDay, at: hhmm }).strict(),
      followups: z.object({ dates: z.array(z.union([monthDay, z.literal('deadline')])), at: hhmm }).strict(),
    })
    .strict(),
]);

const fileSchema = z
  .object({ version: z.literal(1), default: z.string().min(1), regions: z.record(z.string().regex(/^[A-Z]{2,8}$/), regionSchema) })
  .strict();

interface ScheduleCommon {
  /** The key in schedule.yaml (REGION). */
  region: string;
  name: string;
  document: string;
  /** File name (without .yaml) under templates/questionnaires/. */
  questionnaire: string;
  reminderAt: string;
  followupAt: string;
  missingReportAt: string;
  schoolYearStarts: number;
}

export interface MonthlySchedule extends ScheduleCommon {
  cycle: 'monthly';
  deadlineDay: number;
  reminderDay: number;
  followupDays: Array<number | 'deadline'>;
}

export interface YearlySchedule extends ScheduleCommon {
  cycle: 'yearly';
  deadlineDate: string;
  reminderDate: string;
  followupDates: Array<string | 'deadline'>;
}

export type RegionSchedule = MonthlySchedule | YearlySchedule;

export function parseSchedules(yamlText: string, source: string): { defaultRegion: string; regions: Map<string, RegionSchedule> } {
  const fail = (msg: string): never => {
    throw new AppError('config_invalid', `schedule ${source}: ${msg}`);
  };
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (e) {
    return fail(`invalid YAML: ${(e as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  const regions = new Map<string, RegionSchedule>();
  for (const [region, r] of Object.entries(parsed.data.regions)) {
    const base = {
      region,
      name: r.name,
      document: r.document,
      questionnaire: r.questionnaire,
      reminderAt: r.reminder.at,
      followupAt: r.followups.at,
      missingReportAt: r.missing_report.at,
      schoolYearStarts: r.school_year_starts,
    };
    if (r.cycle === 'monthly') {
      if (r.deadline.day <= r.reminder.day) fail(`regions.${region}: the reminder (day ${r.reminder.day}) must come before the deadline (day ${r.deadline.day})`);
      for (const d of r.followups.days) {
        if (d !== 'deadline' && (d <= r.reminder.day || d > r.deadline.day)) fail(`regions.${region}: follow-up day ${d} must be after the reminder and not after the deadline`);
      }
      regions.set(region, { ...base, cycle: 'monthly', deadlineDay: r.deadline.day, reminderDay: r.reminder.day, followupDays: r.followups.days });
    } else {
      // MM-DD strings compare as dates within one year.
      if (r.deadline.date <= r.reminder.date) fail(`regions.${region}: the reminder (${r.reminder.date}) must come before the deadline (${r.deadline.date})`);
      for (const d of r.followups.dates) {
        if (d !== 'deadline' && (d <= r.reminder.date || d > r.deadline.date)) fail(`regions.${region}: follow-up ${d} must be after the reminder and not after the deadline`);
      }
      regions.set(region, { ...base, cycle: 'yearly', deadlineDate: r.deadline.date, reminderDate: r.reminder.date, followupDates: r.followups.dates });
    }
  }
  if (!regions.has(parsed.data.default)) fail(`default: no region "${parsed.data.default}"`);
  return { defaultRegion: parsed.data.default, regions };
}

/** The region's schedule, or the default one (then `usedDefault` is true: say so in the log). */
export function loadSchedule(file: string, region: string): { schedule: RegionSchedule; usedDefault: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('config_invalid', `schedule ${file}: ${(e as Error).message}`);
  }
  const { defaultRegion, regions } = parseSchedules(text, file);
  const own = regions.get(region);
  return own ? { schedule: own, usedDefault: false } : { schedule: regions.get(defaultRegion)!, usedDefault: true };
}
