/**
 * A table as people read it on the dashboard and download it: a title, column headings and rows of cells
 * already in their final form (numbers, or texts such as a masked small cell), and optionally one bar per
 * row for a chart. The domain fills it (words from templates/); http only draws and exports it.
 */
export type DataCell = string | number;

export interface ChartBar {
  label: string;
  /** The bar's length (a lower bound when the text says so). */
  value: number;
  /** The full length of this bar's scale (a share of 100%, of a city's points); default: the largest value. */
  max?: number;
  /** What is written beside the bar. */
  text: string;
}

export interface DataTable {
  /** File-name safe, also the export's name: "cases-open". */
  id: string;
  title: string;
  /** A sentence under the title (how figures were made, what a masked cell means). */
  note?: string;
  columns: string[];
  rows: DataCell[][];
  chart?: ChartBar[];
}

/** A dashboard page: its title and tables, and what the viewer may pick (period, year). */
export interface DashboardPage {
  id: string;
  title: string;
  tables: DataTable[];
}
