/** Reads SIPD exports (CSV with `,` or `;`, or the first sheet of an XLSX) into rows with their line numbers. */
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { type FieldError, validationFailed } from "../../platform/errors.ts";
import { type Locale, msg } from "./context.ts";

export interface TableRow {
  line: number;
  cells: string[];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && "result" in v) return String(v.result ?? "");
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  return String(v);
}

export async function readTable(filename: string, bytes: Buffer, locale: Locale): Promise<TableRow[]> {
  const isXlsx = /\.xlsx$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b);
  if (isXlsx) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw validationFailed([
        { field: "file", code: "budget-bad-file", message: msg(locale, "Berkas XLSX tidak dapat dibaca", "The XLSX file cannot be read") },
      ]);
    }
    const out: TableRow[] = [];
    wb.worksheets[0]?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value).trim());
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
    const err = e as { lines?: number; message?: string };
    throw validationFailed([
      {
        field: `line ${err.lines ?? 0}`,
        code: "budget-malformed-csv",
        message: msg(locale, `Baris ${err.lines ?? 0}: CSV rusak: ${err.message ?? ""}`, `Line ${err.lines ?? 0}: malformed CSV: ${err.message ?? ""}`),
      },
    ]);
  }
}

/** Column letters as a spreadsheet shows them: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Finds each wanted column in the header row (by any of its names); missing required ones are errors. */
export function headerIndex<K extends string>(
  header: TableRow,
  columns: Record<K, readonly string[]>,
  required: NoInfer<K>[],
  locale: Locale,
): { index: Record<K, number>; errors: FieldError[] } {
  const norm = header.cells.map((c) =>
    c
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, ""),
  );
  const index = {} as Record<K, number>;
  const errors: FieldError[] = [];
  for (const k of Object.keys(columns) as K[]) {
    index[k] = norm.findIndex((c) => columns[k].includes(c));
    if (index[k] < 0 && required.includes(k))
      errors.push({
        field: `line ${header.line}`,
        code: "budget-missing-column",
        message: msg(locale, `Baris ${header.line}: kolom "${columns[k][0]}" tidak ada`, `Line ${header.line}: column "${columns[k][0]}" is missing`),
      });
  }
  return { index, errors };
}

/** "1.500.000", "1,500,000", "1500000", "1500000.50", "Rp 1.500.000" → number; anything else NaN. */
export function parseAmount(raw: string): number {
  let s = raw
    .trim()
    .replace(/^rp\.?\s*/i, "")
    .replace(/\s/g, "");
  if (s === "") return Number.NaN;
  if (/^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) s = s.replace(/,/g, "");
  else if (/^-?\d+,\d{1,2}$/.test(s)) s = s.replace(",", ".");
  return /^-?\d+(\.\d{1,2})?$/.test(s) ? Number(s) : Number.NaN;
}
