import { isoWeekday, parseYmd } from './civil-date';
import { ZH_DATE_FORMAT, ZH_WEEKDAY_NAMES } from './zh-vocabulary';

/**
 * '2024-06-05' → 2024年6月5日（星期三）, for echoing a parsed date back ("您填写的日期是 …"). Printing the weekday
 * lets a teacher spot a wrong year or week at a glance. Formatting only: the sentence around it is a template's.
 * Throws RangeError on anything that is not a valid 'YYYY-MM-DD' (callers pass values parseDate produced).
 */
export function formatDateZh(ymd: string): string {
  const d = parseYmd(ymd);
  if (!d) throw new RangeError(`formatDateZh: not a valid YYYY-MM-DD date: ${JSON.stringify(ymd)}`);
  const f = ZH_DATE_FORMAT;
  const weekday = ZH_WEEKDAY_NAMES[isoWeekday(d) % 7] as string;
  return `${d.year}${f.year}${d.month}${f.month}${d.day}${f.day}${f.weekdayOpen}${weekday}${f.weekdayClose}`;
}
