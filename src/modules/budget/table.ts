/** Reads SIPD exports (CSV with `,` or `;`, or the first sheet of an XLSX) into rows with their line numbers. */
import { type FieldError, validationFailed } from "../../platform/errors.ts";
import { readTable as readAnyTable, type TableRow } from "../../platform/table.ts";
import { type Locale, msg } from "./context.ts";

export type { TableRow };

export function readTable(filename: string, bytes: Buffer, locale: Locale): Promise<TableRow[]> {
  return readAnyTable(filename, bytes, {
    badFile: () =>
      validationFailed([{ field: "file", code: "budget-bad-file", message: msg(locale, "Berkas XLSX tidak dapat dibaca", "The XLSX file cannot be read") }]),
    malformedCsv: ({ line, message }) =>
      validationFailed([
        {
          field: `line ${line}`,
          code: "budget-malformed-csv",
          message: msg(locale, `Baris ${line}: CSV rusak: ${message}`, `Line ${line}: malformed CSV: ${message}`),
        },
      ]),
  });
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
