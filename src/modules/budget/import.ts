/**
 * Imports of SIPD exports: an OPD's RKA/DPA lines (during drafting only) and realisation (BPKAD SP2D / SIPD
 * realisasi, any time). All rows or none: every problem is reported with its line and column.
 */
import { createHash } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db.ts";
import { type FieldError, locked, validationFailed } from "../../platform/errors.ts";
import { appendChain } from "./chain.ts";
import { ACCOUNT_CODE, lineKey, SUB_ACTIVITY_CODE, UNIT_CODE } from "./codes.ts";
import { type BudgetCtx, type Locale, msg } from "./context.ts";
import * as store from "./store.ts";
import { columnLetter, headerIndex, parseAmount, readTable, type TableRow } from "./table.ts";

export const MAX_IMPORT_ROWS = 100_000;

const LINE_COLUMNS = {
  unit: ["kode_opd", "kode_skpd", "opd", "unit"],
  subActivity: ["kode_sub_kegiatan", "sub_kegiatan", "kode_subkegiatan"],
  account: ["kode_rekening", "kode_akun", "rekening"],
  description: ["uraian", "nama_komponen", "komponen", "description"],
  volume: ["volume", "koefisien", "vol"],
  measure: ["satuan", "unit_measure"],
  unitPrice: ["harga_satuan", "harga"],
  amount: ["jumlah", "total", "pagu", "nilai"],
  standard: ["kode_standar", "kode_ssh", "kode_komponen"],
} as const;

const REAL_COLUMNS = {
  unit: LINE_COLUMNS.unit,
  subActivity: LINE_COLUMNS.subActivity,
  account: LINE_COLUMNS.account,
  month: ["bulan", "month"],
  amount: ["realisasi", "jumlah", "nilai"],
} as const;

function cellError(locale: Locale, row: TableRow, col: number, code: string, id: string, en: string): FieldError {
  const c = columnLetter(col);
  return { field: `line ${row.line}, column ${c}`, code, message: msg(locale, `Baris ${row.line}, kolom ${c}: ${id}`, `Line ${row.line}, column ${c}: ${en}`) };
}

function codeChecks(locale: Locale, row: TableRow, idx: { unit: number; subActivity: number; account: number }, unitCodes: Set<string>, errors: FieldError[]) {
  const unit = row.cells[idx.unit] ?? "";
  const sub = row.cells[idx.subActivity] ?? "";
  const acc = row.cells[idx.account] ?? "";
  if (!UNIT_CODE.test(unit) || !unitCodes.has(unit))
    errors.push(cellError(locale, row, idx.unit, "budget-unknown-unit", `OPD "${unit}" tidak dikenal`, `unknown OPD "${unit}"`));
  if (!SUB_ACTIVITY_CODE.test(sub))
    errors.push(
      cellError(
        locale,
        row,
        idx.subActivity,
        "budget-bad-code",
        `kode sub kegiatan "${sub}" salah (contoh 1.01.01.2.01.0001)`,
        `bad sub kegiatan code "${sub}" (e.g. 1.01.01.2.01.0001)`,
      ),
    );
  if (!ACCOUNT_CODE.test(acc))
    errors.push(
      cellError(
        locale,
        row,
        idx.account,
        "budget-bad-code",
        `kode rekening "${acc}" salah (6 tingkat, contoh 5.1.02.01.01.0024)`,
        `bad account code "${acc}" (6 levels, e.g. 5.1.02.01.01.0024)`,
      ),
    );
  return { unit, sub, acc };
}

/** The file's data rows and where each column is; refuses an empty or too long file and missing required columns. */
async function readRows<K extends string>(
  locale: Locale,
  file: { filename: string; bytes: Buffer },
  columns: Record<K, readonly string[]>,
  required: NoInfer<K>[],
) {
  const table = await readTable(file.filename, file.bytes, locale);
  if (table.length < 2)
    throw validationFailed([{ field: "file", code: "budget-empty-file", message: msg(locale, "Berkas tidak berisi baris", "The file has no rows") }]);
  if (table.length - 1 > MAX_IMPORT_ROWS)
    throw validationFailed([
      { field: "file", code: "budget-too-many-rows", message: msg(locale, `Paling banyak ${MAX_IMPORT_ROWS} baris`, `At most ${MAX_IMPORT_ROWS} rows`) },
    ]);
  const [header, ...rows] = table;
  const { index: idx, errors } = headerIndex(header, columns, required, locale);
  if (errors.length) throw validationFailed(errors);
  return { rows, idx, errors };
}

/**
 * RKA/DPA lines of one or more OPDs: each OPD named in the file must have drafting open; its lines are replaced by
 * the file's, except lines of a locked sub kegiatan, which must come unchanged.
 */
export async function importLines(
  db: Db,
  ctx: BudgetCtx,
  year: number,
  file: { filename: string; bytes: Buffer },
  unitCodes: Set<string>,
  mayImport: (unitCode: string) => boolean,
) {
  const { locale } = ctx;
  const { rows, idx, errors } = await readRows(locale, file, LINE_COLUMNS, ["unit", "subActivity", "account", "description", "amount"]);
  return db.tx(async (q) => {
    const y = await store.ensureYear(q, ctx.tenantId, year);
    if (y.status === "approved")
      throw locked("budget-approved", {
        detail: msg(locale, `APBD ${year} sudah ditetapkan: perubahan hanya melalui revisi`, `The ${year} APBD is approved: changes only through a revision`),
      });
    const lockRows = await store.locks(q, ctx.tenantId, year);
    const draftingOpen = new Set(lockRows.filter((l) => l.scope === "drafting" && l.open).map((l) => l.target));
    const lockedSubs = new Set(lockRows.filter((l) => l.scope === "sub_kegiatan" && !l.open).map((l) => l.target));
    const standards = new Map((await store.priceStandards(q, ctx.tenantId, year)).map((s) => [s.code, s]));
    const out = new Map<string, store.NewLine>();
    const units = new Set<string>();
    for (const row of rows) {
      const { unit, sub, acc } = codeChecks(locale, row, idx, unitCodes, errors);
      const description = (row.cells[idx.description] ?? "").trim();
      if (!description) errors.push(cellError(locale, row, idx.description, "budget-required", "uraian kosong", "description is empty"));
      const volume = idx.volume >= 0 && row.cells[idx.volume] ? parseAmount(row.cells[idx.volume]) : 1;
      const unitPrice = idx.unitPrice >= 0 && row.cells[idx.unitPrice] ? parseAmount(row.cells[idx.unitPrice]) : Number.NaN;
      const amount = parseAmount(row.cells[idx.amount] ?? "");
      if (!Number.isFinite(amount) || amount < 0)
        errors.push(
          cellError(
            locale,
            row,
            idx.amount,
            "budget-bad-amount",
            `jumlah "${row.cells[idx.amount] ?? ""}" bukan angka rupiah`,
            "amount is not a rupiah figure",
          ),
        );
      else if (Number.isFinite(unitPrice) && Number.isFinite(volume) && Math.abs(volume * unitPrice - amount) > 0.5)
        errors.push(cellError(locale, row, idx.amount, "budget-amount-mismatch", "jumlah ≠ volume × harga satuan", "amount ≠ volume × unit price"));
      const std = idx.standard >= 0 ? (row.cells[idx.standard] ?? "").trim() : "";
      if (std) {
        const s = standards.get(std);
        if (!s) errors.push(cellError(locale, row, idx.standard, "budget-unknown-standard", `standar harga "${std}" tidak ada`, `no price standard "${std}"`));
        else if (Number.isFinite(unitPrice) && unitPrice > Number(s.price))
          errors.push(
            cellError(
              locale,
              row,
              idx.unitPrice,
              "budget-over-standard",
              `harga satuan melebihi ${s.kind} ${std} (${s.price})`,
              `unit price above ${s.kind} ${std} (${s.price})`,
            ),
          );
      }
      if (unitCodes.has(unit) && !draftingOpen.has(unit))
        errors.push(cellError(locale, row, idx.unit, "budget-drafting-closed", `penyusunan anggaran ${unit} sedang ditutup`, `drafting is closed for ${unit}`));
      else if (unitCodes.has(unit) && !mayImport(unit))
        errors.push(cellError(locale, row, idx.unit, "forbidden", `bukan OPD Anda: ${unit}`, `not your OPD: ${unit}`));
      const key = lineKey(unit, sub, acc, description);
      if (out.has(key)) errors.push(cellError(locale, row, idx.description, "budget-duplicate-line", "baris ganda", "duplicate line"));
      units.add(unit);
      out.set(key, {
        lineKey: key,
        unitCode: unit,
        subActivityCode: sub,
        accountCode: acc,
        description,
        volume: Number.isFinite(volume) ? volume : 1,
        measure: idx.measure >= 0 ? (row.cells[idx.measure] ?? "") : "",
        unitPrice: Number.isFinite(unitPrice) ? unitPrice : amount,
        amount,
        standardCode: std || null,
      });
      if (errors.length >= 50) break;
    }
    // A locked sub kegiatan keeps its lines: the file may only repeat them unchanged.
    const current = await store.lines(q, ctx.tenantId, year);
    const currentByKey = new Map(current.map((l) => [l.line_key, l]));
    for (const row of rows) {
      const sub = row.cells[idx.subActivity] ?? "";
      if (!lockedSubs.has(sub)) continue;
      const key = lineKey(row.cells[idx.unit] ?? "", sub, row.cells[idx.account] ?? "", (row.cells[idx.description] ?? "").trim());
      const was = currentByKey.get(key);
      if (!was || Number(was.amount) !== out.get(key)?.amount)
        errors.push(cellError(locale, row, idx.subActivity, "budget-sub-activity-locked", `sub kegiatan ${sub} terkunci`, `sub kegiatan ${sub} is locked`));
    }
    if (errors.length) throw validationFailed(errors.slice(0, 50));
    for (const u of units) await store.deleteUnitLines(q, ctx.tenantId, year, u);
    const keep = current.filter((l) => units.has(l.unit_code) && lockedSubs.has(l.sub_activity_code));
    const fresh = [...out.values()].filter((l) => !lockedSubs.has(l.subActivityCode));
    await store.upsertLines(q, ctx.tenantId, year, [
      ...keep.map((l) => ({
        lineKey: l.line_key,
        unitCode: l.unit_code,
        subActivityCode: l.sub_activity_code,
        accountCode: l.account_code,
        description: l.description,
        volume: Number(l.volume),
        measure: l.measure,
        unitPrice: Number(l.unit_price),
        amount: Number(l.amount),
        standardCode: l.standard_code,
      })),
      ...fresh,
    ]);
    const fileSha256 = createHash("sha256").update(file.bytes).digest("hex");
    const total = fresh.reduce((s, l) => s + l.amount, 0);
    const entry = await appendChain(q, ctx, year, "import", { units: [...units].sort(), rows: rows.length, fileSha256 });
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "budget.imported",
      subjectType: "budget_year",
      subjectId: String(year),
      data: { units: [...units].sort(), rows: rows.length, fileSha256, chainSeq: entry.seq },
    });
    return { year, units: [...units].sort(), rows: rows.length, total, chainSeq: entry.seq, stateHash: entry.stateHash };
  });
}

/** Realisation per line and month (BPKAD SP2D or the SIPD realisation export); replaces the same months. */
export async function importRealisation(db: Db, ctx: BudgetCtx, year: number, file: { filename: string; bytes: Buffer }, unitCodes: Set<string>) {
  const { locale } = ctx;
  const { rows, idx, errors } = await readRows(locale, file, REAL_COLUMNS, ["unit", "subActivity", "account", "month", "amount"]);
  const out: store.RealisationInput[] = [];
  for (const row of rows) {
    const { unit, sub, acc } = codeChecks(locale, row, idx, unitCodes, errors);
    const month = Number(row.cells[idx.month]);
    if (!Number.isInteger(month) || month < 1 || month > 12)
      errors.push(cellError(locale, row, idx.month, "budget-bad-month", "bulan harus 1–12", "month must be 1–12"));
    const amount = parseAmount(row.cells[idx.amount] ?? "");
    if (!Number.isFinite(amount)) errors.push(cellError(locale, row, idx.amount, "budget-bad-amount", "realisasi bukan angka rupiah", "not a rupiah figure"));
    out.push({ unitCode: unit, subActivityCode: sub, accountCode: acc, month, amount });
    if (errors.length >= 50) break;
  }
  if (errors.length) throw validationFailed(errors.slice(0, 50));
  return db.tx(async (q) => {
    await store.ensureYear(q, ctx.tenantId, year);
    await store.upsertRealisations(q, ctx.tenantId, year, out);
    const total = out.reduce((s, r) => s + r.amount, 0);
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "budget.realisation-imported",
      subjectType: "budget_year",
      subjectId: String(year),
      data: { rows: out.length, total, fileSha256: createHash("sha256").update(file.bytes).digest("hex") },
    });
    return { year, rows: out.length, total };
  });
}
