/**
 * A WorkbenchTable as the .xlsx a bureau files: the title (merged across the table, bold), the header lines
 * (填报单位…), the column headings in the document's order (and the second heading line where the document has
 * one), the rows, and the footnote; printed landscape on A4 with the headings repeated on every page.
 *
 * Formula injection: no cell is ever a formula. Every text is written as a string cell, and a text that begins
 * with = + - @ (or a tab or carriage return, which some programs strip before reading the rest) also gets the
 * Text number format, so that a spreadsheet does not read it as a formula even when someone edits the cell.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './load-exceljs';
import type { Cell, WorkbenchTable } from './create-workbench';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text would be taken for a formula by a spreadsheet if it were not kept as text. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

function put(cell: ExcelJS.Cell, value: Cell): void {
  if (typeof value === 'number') {
    cell.value = value;
    return;
  }
  // A string value: exceljs writes it as a shared string, never as a formula (those need { formula }).
  cell.value = value;
  if (looksLikeFormula(value)) cell.numFmt = '@';
}

/** What the writer reads of a table (the dashboard's tables are written the same way). */
export type XlsxTable = Pick<WorkbenchTable, 'sheet' | 'title' | 'headerLines' | 'columns' | 'rows' | 'footnote'>;

export async function writeTableXlsx(table: XlsxTable): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.created = new Date(0); // the same table gives the same bytes
  const ws = wb.addWorksheet(table.sheet, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = table.columns.length;
  ws.columns = table.columns.map((c) => ({ width: c.width }));

  const line = (text: string, style: Partial<ExcelJS.Style>): void => {
    const row = ws.addRow([]);
    put(row.getCell(1), text);
    ws.mergeCells(row.number, 1, row.number, width);
    Object.assign(row.getCell(1), style);
  };
  line(table.title, { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } });
  ws.getRow(1).height = 30;
  for (const h of table.headerLines) line(h, { alignment: { horizontal: 'left', vertical: 'middle' } });

  const headingRows: ExcelJS.Row[] = [ws.addRow(table.columns.map((c) => c.heading))];
  if (table.columns.some((c) => c.sub)) headingRows.push(ws.addRow(table.columns.map((c) => c.sub ?? '')));
  for (const row of headingRows) {
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    });
  }
  ws.pageSetup.printTitlesRow = `${headingRows[0]!.number}:${headingRows.at(-1)!.number}`;

  for (const r of table.rows) {
    const row = ws.addRow([]);
    table.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      put(cell, r[c.key] ?? '');
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = BORDER;
    });
  }
  if (table.footnote) line(table.footnote, { alignment: { horizontal: 'left', vertical: 'top', wrapText: true } });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
