/**
 * Changes after the APBD is approved: a numbered revision (pergeseran or perubahan) with its reason, approver and
 * the signed decree's hash. A pergeseran must balance (net zero); a perubahan must add up to its declared net
 * change. Every version can be read side by side with another.
 */
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db.ts";
import { conflict, type FieldError, notFound, validationFailed } from "../../platform/errors.ts";
import { appendChain, revisionHash } from "./chain.ts";
import { ACCOUNT_CODE, lineKey, money, SUB_ACTIVITY_CODE } from "./codes.ts";
import { type BudgetCtx, msg } from "./context.ts";
import { lineSnapshot } from "./locks.ts";
import * as store from "./store.ts";
import { replay } from "./verify.ts";
import type { Queryable } from "../../platform/db.ts";

export interface RevisionInput {
  kind: "pergeseran" | "perubahan";
  reason: string;
  approver: string;
  decreeNumber: string;
  netChange?: number;
  changes?: { lineKey: string; amount: number }[];
  newLines?: { unitCode: string; subActivityCode: string; accountCode: string; description: string; volume?: number; measure?: string; amount: number }[];
}

export async function createRevision(db: Db, ctx: BudgetCtx, year: number, input: RevisionInput, decreeSha256: string, unitCodes: Set<string>) {
  const { locale } = ctx;
  const cents = (n: number) => Math.round(n * 100) / 100;
  input = {
    ...input,
    changes: input.changes?.map((c) => ({ ...c, amount: cents(c.amount) })),
    newLines: input.newLines?.map((n) => ({ ...n, amount: cents(n.amount) })),
  };
  return db.tx(async (q) => {
    const y = await store.ensureYear(q, ctx.tenantId, year);
    if (y.status !== "approved")
      throw conflict("budget-not-approved", {
        detail: msg(locale, `APBD ${year} belum ditetapkan: ubah lewat penyusunan`, `The ${year} APBD is not approved yet: change it through drafting`),
      });
    const wanted = [
      ...(input.changes ?? []).map((c) => c.lineKey),
      ...(input.newLines ?? []).map((n) => lineKey(n.unitCode, n.subActivityCode, n.accountCode, n.description)),
    ];
    const current = new Map((await store.linesByKeys(q, ctx.tenantId, year, wanted)).map((l) => [l.line_key, l]));
    const errors: FieldError[] = [];
    const changed: store.RevisionLine[] = [];
    const updates: store.NewLine[] = [];
    const seen = new Set<string>();
    (input.changes ?? []).forEach((c, i) => {
      const l = current.get(c.lineKey);
      if (!l) errors.push({ field: `changes[${i}].lineKey`, code: "budget-unknown-line", message: msg(locale, "baris tidak ada", "no such line") });
      else if (seen.has(c.lineKey)) errors.push({ field: `changes[${i}].lineKey`, code: "budget-duplicate-line" });
      else {
        seen.add(c.lineKey);
        const volume = Number(l.volume) || 1;
        changed.push({ lineKey: l.line_key, before: Number(l.amount), after: c.amount, line: lineSnapshot({ ...l, unit_price: c.amount / volume }) });
        updates.push({
          lineKey: l.line_key,
          unitCode: l.unit_code,
          subActivityCode: l.sub_activity_code,
          accountCode: l.account_code,
          description: l.description,
          volume,
          measure: l.measure,
          unitPrice: c.amount / volume,
          amount: c.amount,
          standardCode: l.standard_code,
        });
      }
    });
    (input.newLines ?? []).forEach((n, i) => {
      if (!unitCodes.has(n.unitCode)) errors.push({ field: `newLines[${i}].unitCode`, code: "budget-unknown-unit" });
      if (!SUB_ACTIVITY_CODE.test(n.subActivityCode)) errors.push({ field: `newLines[${i}].subActivityCode`, code: "budget-bad-code" });
      if (!ACCOUNT_CODE.test(n.accountCode)) errors.push({ field: `newLines[${i}].accountCode`, code: "budget-bad-code" });
      const key = lineKey(n.unitCode, n.subActivityCode, n.accountCode, n.description);
      if (current.has(key) || seen.has(key)) errors.push({ field: `newLines[${i}].description`, code: "budget-duplicate-line" });
      seen.add(key);
      const volume = n.volume ?? 1;
      const line = {
        lineKey: key,
        unitCode: n.unitCode,
        subActivityCode: n.subActivityCode,
        accountCode: n.accountCode,
        description: n.description.trim(),
        volume,
        measure: n.measure ?? "",
        unitPrice: n.amount / volume,
        amount: n.amount,
        standardCode: null,
      };
      updates.push(line);
      changed.push({
        lineKey: key,
        before: null,
        after: n.amount,
        line: {
          unit: line.unitCode,
          subActivity: line.subActivityCode,
          account: line.accountCode,
          description: line.description,
          volume,
          measure: line.measure,
          unitPrice: line.unitPrice,
        },
      });
    });
    if (!changed.length && !errors.length)
      errors.push({ field: "changes", code: "budget-empty-revision", message: msg(locale, "Tidak ada perubahan", "Nothing changes") });
    const net = changed.reduce((s, c) => s + c.after - (c.before ?? 0), 0);
    const declared = input.kind === "pergeseran" ? 0 : (input.netChange ?? 0);
    if (input.kind === "pergeseran" && (input.netChange ?? 0) !== 0)
      errors.push({
        field: "netChange",
        code: "budget-revision-unbalanced",
        message: msg(locale, "Pergeseran tidak boleh mengubah total", "A pergeseran cannot change the total"),
      });
    if (!errors.length && Math.abs(net - declared) > 0.005)
      errors.push({
        field: "changes",
        code: "budget-revision-unbalanced",
        message: msg(
          locale,
          `Revisi tidak seimbang: selisih ${money(net)}, seharusnya ${money(declared)}`,
          `The revision does not balance: net change ${money(net)}, expected ${money(declared)}`,
        ),
      });
    if (errors.length) throw validationFailed(errors);
    const number = await store.nextRevisionNumber(q, ctx.tenantId, year);
    const header = { number, kind: input.kind, reason: input.reason, approver: input.approver, decree_number: input.decreeNumber, decree_sha256: decreeSha256 };
    await store.insertRevision(q, ctx.tenantId, year, {
      number,
      kind: input.kind,
      reason: input.reason,
      approver: input.approver,
      decreeNumber: input.decreeNumber,
      decreeSha256,
      recordedBy: ctx.actorId,
    });
    // The line snapshot goes through jsonb: hash what the store will give back.
    const stored = JSON.parse(JSON.stringify(changed)) as store.RevisionLine[];
    await store.insertRevisionLines(q, ctx.tenantId, year, number, stored);
    await store.upsertLines(q, ctx.tenantId, year, updates);
    const contentHash = revisionHash(
      header,
      stored.map((c) => ({ line_key: c.lineKey, amount_before: c.before, amount_after: c.after, line: c.line })),
    );
    const entry = await appendChain(q, ctx, year, "revision", { number, kind: input.kind, contentHash });
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "budget.revised",
      subjectType: "budget_year",
      subjectId: String(year),
      data: { number, kind: input.kind, decree: input.decreeNumber, sha256: decreeSha256, lines: changed.length, net, chainSeq: entry.seq },
    });
    return { year, number, kind: input.kind, lines: changed.length, netChange: net, decreeSha256, chainSeq: entry.seq };
  });
}

/** Two versions side by side: every line whose amount differs between revision `a` and revision `b`, with totals. */
export async function compareVersions(q: Queryable, tenantId: string, year: number, a: number, b: number) {
  const headers = await store.revisions(q, tenantId, year);
  const ha = headers.find((h) => h.number === a);
  const hb = headers.find((h) => h.number === b);
  if (!ha || !hb) throw notFound("budget-revision-not-found");
  const all = await store.revisionLines(q, tenantId, year, Math.max(a, b));
  const va = replay(all.filter((l) => l.number <= a));
  const vb = replay(all.filter((l) => l.number <= b));
  const keys = [...new Set([...va.keys(), ...vb.keys()])].sort();
  const rows = [];
  let totalA = 0;
  let totalB = 0;
  for (const k of keys) {
    const x = va.get(k);
    const y = vb.get(k);
    totalA += Number(x?.amount ?? 0);
    totalB += Number(y?.amount ?? 0);
    if (x?.amount !== y?.amount) {
      const line = (y ?? x)?.line ?? {};
      rows.push({
        lineKey: k,
        ...line,
        a: x ? Number(x.amount) : null,
        b: y ? Number(y.amount) : null,
        delta: Number(y?.amount ?? 0) - Number(x?.amount ?? 0),
      });
    }
  }
  const shape = (h: store.RevisionRow) => ({
    number: h.number,
    kind: h.kind,
    reason: h.reason,
    approver: h.approver,
    decreeNumber: h.decree_number,
    decreeSha256: h.decree_sha256,
    recordedAt: h.recorded_at,
  });
  return { year, a: { ...shape(ha), total: totalA }, b: { ...shape(hb), total: totalB }, rows };
}
