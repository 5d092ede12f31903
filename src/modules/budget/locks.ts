/**
 * Locks (Surabaya-style): Kominfo/TAPD open and close drafting per OPD, lock a sub kegiatan and the price
 * standards; recording the DPRD-approved APBD locks the year. Each is a chain entry and an audit entry.
 */
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { badRequest, conflict, locked } from "../../platform/errors.ts";
import { appendChain, revisionHash } from "./chain.ts";
import { SUB_ACTIVITY_CODE } from "./codes.ts";
import { type BudgetCtx, msg } from "./context.ts";
import * as store from "./store.ts";

function refuseApproved(ctx: BudgetCtx, y: store.YearRow) {
  if (y.status === "approved")
    throw locked("budget-approved", {
      detail: msg(
        ctx.locale,
        `APBD ${y.year} sudah ditetapkan: perubahan hanya melalui revisi`,
        `The ${y.year} APBD is approved: changes only through a revision`,
      ),
    });
}

/**
 * One lock change of a year not yet approved, in one transaction: the change, its chain entry (`event`) and its
 * audit entry (`budget.<event>`, with the data `auditData` makes of the chain entry's seq).
 */
async function changeLock(
  db: Db,
  ctx: BudgetCtx,
  year: number,
  event: string,
  chainData: Record<string, unknown>,
  change: (q: Queryable) => Promise<unknown>,
  auditData: (chainSeq: number) => Record<string, unknown> | undefined = () => undefined,
) {
  await db.tx(async (q) => {
    refuseApproved(ctx, await store.ensureYear(q, ctx.tenantId, year));
    await change(q);
    const entry = await appendChain(q, ctx, year, event, chainData);
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: `budget.${event}`,
      subjectType: "budget_year",
      subjectId: String(year),
      data: auditData(entry.seq),
    });
  });
}

export async function setDrafting(db: Db, ctx: BudgetCtx, year: number, unitCode: string, open: boolean) {
  await changeLock(
    db,
    ctx,
    year,
    open ? "drafting-opened" : "drafting-closed",
    { unit: unitCode },
    (q) => store.setLock(q, ctx.tenantId, year, "drafting", unitCode, open, ctx.actorId),
    (chainSeq) => ({ unit: unitCode, chainSeq }),
  );
  return { year, unit: unitCode, open };
}

export async function setSubActivityLock(db: Db, ctx: BudgetCtx, year: number, code: string, isLocked: boolean) {
  if (!SUB_ACTIVITY_CODE.test(code)) throw badRequest("validation-failed", { fields: [{ field: "code", code: "budget-bad-code" }] });
  await changeLock(
    db,
    ctx,
    year,
    isLocked ? "sub-activity-locked" : "sub-activity-unlocked",
    { subActivity: code },
    (q) => store.setLock(q, ctx.tenantId, year, "sub_kegiatan", code, !isLocked, ctx.actorId),
    () => ({ subActivity: code }),
  );
  return { year, subActivity: code, locked: isLocked };
}

export async function setPriceStandardsLocked(db: Db, ctx: BudgetCtx, year: number, isLocked: boolean) {
  await changeLock(db, ctx, year, isLocked ? "price-standards-locked" : "price-standards-unlocked", {}, (q) =>
    store.setPriceStandardsLocked(q, ctx.tenantId, year, isLocked),
  );
  return { year, priceStandardsLocked: isLocked };
}

export interface StandardInput {
  kind: "SSH" | "HSPK" | "ASB";
  code: string;
  name: string;
  unit: string;
  price: number;
  accountCode?: string | null;
}

export async function savePriceStandard(db: Db, ctx: BudgetCtx, year: number, s: StandardInput) {
  return db.tx(async (q) => {
    const y = await store.ensureYear(q, ctx.tenantId, year);
    if (y.price_standards_locked || y.status === "approved")
      throw locked("budget-standards-locked", {
        detail: msg(ctx.locale, `Standar harga ${year} terkunci`, `The ${year} price standards are locked`),
      });
    await store.upsertPriceStandard(q, ctx.tenantId, year, { ...s, account_code: s.accountCode ?? null });
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "budget.price-standard-saved",
      subjectType: "budget_price_standard",
      subjectId: s.code,
      data: { ...s, year },
    });
    return { year, ...s };
  });
}

/**
 * Records the DPRD-approved APBD (the Perda and its hash): closes drafting, locks the year and writes revision 0
 * (penetapan) holding every line, the base that `budget verify` replays from.
 */
export async function approveYear(db: Db, ctx: BudgetCtx, year: number, input: { perdaNumber: string; approver: string; decreeSha256: string }) {
  return db.tx(async (q) => {
    const y = await store.ensureYear(q, ctx.tenantId, year);
    if (y.status === "approved") throw conflict("budget-already-approved");
    const lines = await store.lines(q, ctx.tenantId, year);
    if (!lines.length)
      throw badRequest("budget-empty", { detail: msg(ctx.locale, "Belum ada baris anggaran untuk ditetapkan", "There are no budget lines to approve") });
    for (const l of await store.locks(q, ctx.tenantId, year))
      if (l.scope === "drafting" && l.open) await store.setLock(q, ctx.tenantId, year, "drafting", l.target, false, ctx.actorId);
    await store.approveYear(q, ctx.tenantId, year, input.perdaNumber, input.decreeSha256);
    const header = {
      number: 0,
      kind: "penetapan" as const,
      reason: `Penetapan APBD ${year}`,
      approver: input.approver,
      decree_number: input.perdaNumber,
      decree_sha256: input.decreeSha256,
    };
    const revLines = lines.map((l) => ({ lineKey: l.line_key, before: null, after: Number(l.amount), line: lineSnapshot(l) }));
    await store.insertRevision(q, ctx.tenantId, year, {
      number: 0,
      kind: header.kind,
      reason: header.reason,
      approver: header.approver,
      decreeNumber: header.decree_number,
      decreeSha256: header.decree_sha256,
      recordedBy: ctx.actorId,
    });
    await store.insertRevisionLines(q, ctx.tenantId, year, 0, revLines);
    const contentHash = revisionHash(
      header,
      revLines.map((l) => ({ line_key: l.lineKey, amount_before: null, amount_after: l.after, line: l.line })),
    );
    const entry = await appendChain(q, ctx, year, "revision", { number: 0, kind: "penetapan", contentHash });
    const total = lines.reduce((s, l) => s + Number(l.amount), 0);
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "budget.approved",
      subjectType: "budget_year",
      subjectId: String(year),
      data: { perda: input.perdaNumber, sha256: input.decreeSha256, lines: lines.length, total, chainSeq: entry.seq },
    });
    return { year, status: "approved", lines: lines.length, total, chainSeq: entry.seq };
  });
}

/** The attributes of a line kept with each revision (so a version can be read without today's table). */
export function lineSnapshot(l: store.LineRow) {
  return {
    unit: l.unit_code,
    subActivity: l.sub_activity_code,
    account: l.account_code,
    description: l.description,
    volume: Number(l.volume),
    measure: l.measure,
    unitPrice: Number(l.unit_price),
  };
}
