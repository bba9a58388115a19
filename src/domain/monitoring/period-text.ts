import { formatDateZh } from '../../core/parsers';
import type { TemplateVars } from '../../core/templates';
import type { MonitoringCalendar } from './monitoring-calendar';

type Render = (id: string, vars?: TemplateVars) => string;

/** "2026年11月" or "2026年度", as monthly.yaml words it. */
export function periodText(t: Render, calendar: MonitoringCalendar, period: string): string {
  const { year, month } = calendar.label(period);
  return month === undefined ? t('monthly.period_year', { year }) : t('monthly.period_month', { year, month });
}

/** The deadline day in full, with its weekday (2026年11月30日（星期一）). */
export function deadlineText(calendar: MonitoringCalendar, period: string): string {
  return formatDateZh(calendar.deadlineYmd(period));
}
