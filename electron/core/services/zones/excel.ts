import type ExcelJS from 'exceljs';

/**
 * ExcelJS, loaded on the first import or export rather than at start-up: requiring it takes
 * about 360 ms, a quarter of the host's cold start, and most sessions never touch a workbook.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
