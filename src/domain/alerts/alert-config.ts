import { AppError } from '../../core/errors';
import { DEFAULT_TZ } from '../calendar/time-zone';

/**
 * The numbers of the alert workflow. The issue fixes three (claim and resolve deadlines, the job's interval)
 * as configurable; the others are the platform's limit and how long a reporter's answer counts.
 */
export interface AlertConfig {
  /** Working days an alert may stay unclaimed before it goes again and one level up (default 2). */
  claimDays: number;
  /** Working days a case may stay unresolved before the same (default 15). */
  resolveDays: number;
  /** Minutes between runs of the `escalation` job; divides 60 (default 30). */
  escalationEveryMinutes: number;
  /** Messages a group robot takes per window (WeCom: 20 a minute). */
  robotLimit: number;
  robotWindowMs: number;
  /** Calendar days during which the reporter's "没有" still reopens a closed case (default 30). */
  feedbackDays: number;
  /** Working days before a rectification's time limit (整改时限) that its bureau's groups are reminded (default 2). */
  rectificationRemindDays: number;
  /** Time zone of deadlines and job periods. */
  tz: string;
}

export const DEFAULT_ALERT_CONFIG: Readonly<AlertConfig> = {
  claimDays: 2,
  resolveDays: 15,
  escalationEveryMinutes: 30,
  robotLimit: 20,
  robotWindowMs: 60_000,
  feedbackDays: 30,
  rectificationRemindDays: 2,
  tz: DEFAULT_TZ,
};

const wholeIn = (name: string, v: number, min: number, max: number): void => {
  if (!Number.isInteger(v) || v < min || v > max) throw new AppError('config_invalid', `alerts: ${name} must be a whole number ${min}..${max}, got ${v}`);
};

/** The defaults with `overrides` applied, checked: a bad number stops the start, not an escalation run. */
export function alertConfig(overrides: Partial<AlertConfig> = {}): AlertConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<AlertConfig>;
  const c: AlertConfig = { ...DEFAULT_ALERT_CONFIG, ...defined };
  wholeIn('claimDays', c.claimDays, 1, 60);
  wholeIn('resolveDays', c.resolveDays, 1, 365);
  wholeIn('escalationEveryMinutes', c.escalationEveryMinutes, 1, 60);
  if (60 % c.escalationEveryMinutes !== 0) throw new AppError('config_invalid', `alerts: escalationEveryMinutes must divide 60, got ${c.escalationEveryMinutes}`);
  // One slot is kept back (alert-poster.ts), so a robot needs at least two.
  wholeIn('robotLimit', c.robotLimit, 2, 1000);
  wholeIn('robotWindowMs', c.robotWindowMs, 1000, 3_600_000);
  wholeIn('feedbackDays', c.feedbackDays, 1, 365);
  wholeIn('rectificationRemindDays', c.rectificationRemindDays, 1, 30);
  return c;
}
