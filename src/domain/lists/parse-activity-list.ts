/**
 * A whitelist or an inspection plan as a bureau keeps it, in CSV (UTF-8 or GB18030, as Excel writes it) or
 * XLSX (the first sheet), read into entries. The header row is found by its words (templates/lists/columns.yaml,
 * so a bureau's own headings can be added without code), also below a title row or two. Every row is checked
 * and every problem reported with its line; one problem and nothing is imported.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../workbench/load-exceljs';
import { parseCsv } from '../../core/parse-csv';
import { exceedsGraphemes } from '../../core/parsers/count-graphemes';
import { LIST_ENTRY_FIELDS, listEntriesBytes, MAX_LIST_ENTRIES_BYTES, type ListEntry, type ListEntryField, type ListKind } from '../../store/activity-list.model';
import { normaliseName } from '../rules/normalise';
import { headerKey, type ListColumns } from './list-columns';

export interface ListProblem {
  /** 1-based line (CSV) or row (XLSX); 0 for the file as a whole. */
  line: number;
  column?: string;
  problem: string;
}

export type ParsedList = { ok: true; entries: ListEntry[]; warnings: ListProblem[] } | { ok: false; errors: ListProblem[]; warnings: ListProblem[] };

export type ListFormat = 'csv' | 'xlsx';

/** Limits in graphemes. 附件7 asks for 活动主要内容 in 100 characters: longer is imported, with a warning. */
export const LIST_LIMITS = { name: 100, field: 500, contentAdvised: 100, rows: 5000, headerSearchRows: 5 } as const;

interface Sheet {
  rows: Array<{ line: number; cells: string[] }>;
}

export async function parseActivityList(bytes: Buffer, format: ListFormat, kind: ListKind, columns: ListColumns): Promise<ParsedList> {
  let sheet: Sheet;
  try {
    sheet = format === 'csv' ? csvSheet(bytes) : await xlsxSheet(bytes);
  } catch (e) {
    return { ok: false, errors: [{ line: 0, problem: (e as Error).message }], warnings: [] };
  }
  return readSheet(sheet, columns[kind]);
}

function csvSheet(bytes: Buffer): Sheet {
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(`not a readable CSV at line ${parsed.line}: ${parsed.problem}`);
  return { rows: parsed.records.map((r) => ({ line: r.line, cells: r.fields })) };
}

async function xlsxSheet(bytes: Buffer): Promise<Sheet> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new Error('not a readable XLSX file (save it from the spreadsheet as .xlsx, or send CSV)');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('the XLSX file has no sheet');
  const rows: Sheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    rows.push({ line: n, cells });
  });
  return { rows };
}

/** A cell as a person reads it; a date cell as YYYY-MM-DD (Excel keeps calendar dates at UTC midnight). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v !== null && typeof v === 'object' && 'result' in v) {
    const r = (v as { result?: unknown }).result;
    return r instanceof Date ? r.toISOString().slice(0, 10) : String(r ?? '');
  }
  return cell.text ?? '';
}

function readSheet(sheet: Sheet, aliases: ListColumns['whitelist']): ParsedList {
  const errors: ListProblem[] = [];
  const warnings: ListProblem[] = [];
  const byWord = new Map<string, ListEntryField | 'ignore'>();
  for (const [field, words] of Object.entries(aliases)) for (const w of words) byWord.set(headerKey(w), field as ListEntryField | 'ignore');

  const headerAt = sheet.rows.slice(0, LIST_LIMITS.headerSearchRows).findIndex((r) => r.cells.some((c) => byWord.get(headerKey(c)) === 'name'));
  if (headerAt === -1) {
    const names = aliases.name.join('、');
    return { ok: false, errors: [{ line: sheet.rows[0]?.line ?? 0, problem: `no header row with a name column (${names}) in the first ${LIST_LIMITS.headerSearchRows} rows` }], warnings };
  }
  const header = sheet.rows[headerAt]!;
  const fieldAt = new Map<number, ListEntryField>();
  const seen = new Map<ListEntryField, string>();
  header.cells.forEach((cell, i) => {
    const text = cell.trim();
    if (text === '') return;
    const field = byWord.get(headerKey(text));
    if (field === undefined) warnings.push({ line: header.line, column: text, problem: 'unknown column, not imported' });
    else if (field === 'ignore') return;
    else if (seen.has(field)) errors.push({ line: header.line, column: text, problem: `a second column for the same field as "${seen.get(field)}"` });
    else {
      seen.set(field, text);
      fieldAt.set(i, field);
    }
  });

  const body = sheet.rows.slice(headerAt + 1);
  if (body.length > LIST_LIMITS.rows) errors.push({ line: 0, problem: `more than ${LIST_LIMITS.rows} rows: split the list` });
  const entries: ListEntry[] = [];
  const firstLine = new Map<string, number>();
  for (const row of errors.length > 0 ? [] : body) {
    const entry: Partial<Record<ListEntryField, string>> = {};
    for (const [i, field] of fieldAt) {
      const text = (row.cells[i] ?? '').trim();
      if (text !== '') entry[field] = text;
    }
    if (Object.keys(entry).length === 0) continue; // a blank row, or one with only its serial number
    const column = (f: ListEntryField) => seen.get(f) ?? f;
    if (!entry.name) {
      errors.push({ line: row.line, column: column('name'), problem: 'empty: every row needs a name' });
      continue;
    }
    for (const f of LIST_ENTRY_FIELDS) {
      const text = entry[f];
      if (text === undefined) continue;
      const max = f === 'name' ? LIST_LIMITS.name : LIST_LIMITS.field;
      if (exceedsGraphemes(text, max)) errors.push({ line: row.line, column: column(f), problem: `longer than ${max} characters` });
    }
    if (entry.content && exceedsGraphemes(entry.content, LIST_LIMITS.contentAdvised)) {
      warnings.push({ line: row.line, column: column('content'), problem: `longer than the ${LIST_LIMITS.contentAdvised} characters 附件7 asks for` });
    }
    const key = `${normaliseName(entry.name)}|${normaliseName(entry.unit ?? '')}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) errors.push({ line: row.line, column: column('name'), problem: `the same entry as line ${earlier}` });
    else firstLine.set(key, row.line);
    entries.push(entry as ListEntry);
  }
  if (errors.length === 0 && entries.length === 0) errors.push({ line: header.line, problem: 'no entries under the header' });
  if (errors.length === 0) {
    const tooLarge = sizeProblem(entries, (f) => seen.get(f) ?? f);
    if (tooLarge) errors.push(tooLarge);
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, entries, warnings };
}

/** A list is stored as one document: past MAX_LIST_ENTRIES_BYTES it is refused whole, naming the largest column. */
function sizeProblem(entries: ListEntry[], column: (f: ListEntryField) => string): ListProblem | undefined {
  const bytes = listEntriesBytes(entries);
  if (bytes <= MAX_LIST_ENTRIES_BYTES) return undefined;
  const byField = new Map<ListEntryField, number>();
  for (const e of entries) for (const f of LIST_ENTRY_FIELDS) if (e[f]) byField.set(f, (byField.get(f) ?? 0) + Buffer.byteLength(e[f]!));
  const [largest] = [...byField.entries()].sort((a, b) => b[1] - a[1]);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return {
    line: 0,
    ...(largest ? { column: column(largest[0]) } : {}),
    problem:
      `the list takes ${mb(bytes)} MB as stored, more than the ${mb(MAX_LIST_ENTRIES_BYTES)} MB one list can hold: ` +
      `shorten the longest columns${largest ? ` (${column(largest[0])} takes ${mb(largest[1])} MB)` : ''} or import fewer rows`,
  };
}
