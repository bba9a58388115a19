/**
 * A dashboard table as an .xlsx: its title, its note, the header row, the rows as shown (masked cells stay
 * masked). Strings are written as string cells, never as formulas, so a cell beginning with = + - @ stays
 * text whatever a reporter typed.
 */
import ExcelJS from 'exceljs';
import type { DataTable } from '../../core/data-table';

export async function tableToXlsx(table: DataTable, meta: { scope: string; at: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.addRow([table.title]).font = { bold: true, size: 14 };
  ws.addRow([meta.scope, meta.at]);
  if (table.note) ws.addRow([table.note]);
  ws.addRow([]);
  ws.addRow(table.columns).font = { bold: true };
  for (const r of table.rows) ws.addRow(r.map((c) => (typeof c === 'number' ? c : { richText: [{ text: c }] })));
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 24 : 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
