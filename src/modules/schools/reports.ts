/**
 * A school's periodic report: the form for a period, submit (late after the deadline: accepted and marked late),
 * Disdik's review (return for correction with a comment, or accept), the review list. Every write is one transaction
 * with its audit entry; a return tells the school's staff, an accepted facility report files PUPR work orders.
 */
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { conflict, forbidden, notFound } from "../../platform/errors.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import { holdersOfRolesIn } from "../admin/index.ts";
import { dueOn, fieldError, isPeriod, requireReviewer, type SchoolsCtx, schoolFor, todayIn, validation } from "./common.ts";
import { checkReport } from "./forms.ts";
import type { ReportKind } from "./report-kinds.ts";
import * as store from "./store.ts";
import { fileWorkOrders } from "./work-orders.ts";

async function kindOf(ctx: SchoolsCtx, key: string, q: Queryable = ctx.db): Promise<ReportKind> {
  // Inside a transaction pass its `q`: on PGlite a read through ctx.db would wait for that transaction.
  const k = (await store.reportKinds(q, ctx.tenant.id)).find((x) => x.key === key);
  if (!k) throw fieldError("kind", "unknown-kind", "Jenis laporan tidak dikenal / Unknown report kind");
  return k;
}

function reportView(r: store.ReportRow, today?: string) {
  return {
    id: r.id,
    kind: r.kind,
    period: r.period,
    state: r.state,
    data: r.data,
    dueOn: r.due_on,
    late: r.late,
    overdue: today ? r.due_on < today : undefined,
    version: r.version,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    reviewComment: r.review_comment,
  };
}

/** The form of one report kind for a school and period, with the school's classes and the report so far. */
export async function reportForm(ctx: SchoolsCtx, unitId: string, kindKey: string, period: string) {
  const school = await schoolFor(ctx, unitId, "read");
  const kind = await kindOf(ctx, kindKey);
  if (!isPeriod(period)) throw fieldError("period", "format", "YYYY-MM");
  const [classes, existing] = await Promise.all([
    store.classesOf(ctx.db, ctx.tenant.id, unitId),
    store.findReport(ctx.db, ctx.tenant.id, unitId, kind.key, period, false),
  ]);
  const due = dueOn(period, kind.dueDays);
  return {
    school: { unitId: school.unit_id, npsn: school.npsn, name: school.name, level: school.level },
    kind: { key: kind.key, name: kind.name, form: kind.form },
    period,
    dueOn: due,
    classes: classes.map((c) => ({ id: c.dapodik_id, name: c.name, grade: c.grade, pupils: c.pupils })),
    report: existing ? reportView(existing) : null,
  };
}

export interface SubmitInput {
  unitId: string;
  kind: string;
  period: string;
  data: Record<string, unknown>;
  /** The version of a returned report being corrected. */
  version?: number;
}

export async function submitReport(ctx: SchoolsCtx, input: SubmitInput, now = new Date()) {
  const school = await schoolFor(ctx, input.unitId, "report");
  const kind = await kindOf(ctx, input.kind);
  if (!ctx.actor.grants.some((g) => g.unitId === input.unitId && kind.submitterRoles.includes(g.role))) throw forbidden();
  const today = todayIn(ctx.tenant.timezone, now);
  if (!isPeriod(input.period)) throw fieldError("period", "format", "YYYY-MM");
  if (input.period > today.slice(0, 7)) throw fieldError("period", "future-period", "Periode belum berjalan / The period has not started");
  const classIds = new Set((await store.classesOf(ctx.db, ctx.tenant.id, input.unitId)).map((c) => c.dapodik_id));
  const { errors, clean, damages } = checkReport(kind.form.fields, input.data, classIds);
  if (errors.length) throw validation(errors);
  const photoIds = [...new Set(damages.flatMap((d) => d.photoIds))];
  const due = dueOn(input.period, kind.dueDays);
  const late = today > due;
  return ctx.db.tx(async (q) => {
    if (photoIds.length) {
      const photos = await store.photosByIds(q, ctx.tenant.id, photoIds);
      if (photos.length !== photoIds.length || photos.some((p) => p.unit_id !== input.unitId))
        throw fieldError("data.kerusakan", "photo-missing", "Foto tidak ditemukan / Photo not found");
    }
    const existing = await store.findReport(q, ctx.tenant.id, input.unitId, kind.key, input.period);
    let saved: { id: string; version: number };
    if (!existing)
      saved = await store.insertReport(q, {
        tenantId: ctx.tenant.id,
        unitId: input.unitId,
        kind: kind.key,
        period: input.period,
        data: clean,
        dueOn: due,
        late,
        actorId: ctx.actor.userId,
        now,
      });
    else if (existing.state === "returned") {
      if (input.version !== undefined && input.version !== existing.version) throw conflict("version-conflict");
      saved = await store.resubmitReport(q, ctx.tenant.id, existing.id, clean, ctx.actor.userId, now);
    } else
      throw conflict(existing.state === "accepted" ? "report-accepted" : "report-submitted", {
        detail: "Laporan periode ini sudah dikirim / Already submitted",
      });
    await store.attachPhotos(q, ctx.tenant.id, saved.id, photoIds);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: ctx.actor.userId,
      action: existing ? "school-report.resubmitted" : "school-report.submitted",
      subjectType: "school_report",
      subjectId: saved.id,
      data: { npsn: school.npsn, kind: kind.key, period: input.period, late: existing ? existing.late : late },
    });
    const row = await store.getReport(q, ctx.tenant.id, saved.id);
    return reportView(row!, today);
  });
}

export interface ReviewInput {
  action: "return" | "accept";
  version: number;
  comment?: string;
}

export async function reviewReport(ctx: SchoolsCtx, id: string, input: ReviewInput) {
  await requireReviewer(ctx);
  const comment = input.comment?.trim() || null;
  if (input.action === "return" && !comment) throw fieldError("comment", "required", "Tulis apa yang perlu diperbaiki / Say what to correct");
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("report-not-found");
    const kind = await kindOf(ctx, r.kind, q);
    if (!ctx.actor.grants.some((g) => kind.reviewerRoles.includes(g.role) || g.role === "kominfo_admin")) throw forbidden();
    if (r.state !== "submitted") throw conflict("report-not-submitted", { detail: `state ${r.state}` });
    if (r.version !== input.version) throw conflict("version-conflict");
    const to = input.action === "return" ? "returned" : "accepted";
    const done = await store.reviewReport(q, ctx.tenant.id, id, input.version, to, comment, ctx.actor.userId);
    if (!done) throw conflict("version-conflict");
    const school = (await store.schoolByUnit(q, ctx.tenant.id, r.unit_id))!;
    const workOrders = to === "accepted" ? await fileWorkOrders(q, ctx, r, school, (r.data.kerusakan as never) ?? []) : [];
    if (to === "returned") {
      for (const s of await holdersOfRolesIn(q, ctx.tenant.id, [r.unit_id], kind.submitterRoles)) {
        if (!s.email) continue;
        await enqueueNotification(q, {
          tenantId: ctx.tenant.id,
          userId: s.user_id,
          channel: "email",
          recipient: s.email,
          template: "school-report-returned",
          subject: `Laporan ${kind.name.id} ${r.period} dikembalikan untuk perbaikan`,
          body: `Laporan ${kind.name.id} ${school.name} periode ${r.period} dikembalikan oleh Dinas Pendidikan.\nCatatan: ${comment}\nPerbaiki dan kirim ulang di Balai.`,
        });
      }
    }
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: ctx.actor.userId,
      action: `school-report.${to}`,
      subjectType: "school_report",
      subjectId: id,
      data: { npsn: school.npsn, kind: r.kind, period: r.period, late: r.late, comment, workOrders: workOrders.map((w) => w.number) },
    });
    return { ...reportView((await store.getReport(q, ctx.tenant.id, id))!), workOrders };
  });
}

/** One report for its school's staff or Disdik. */
export async function readReport(ctx: SchoolsCtx, id: string) {
  const r = await store.getReport(ctx.db, ctx.tenant.id, id);
  if (!r) throw notFound("report-not-found");
  const school = await schoolFor(ctx, r.unit_id, "read");
  const workOrders = await store.workOrdersOf(ctx.db, ctx.tenant.id, id);
  return {
    ...reportView(r, todayIn(ctx.tenant.timezone)),
    school: { unitId: school.unit_id, npsn: school.npsn, name: school.name },
    workOrders: workOrders.map((w) => ({ item: w.item, caseId: w.case_id, number: w.case_number })),
  };
}

/** Disdik's review list for a kind and period. */
export async function reviewList(ctx: SchoolsCtx, kind: string, period: string, state?: string) {
  await requireReviewer(ctx);
  if (!isPeriod(period)) throw fieldError("period", "format", "YYYY-MM");
  const rows = await store.reportsForPeriod(ctx.db, ctx.tenant.id, kind, period, state ?? null);
  return rows.map((r) => ({ ...reportView(r), school: { unitId: r.unit_id, npsn: r.npsn, name: r.school_name, kecamatanCode: r.kecamatan_code } }));
}
