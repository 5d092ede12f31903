/**
 * Reads an uploaded table: CSV (`,` or `;`, whichever the first line holds more of; a BOM is dropped) or the first
 * sheet of an XLSX, into rows with their line numbers in the file. The caller names its own errors (codes and
 * messages stay the module's).
 */
import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { loadExcel } from "./lazy.ts";

export interface TableRow {
  line: number;
  cells: string[];
}

export interface TableErrors {
  /** The XLSX cannot be opened. */
  badFile: () => Error;
  /** The CSV does not parse: the line it stopped at, csv-parse's code and message. */
  malformedCsv: (e: { line: number; code?: string; message: string }) => Error;
}

/** A cell as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && "result" in v) return String(v.result ?? "");
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  return String(v);
}

/** Table rows (the header first); XLSX rows are padded with "" to at least `minCells` cells. */
export async function readTable(filename: string, bytes: Buffer, errors: TableErrors, minCells = 0): Promise<TableRow[]> {
  const isXlsx = /\.xlsx$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b);
  if (isXlsx) {
    const wb = new (await loadExcel()).Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw errors.badFile();
    }
    const out: TableRow[] = [];
    wb.worksheets[0]?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let i = 1; i <= Math.max(row.cellCount, minCells); i++) cells.push(cellText(row.getCell(i).value).trim());
      out.push({ line: n, cells });
    });
    return out;
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ";" : ",";
  try {
    const records = parseCsv(text, { delimiter, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return records.map((r) => ({ line: r.info.lines, cells: r.record }));
  } catch (e) {
    const err = e as { lines?: number; code?: string; message?: string };
    throw errors.malformedCsv({ line: err.lines ?? 0, code: err.code, message: err.message ?? "" });
  }
}
