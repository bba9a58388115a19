/**
 * No statistic shows a cell of fewer than 3 reports: a cell built from 1 or 2 teachers' reports is shown
 * as "<3" (templates: dashboard.masked), and a total over a row or column that holds a masked cell is shown
 * as a lower bound ("≥12", the sum of what is shown; "<3" itself when the whole row holds 1 or 2), so that it cannot be subtracted back into the cell.
 * A cell of 0 reports is shown: it names no one.
 */
import type { DataCell } from '../../core/data-table';

export const MIN_REPORTS = 3;

export interface Cell {
  value: number;
  /** Teachers' reports behind the value (monthly answers of observation points are not counted: not anonymous). */
  reports: number;
}

export const isMasked = (c: Cell): boolean => c.reports > 0 && c.reports < MIN_REPORTS;

export interface Words {
  masked: string;
  atLeast: (n: string) => string;
  format?: (n: number) => string;
}

export function cellOut(c: Cell, w: Words): DataCell {
  if (isMasked(c)) return w.masked;
  return w.format ? w.format(c.value) : c.value;
}

/** The total of `cells` as shown, and the value a chart may draw (a lower bound when a cell is masked). */
export function totalOut(cells: readonly Cell[], w: Words): { out: DataCell; value: number } {
  const shown = cells.filter((c) => !isMasked(c)).reduce((n, c) => n + c.value, 0);
  const fmt = (n: number) => (w.format ? w.format(n) : n);
  const all = cells.reduce(addCell, ZERO_CELL);
  if (isMasked(all)) return { out: w.masked, value: 0 };
  if (cells.some(isMasked)) return { out: w.atLeast(String(fmt(shown))), value: shown };
  return { out: fmt(shown), value: shown };
}

export const addCell = (a: Cell, b: Cell): Cell => ({ value: a.value + b.value, reports: a.reports + b.reports });
export const ZERO_CELL: Cell = { value: 0, reports: 0 };
