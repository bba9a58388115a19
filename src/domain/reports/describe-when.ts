import { formatDateZh } from '../../core/parsers';

/** When a report's matter happened (or is planned), as stored: a day, a range, or only a month. */
export interface WhenFields {
  happenedOn?: string;
  happenedUntil?: string;
  happenedPrecision?: 'day' | 'month';
  planned?: boolean;
}

/**
 * The words for it, from templates (report.when_*): 2026年11月20日（星期五）至 2026年11月30日（星期一）, 2025年9月,
 * 计划于 2026年12月4日（星期五）. Undefined when no date was given.
 */
export function describeWhen(t: (id: string, vars?: Record<string, unknown>) => string, w: WhenFields): string | undefined {
  if (!w.happenedOn) return undefined;
  let text: string;
  if (w.happenedPrecision === 'month') {
    text = t('report.when_month', { year: Number(w.happenedOn.slice(0, 4)), month: Number(w.happenedOn.slice(5, 7)) });
  } else if (w.happenedUntil) {
    text = t('report.when_range', { from: formatDateZh(w.happenedOn), to: formatDateZh(w.happenedUntil) });
  } else {
    text = formatDateZh(w.happenedOn);
  }
  return w.planned ? t('report.when_planned', { when: text }) : text;
}
