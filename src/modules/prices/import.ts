/** CSV/XLSX import of prices: table reading, parsing of Indonesian numbers and dates, row errors. */
import type { Queryable } from "../../platform/db.ts";
import { AppError, type FieldError, validationFailed } from "../../platform/errors.ts";
import { readTable as readAnyTable, type TableErrors, type TableRow } from "../../platform/table.ts";
import { type Locale, MAX_IMPORT_ROWS, msg } from "./common.ts";
import { type EntryResult, type PriceInput, storePrices } from "./entry.ts";

// ---- import -----------------------------------------------------------------------------------------

const COLUMNS = {
  date: ["tanggal", "date", "tgl"],
  market: ["pasar", "market", "kode_pasar"],
  commodity: ["komoditas", "commodity", "kode_komoditas"],
  price: ["harga", "price"],
} as const;
type Col = keyof typeof COLUMNS;

/** "13500", "13.500", "Rp 13.500", "13,500" → 13500; decimals and text → NaN. */
export function parsePrice(raw: string): number {
  let s = raw
    .trim()
    .replace(/^rp\.?\s*/i, "")
    .replace(/\s/g, "");
  if (/^\d{1,3}([.,]\d{3})+$/.test(s)) s = s.replace(/[.,]/g, "");
  if (/^\d+$/.test(s)) return Number(s);
  if (/^-\d+$/.test(s)) return Number(s);
  return Number.NaN;
}

/** "2026-11-23", "23/11/2026", "23-11-2026" → "2026-11-23" (invalid stays as given, the checks report it). */
export function parseDate(raw: string): string {
  const s = raw.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (dmy) return `${dmy[3]}-${dmy[2].padStart(2, "0")}-${dmy[1].padStart(2, "0")}`;
  return s;
}

function importError(locale: Locale, line: number, column: string, code: string, id: string, en: string): FieldError {
  return {
    field: `line ${line}, column ${column}`,
    code,
    message: msg(locale, `Baris ${line}, kolom ${column}: ${id}`, `Line ${line}, column ${column}: ${en}`),
  };
}

/** Table rows (the header first) from CSV or XLSX bytes; each row carries its line number in the file. */
export function readTable(filename: string, bytes: Buffer, locale: Locale): Promise<TableRow[]> {
  const errors: TableErrors = {
    badFile: () =>
      validationFailed([{ field: "file", code: "price-bad-file", message: msg(locale, "Berkas XLSX tidak dapat dibaca", "The XLSX file cannot be read") }]),
    malformedCsv: ({ line, code = "parse", message }) =>
      validationFailed([
        {
          field: `line ${line}`,
          code: "price-malformed-csv",
          message: msg(locale, `Baris ${line}: CSV rusak (${code}): ${message}`, `Line ${line}: malformed CSV (${code}): ${message}`),
        },
      ]),
  };
  return readAnyTable(filename, bytes, errors, 4);
}

/**
 * Imports prices from a CSV or XLSX table with the columns tanggal (date), pasar (market code or name),
 * komoditas (commodity code or name) and harga (price). All rows or none: every problem is reported with its
 * line and column; questioned prices need `confirm` like the grid.
 */
export async function importPrices(
  q: Queryable,
  opts: { tenantId: string; today: string; filename: string; bytes: Buffer; confirm: boolean; actorId: string | null; locale: Locale },
): Promise<EntryResult & { rows: number }> {
  const { locale } = opts;
  const table = await readTable(opts.filename, opts.bytes, locale);
  if (table.length < 2)
    throw validationFailed([
      { field: "file", code: "price-empty-file", message: msg(locale, "Berkas tidak berisi baris harga", "The file has no price rows") },
    ]);
  if (table.length - 1 > MAX_IMPORT_ROWS)
    throw validationFailed([
      {
        field: "file",
        code: "price-too-many-rows",
        message: msg(locale, `Paling banyak ${MAX_IMPORT_ROWS} baris per berkas`, `At most ${MAX_IMPORT_ROWS} rows per file`),
      },
    ]);
  const header = table[0].cells.map((h) => h.trim().toLowerCase());
  const index = {} as Record<Col, number>;
  const missing: FieldError[] = [];
  for (const col of Object.keys(COLUMNS) as Col[]) {
    index[col] = header.findIndex((h) => (COLUMNS[col] as readonly string[]).includes(h));
    if (index[col] < 0)
      missing.push(
        importError(locale, table[0].line, COLUMNS[col][0], "price-missing-column", "kolom tidak ada di baris judul", "column missing from the header row"),
      );
  }
  if (missing.length) throw validationFailed(missing);
  const body = table.slice(1);
  const inputs: PriceInput[] = [];
  const parseErrors: FieldError[] = [];
  for (const r of body) {
    const raw = r.cells[index.price] ?? "";
    const price = parsePrice(raw);
    if (Number.isNaN(price))
      parseErrors.push(importError(locale, r.line, "harga", "price-not-a-number", `"${raw}" bukan angka Rupiah`, `"${raw}" is not a Rupiah amount`));
    inputs.push({
      date: parseDate(r.cells[index.date] ?? ""),
      market: r.cells[index.market] ?? "",
      commodity: r.cells[index.commodity] ?? "",
      price: Number.isNaN(price) ? 0 : price,
    });
  }
  const colName: Record<Col, string> = { date: "tanggal", market: "pasar", commodity: "komoditas", price: "harga" };
  const where = (i: number, col: Col) => `line ${body[i].line}, column ${colName[col]}`;
  const prefix = (f: FieldError): FieldError => {
    const m = /^line (\d+), column (\w+)$/.exec(f.field);
    return m && !f.message?.startsWith(msg(locale, "Baris", "Line"))
      ? { ...f, message: msg(locale, `Baris ${m[1]}, kolom ${m[2]}: ${f.message}`, `Line ${m[1]}, column ${m[2]}: ${f.message}`) }
      : f;
  };
  try {
    const result = await storePrices(q, {
      tenantId: opts.tenantId,
      today: opts.today,
      inputs,
      confirm: opts.confirm,
      actorId: opts.actorId,
      source: "import",
      locale,
      where,
    });
    if (parseErrors.length) throw validationFailed(parseErrors);
    return { ...result, rows: inputs.length };
  } catch (e) {
    if (e instanceof AppError && e.fields) {
      // Unparseable prices were sent as 0: report them once, as "not a number".
      const bad = new Set(parseErrors.map((p) => p.field));
      const fields = [...parseErrors, ...e.fields.filter((f) => !(bad.has(f.field) && f.code === "price-not-positive"))].map(prefix);
      const cols = ["tanggal", "pasar", "komoditas", "harga"];
      const order = (f: FieldError) => {
        const m = /^line (\d+)(?:, column (\w+))?/.exec(f.field);
        return Number(m?.[1] ?? 0) * 10 + cols.indexOf(m?.[2] ?? "");
      };
      fields.sort((a, b) => order(a) - order(b));
      throw new AppError(e.code, e.status, { fields });
    }
    throw e;
  }
}
