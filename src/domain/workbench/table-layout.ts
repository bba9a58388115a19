/**
 * The layout of the documents' tables (templates/workbench/tables.yaml): per table its sheet name, title,
 * header lines, columns in the document's order, and footnote. Checked at start: each table must list exactly
 * the fields its rows have (TABLE_FIELDS), so a renamed key fails loudly instead of exporting an empty column.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { templatesFromMap, type TemplateVars } from '../../core/templates';

/** The fields of each table's rows; the layout orders them and names them. */
export const TABLE_FIELDS = {
  contacts: ['n', 'unit', 'department', 'head', 'officePhone', 'mobile', 'wechat', 'hotline', 'mailbox'],
  problems: ['n', 'category', 'itemName', 'unit', 'happenedOn', 'place', 'scope', 'content', 'form', 'opinion', 'note'],
  rectification: ['n', 'category', 'itemName', 'unit', 'basis', 'measures', 'deadline', 'state', 'note'],
  whitelist: ['n', 'name', 'unit', 'basis', 'time', 'place', 'scope', 'content', 'form', 'acceptance', 'note'],
} as const;
export type TableId = keyof typeof TABLE_FIELDS;
export const TABLE_IDS = Object.keys(TABLE_FIELDS) as TableId[];

export interface ColumnLayout {
  key: string;
  heading: string;
  /** A second heading line under this column only (附件2: 意见建议 → 清理/保留/优化). */
  sub?: string;
  width: number;
}

export interface TableLayout {
  sheet: string;
  title: string;
  header: string[];
  columns: ColumnLayout[];
  footnote?: string;
}

export interface TableLayouts {
  tables: Record<TableId, TableLayout>;
  categorySeparator: string;
  /** Renders the file's texts: 'date', 'category', 'note_case', '<table>.header.<i>', '<table>.footnote'. */
  render(id: string, vars?: TemplateVars): string;
}

const text = z.string().trim().min(1);
const tableSchema = z
  .object({
    sheet: text.max(31).regex(/^[^:\\/?*[\]]+$/, 'a sheet name has at most 31 characters and none of : \\ / ? * [ ]'),
    title: text,
    header: z.array(text).min(1),
    columns: z.array(z.object({ key: text, heading: text, sub: text.optional(), width: z.number().int().min(4).max(80).default(14) }).strict()).min(1),
    footnote: text.optional(),
  })
  .strict();
const fileSchema = z
  .object({
    date: text,
    category: text,
    category_separator: z.string(),
    note_case: text,
    tables: z.object(Object.fromEntries(TABLE_IDS.map((id) => [id, tableSchema])) as Record<TableId, typeof tableSchema>).strict(),
  })
  .strict();

export function parseTableLayouts(yamlText: string, source: string): TableLayouts {
  const r = fileSchema.safeParse(parse(yamlText));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new AppError('config_invalid', `${source}: ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  const f = r.data;
  for (const id of TABLE_IDS) {
    const keys = f.tables[id].columns.map((c) => c.key);
    const want: readonly string[] = TABLE_FIELDS[id];
    if (keys.length !== want.length || !want.every((k) => keys.includes(k))) {
      throw new AppError('config_invalid', `${source}: tables.${id}: the column keys must be exactly ${want.join(', ')} (in any order), got ${keys.join(', ')}`);
    }
  }
  const texts = new Map<string, string>([
    ['date', f.date],
    ['category', f.category],
    ['note_case', f.note_case],
  ]);
  for (const id of TABLE_IDS) {
    f.tables[id].header.forEach((h, i) => texts.set(`${id}.header.${i}`, h));
    if (f.tables[id].footnote) texts.set(`${id}.footnote`, f.tables[id].footnote);
  }
  let templates;
  try {
    templates = templatesFromMap(texts);
  } catch (e) {
    throw new AppError('config_invalid', `${source}: ${(e as Error).message}`);
  }
  return { tables: f.tables as Record<TableId, TableLayout>, categorySeparator: f.category_separator, render: (id, vars) => templates.render(id, vars) };
}

export function loadTableLayouts(file: string): TableLayouts {
  return parseTableLayouts(readFileSync(file, 'utf8'), file);
}
