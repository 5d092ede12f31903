/**
 * Daily reconciliation: the gateway's settlement file (CSV with a header; columns transaction_id, order_id, amount,
 * settled_at, others ignored) against the payments Balai recorded for that gateway and day. A malformed file is
 * refused with every bad line and column; a good one is stored with every mismatch listed.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { audit } from "../../platform/audit.ts";
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { type FieldError, validationFailed } from "../../platform/errors.ts";
import * as pay from "./store-payments.ts";

export const SETTLEMENT_COLUMNS = ["transaction_id", "order_id", "amount", "settled_at"] as const;
const MAX_LINES = 200_000;

export interface Mismatch {
  kind: "missing-in-balai" | "missing-in-settlement" | "amount-differs" | "not-counted" | "duplicate-in-file";
  transactionId: string;
  orderId: string | null;
  line: number | null;
  settledAmount: number | null;
  balaiAmount: number | null;
}

const fieldError = (line: number, column: string, message: string): FieldError => ({
  field: `line ${line}, ${column}`,
  code: "parking-settlement-format",
  message: `Baris/line ${line}, ${column}: ${message}`,
});

/** Parses and checks the file; throws validation-failed listing every bad line and column. */
export function parseSettlement(text: string) {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw validationFailed([fieldError(e.lines ?? 1, "-", `CSV tidak terbaca / unreadable CSV: ${e.message}`)]);
  }
  if (!records.length) throw validationFailed([fieldError(1, "-", "Berkas kosong / empty file")]);
  const header = records[0].map((h) => h.toLowerCase());
  const errors: FieldError[] = [];
  const idx: Record<string, number> = {};
  for (const c of SETTLEMENT_COLUMNS) {
    idx[c] = header.indexOf(c);
    if (idx[c] < 0) errors.push(fieldError(1, c, `Kolom ${c} tidak ada / column ${c} missing`));
  }
  if (errors.length) throw validationFailed(errors);
  if (records.length - 1 > MAX_LINES) throw validationFailed([fieldError(MAX_LINES + 2, "-", `Paling banyak ${MAX_LINES} baris / at most ${MAX_LINES} lines`)]);
  const rows: { line: number; transactionId: string; orderId: string; amount: number; settledAt: string }[] = [];
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    if (r.length !== header.length)
      errors.push(fieldError(line, "-", `${r.length} kolom, seharusnya ${header.length} / ${r.length} columns, expected ${header.length}`));
    const txn = r[idx.transaction_id] ?? "";
    const amountText = r[idx.amount] ?? "";
    const settled = r[idx.settled_at] ?? "";
    if (!txn) errors.push(fieldError(line, "transaction_id", "Kosong / empty"));
    if (!/^\d+(\.\d{1,2})?$/.test(amountText) || !Number.isInteger(Number(amountText)))
      errors.push(fieldError(line, "amount", `Bukan jumlah rupiah: "${amountText.slice(0, 20)}" / not a rupiah amount`));
    if (Number.isNaN(Date.parse(settled))) errors.push(fieldError(line, "settled_at", `Bukan tanggal/waktu: "${settled.slice(0, 30)}" / not a date-time`));
    rows.push({ line, transactionId: txn, orderId: r[idx.order_id] ?? "", amount: Number(amountText), settledAt: settled });
  });
  if (errors.length) throw validationFailed(errors.slice(0, 100));
  return rows;
}

export async function reconcileIn(q: Queryable, tenantId: string, actorId: string, o: { gateway: string; date: string; file: Buffer }) {
  const rows = parseSettlement(o.file.toString("utf8"));
  const ours = await pay.gatewayPaymentsOn(q, tenantId, o.gateway, o.date);
  const byTxn = new Map(ours.map((p) => [p.gateway_txn_id, p]));
  const seen = new Set<string>();
  const mismatches: Mismatch[] = [];
  for (const r of rows) {
    if (seen.has(r.transactionId)) {
      mismatches.push({
        kind: "duplicate-in-file",
        transactionId: r.transactionId,
        orderId: r.orderId || null,
        line: r.line,
        settledAmount: r.amount,
        balaiAmount: null,
      });
      continue;
    }
    seen.add(r.transactionId);
    const p = byTxn.get(r.transactionId);
    if (!p)
      mismatches.push({
        kind: "missing-in-balai",
        transactionId: r.transactionId,
        orderId: r.orderId || null,
        line: r.line,
        settledAmount: r.amount,
        balaiAmount: null,
      });
    else if (p.amount !== r.amount)
      mismatches.push({
        kind: "amount-differs",
        transactionId: r.transactionId,
        orderId: p.order_id,
        line: r.line,
        settledAmount: r.amount,
        balaiAmount: p.amount,
      });
    else if (!p.counted)
      mismatches.push({
        kind: "not-counted",
        transactionId: r.transactionId,
        orderId: p.order_id,
        line: r.line,
        settledAmount: r.amount,
        balaiAmount: p.amount,
      });
  }
  for (const p of ours)
    if (!seen.has(p.gateway_txn_id))
      mismatches.push({
        kind: "missing-in-settlement",
        transactionId: p.gateway_txn_id,
        orderId: p.order_id,
        line: null,
        settledAmount: null,
        balaiAmount: p.amount,
      });
  const settledAmount = rows.reduce((n, r) => n + r.amount, 0);
  const sha256 = createHash("sha256").update(o.file).digest("hex");
  const id = await pay.insertSettlement(q, tenantId, {
    gateway: o.gateway,
    date: o.date,
    sha256,
    lines: rows.length,
    settledAmount,
    mismatches,
    importedBy: actorId,
  });
  await audit(q, {
    tenantId,
    actorId,
    action: "parking.settlement.imported",
    subjectType: "parking_settlement",
    subjectId: id,
    data: { gateway: o.gateway, date: o.date, sha256, lines: rows.length, mismatches: mismatches.length },
  });
  return {
    id,
    gateway: o.gateway,
    date: o.date,
    lines: rows.length,
    settledAmount,
    recordedAmount: ours.filter((p) => p.counted).reduce((n, p) => n + p.amount, 0),
    matched: rows.length - mismatches.filter((m) => m.line !== null).length,
    mismatches,
  };
}

/** reconcileIn in a transaction of its own (what the route calls). */
export const reconcile = inTransaction(reconcileIn);
