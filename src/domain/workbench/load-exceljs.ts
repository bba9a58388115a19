import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on the first export or import of a table: it holds about 30 MB once required, which the
 * message path (most of the server's life) never needs.
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
