/**
 * Closing the loop (docs/complaints.md, "Closing the loop"; issue 14 item 8). Staff mark a report done (`resolve`)
 * with an after-photo (required, optional or none per category: `complaint.afterPhoto`); the reporter confirms or
 * rejects the fix within CONFIRM_DAYS calendar days (a rejection reopens the report to the same unit and is counted);
 * silence leaves it closed as unconfirmed (the auto-close job). A new report at the same spot and category within
 * RECURRENCE_DAYS of a confirmed fix is linked to it as a recurrence.
 */
import { audit } from "../../platform/audit.ts";
import { tenantById } from "../../platform/tenancy.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import { cellsWithin, distanceMeters } from "../../platform/geo.ts";
import type { ComplaintSpec, ResolvedService } from "../catalog/index.ts";
import { appendCaseEvent, type CaseRow, getCase, moveCase, notifyApplicant, onTransition, specOf, type TransitionEvent } from "../cases/index.ts";
import { auditActor, fieldError, type LaporCtx, loadReport, privatePhoto, publicPhoto, reporterActor, requireUser, staffRoles, SYSTEM } from "./common.ts";
import { recordPhoto, storePhoto } from "./photos.ts";
import * as store from "./store.ts";
import * as loop from "./store-loop.ts";
import type { ReportRow } from "./store-rows.ts";

/** Calendar days the reporter has to confirm or reject a fix (calendar, like reopenDays: a citizen counts days, not working days). */
export const CONFIRM_DAYS = 7;
/** A report at the same spot and category within this many days of a confirmed fix is a recurrence. */
export const RECURRENCE_DAYS = 60;
const DAY = 86_400_000;

type Row = ReportRow & loop.FixRow;
export const afterPhotoRule = (c: ComplaintSpec | undefined) => c?.afterPhoto ?? "optional";

let linkBase: string | undefined;
/** Registers the `resolve` hook (idempotent); `publicUrl` makes the tracking links in its messages absolute. */
export function initFixLoop(publicUrl?: string): void {
  if (publicUrl !== undefined) linkBase = publicUrl;
  onTransition(onResolve);
}

// ---- staff: the after-photo and marking done ---------------------------------------------------------

/** Staff of the report's unit attach the after-photo for the next `resolve` (content-checked, EXIF stripped). */
export async function uploadAfterPhoto(ctx: LaporCtx, id: string, filename: string, bytes: Buffer) {
  const actor = requireUser(ctx);
  const r = await loadReport(ctx.db, ctx, id);
  if (!staffRoles(actor, r).length) throw notFound("report-not-found");
  if (!r.is_open) throw conflict("report-closed");
  const p = await storePhoto(ctx, actor, filename, bytes, "file");
  return ctx.db.tx(async (q) => {
    const fileId = await recordPhoto(q, ctx.tenant.id, p, id, "after");
    await loop.setPendingAfterPhoto(q, ctx.tenant.id, id, fileId);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.after-photo-added",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number },
    });
    return privatePhoto(fileId);
  });
}

/** The case engine's hook on `resolve` of a report: requires the after-photo where the category does, opens the reporter's window. */
async function onResolve(q: Queryable, e: TransitionEvent): Promise<void> {
  if (e.case.kind !== "complaint" || e.action.key !== "resolve") return;
  const r = (await store.getReport(q, e.tenantId, e.case.id)) as Row | undefined;
  if (!r) return;
  const rule = afterPhotoRule(e.spec.complaint);
  if (rule === "required" && !r.pending_after_photo) {
    throw fieldError("afterPhoto", "required", "Lampirkan foto sesudah perbaikan / Attach a photo of the fix");
  }
  const now = new Date();
  const confirm = rule !== "none" && !!r.reporter_id;
  const due = confirm ? new Date(now.getTime() + CONFIRM_DAYS * DAY) : null;
  await loop.markFixDone(q, e.tenantId, r.id, now, due, confirm);
  if (confirm) {
    const tenant = await tenantById(q, e.tenantId);
    if (tenant) {
      await notifyApplicant(q, { tenant, publicUrl: linkBase }, e.case, e.spec, {
        id: `sudah diperbaiki menurut petugas. Apakah benar sudah beres? Konfirmasi atau tolak dalam ${CONFIRM_DAYS} hari di halaman laporan Anda`,
        en: `fixed according to the officers. Is it really fixed? Confirm or reject within ${CONFIRM_DAYS} days on your report's page`,
      });
    }
  }
  await audit(q, {
    tenantId: e.tenantId,
    actorId: e.actor.userId,
    action: "complaint.fix-done",
    subjectType: "case",
    subjectId: r.id,
    data: { number: r.number, afterPhoto: !!r.pending_after_photo, confirmUntil: due?.toISOString() ?? null },
  });
}

// ---- the reporter's verdict ----------------------------------------------------------------------------

async function loadAwaiting(q: Queryable, ctx: LaporCtx, id: string, now: Date) {
  const actor = requireUser(ctx);
  const r = (await store.getReport(q, ctx.tenant.id, id, true)) as Row | undefined;
  if (!r || r.reporter_id !== actor.userId) throw notFound("report-not-found");
  if (r.fix_status !== "awaiting" || r.state !== "selesai") throw conflict("fix-not-awaiting");
  if (r.fix_due_at && new Date(r.fix_due_at).getTime() < now.getTime()) {
    throw conflict("confirm-window-closed", { detail: new Date(r.fix_due_at).toISOString() });
  }
  return { actor, r };
}

/** The reporter confirms the fix: the report stays closed, as fixed-confirmed. */
export async function confirmFix(ctx: LaporCtx, id: string, now = new Date()) {
  return ctx.db.tx(async (q) => {
    const { actor, r } = await loadAwaiting(q, ctx, id, now);
    await loop.setFixVerdict(q, ctx.tenant.id, id, "confirmed", now);
    await appendCaseEvent(q, ctx.tenant.id, id, {
      actor: reporterActor(actor, r.anonymous),
      kind: "updated",
      action: "confirm_fix",
      data: { fix: "confirmed" },
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.fix-confirmed",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { id, state: r.state, fixStatus: "confirmed" as const };
  });
}

/** The reporter rejects the fix (a reason, optionally a staged photo): reopened to the same unit, the rejection counted. */
export async function rejectFix(ctx: LaporCtx, id: string, reason: string, photoId?: string, now = new Date()) {
  const text = reason.trim();
  if (!text) throw fieldError("reason", "required");
  return ctx.db.tx(async (q) => {
    const { actor, r } = await loadAwaiting(q, ctx, id, now);
    if (photoId && !(await loop.attachRejectionPhoto(q, ctx.tenant.id, actor.userId, id, photoId))) throw fieldError("photoId", "photo-missing");
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const c = (await getCase(q, ctx.tenant.id, id)) as CaseRow;
    const moved = await moveCase(
      q,
      ctx,
      c,
      spec,
      {
        to: "in_progress",
        action: "reject_fix",
        actor: reporterActor(actor, r.anonymous),
        comment: text,
        data: photoId ? { photos: [photoId] } : {},
        quiet: true,
      },
      now,
    );
    await loop.setFixVerdict(q, ctx.tenant.id, id, "rejected", now, text);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.fix-rejected",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, rejections: r.fix_rejections + 1, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { id, state: moved.state, fixStatus: "rejected" as const };
  });
}

/** Part of the auto-close job: fixes nobody answered within CONFIRM_DAYS are closed as unconfirmed. Idempotent. */
export async function closeUnconfirmed(db: Db, now = new Date(), batch = 200, publicUrl = linkBase): Promise<number> {
  return db.tx(async (q) => {
    const due = await loop.unansweredFixes(q, now, batch);
    for (const d of due) {
      const c = await getCase(q, d.tenant_id, d.case_id);
      const tenant = await tenantById(q, d.tenant_id);
      if (!c || !tenant) continue;
      const spec = await specOf(q, c.tenant_id, c.service_key, c.service_version);
      await loop.setFixVerdict(q, d.tenant_id, d.case_id, "unconfirmed", now);
      await appendCaseEvent(q, d.tenant_id, d.case_id, {
        actor: SYSTEM,
        kind: "updated",
        action: "fix_unconfirmed",
        comment: `Ditutup tanpa konfirmasi pelapor dalam ${CONFIRM_DAYS} hari / Closed without the reporter's confirmation within ${CONFIRM_DAYS} days`,
        data: { fix: "unconfirmed" },
      });
      await notifyApplicant(q, { tenant, publicUrl }, c, spec, {
        id: `ditutup tanpa konfirmasi Anda dalam ${CONFIRM_DAYS} hari`,
        en: `closed without your confirmation within ${CONFIRM_DAYS} days`,
      });
      await audit(q, {
        tenantId: d.tenant_id,
        actorId: null,
        action: "complaint.fix-unconfirmed",
        subjectType: "case",
        subjectId: d.case_id,
        data: { number: c.number, days: CONFIRM_DAYS },
      });
    }
    return due.length;
  });
}

// ---- recurrences -------------------------------------------------------------------------------------------

/**
 * Links a new report to the nearest report of its category within the category's duplicate radius whose fix was
 * confirmed and done at most RECURRENCE_DAYS ago (H3 cells first, then the exact distance). Categories without a
 * radius (not about a place) and reports without a point are never linked.
 */
export async function linkRecurrence(
  q: Queryable,
  tenantId: string,
  report: { id: string; category: string; lat: number | null; lon: number | null; radiusMeters: number },
  now: Date,
) {
  const { lat, lon, radiusMeters } = report;
  if (lat === null || lon === null || radiusMeters <= 0) return null;
  const since = new Date(now.getTime() - RECURRENCE_DAYS * DAY);
  const rows = await loop.confirmedFixesInCells(q, tenantId, report.category, cellsWithin(lat, lon, radiusMeters), since, report.id);
  const nearest = rows
    .map((x) => ({ ...x, d: distanceMeters({ lat, lon }, { lat: x.lat, lon: x.lon }) }))
    .filter((x) => x.d <= radiusMeters)
    .sort((a, b) => a.d - b.d)[0];
  if (!nearest) return null;
  await loop.setRecurrenceOf(q, tenantId, report.id, nearest.case_id);
  await appendCaseEvent(q, tenantId, report.id, {
    actor: SYSTEM,
    kind: "updated",
    action: "recurrence",
    comment: `Berulang: ${nearest.number} diperbaiki dan dikonfirmasi pelapor / Recurs after the confirmed fix of ${nearest.number}`,
    data: { recurrenceOf: nearest.number },
  });
  return nearest.number;
}

// ---- views -------------------------------------------------------------------------------------------------

/** The loop's part of a report view: for the reporter and staff (`who`), or the public page. */
export async function fixView(q: Queryable, tenantId: string, row: ReportRow, spec: ResolvedService, who: "reporter" | "staff" | "public", now = new Date()) {
  const r = row as Row;
  const photo = who === "public" ? publicPhoto : privatePhoto;
  const [of, recurrences] = await Promise.all([
    r.recurrence_of ? loop.numberOf(q, tenantId, r.recurrence_of) : undefined,
    loop.recurrencesOf(q, tenantId, r.id),
  ]);
  const recurrenceOf = of && (of.public || who !== "public") ? of.number : null;
  const open = r.fix_status === "awaiting" && r.state === "selesai" && !!r.fix_due_at && new Date(r.fix_due_at).getTime() >= now.getTime();
  return {
    afterPhotoRule: afterPhotoRule(spec.complaint),
    status: r.fix_status,
    doneAt: r.fix_done_at,
    confirmUntil: r.fix_status === "awaiting" ? r.fix_due_at : null,
    answeredAt: r.fix_answered_at,
    rejections: r.fix_rejections,
    rejectReason: who === "public" ? null : r.fix_reject_reason,
    afterPhoto: r.fix_after_photo ? photo(r.fix_after_photo) : null,
    pendingAfterPhoto: who === "staff" && r.pending_after_photo ? privatePhoto(r.pending_after_photo) : null,
    canConfirm: who === "reporter" && open,
    recurrenceOf,
    recurrences: recurrences.map((x) => ({ number: x.number, createdAt: x.created_at })),
  };
}
