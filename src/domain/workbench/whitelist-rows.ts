/**
 * 社会事务进校园白名单 (新教领秘〔2024〕2号 附件7): the region's imported whitelist of a year, as imported, one row
 * per entry in the order of the import.
 */
import type { ListEntry } from '../../store/activity-list.model';

export interface WhitelistRow {
  n: number;
  name: string;
  unit: string;
  basis: string;
  time: string;
  place: string;
  scope: string;
  content: string;
  form: string;
  acceptance: string;
  note: string;
}

export function whitelistRows(entries: readonly ListEntry[]): WhitelistRow[] {
  return entries.map((e, i) => ({
    n: i + 1,
    name: e.name,
    unit: e.unit ?? '',
    basis: e.basis ?? '',
    time: e.time ?? '',
    place: e.place ?? '',
    scope: e.scope ?? '',
    content: e.content ?? '',
    form: e.form ?? '',
    acceptance: e.acceptance ?? '',
    note: e.note ?? '',
  }));
}
