/**
 * e-Lapor: citizen complaints and aspirations as cases of kind `complaint` (docs/complaints.md).
 * Reports are filed straight into the `lapor` workflow's start state (verification by Kominfo), routed by
 * the category's rules, then handled through the case engine's workflow actions. This file holds what the
 * engine does not: location, duplicates, supports, photos, replies, reopening, rating, moderation, the
 * public map/list/statistics and the rules that keep anonymous reporters anonymous.
 */
import { cellToLatLng } from "h3-js";
import sharp from "sharp";
import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { checkUpload, type FileStore, newStorageKey } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { addWorkingDays, zoneOffsetMinutes } from "../../platform/workdays.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { ComplaintSpec, ResolvedService } from "../catalog/spec.ts";
import { type EventActor, fileCase, moveCase, notifyApplicant } from "../cases/file.ts";
import { allKecamatanCodes, validateForm } from "../cases/form.ts";
import { allowedActions, holidaysOf, rolesOnCase, specOf } from "../cases/service.ts";
import type { CaseRow } from "../cases/store.ts";
import * as casesStore from "../cases/store.ts";
import { resolvePlace } from "./place.ts";
import { addressOf } from "./place-store.ts";
import { limitsOf, routeReport } from "./routing.ts";
import * as store from "./store.ts";

export interface LaporCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  files: FileStore;
  publicUrl?: string;
  /** Reports one account may file per hour (default REPORTS_PER_ACCOUNT_HOUR). */
  reportsPerHour?: number;
}

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
/** Reports per account per hour (the per-IP limit is on the route). */
export const REPORTS_PER_ACCOUNT_HOUR = 10;
/** States a reporter may reopen from, within the category's reopenDays of closing. */
const REOPENABLE = new Set(["selesai", "tidak_dapat_ditindaklanjuti"]);
/** Terminal states whose reports are not shown publicly. */
const NOT_PUBLIC_STATES = new Set(["diarsipkan"]);
const SYSTEM: EventActor = { id: null, name: "Balai", role: null };

const fieldError = (field: string, code: string, message?: string) =>
  badRequest("validation-failed", { fields: [{ field, code, ...(message ? { message } : {}) }] });

export function requireUser(ctx: LaporCtx): Actor {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  return ctx.actor;
}

const isStaffWide = (actor: Actor) => actor.grants.some((g) => g.role === "kominfo_admin" || g.role === "auditor");
export const staffRoles = (actor: Actor | undefined, r: store.ReportRow) => rolesOnCase(actor, r as unknown as CaseRow).filter((x) => x !== "citizen");

/** How an event names the reporter: never by name or id when the report is anonymous. */
function reporterActor(actor: Actor, anonymous: boolean): EventActor {
  return anonymous ? { id: null, name: null, role: "citizen" } : { id: actor.userId, name: actor.name, role: "citizen" };
}
/** The audit actor of the reporter's own steps: null (with data.reporter = "anonymous") for anonymous reports. */
const auditActor = (actor: Actor, anonymous: boolean) => (anonymous ? null : actor.userId);

const excerpt = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

// ---- categories ---------------------------------------------------------------------------------

export interface Category {
  key: string;
  version: number;
  ownerUnitId: string;
  spec: ResolvedService & { complaint: ComplaintSpec };
}

export async function listCategories(q: Queryable, tenantId: string): Promise<Category[]> {
  const rows = await store.complaintServices(q, tenantId);
  return rows.map((r) => ({ key: r.key, version: r.version, ownerUnitId: r.owner_unit_id, spec: r.spec as Category["spec"] }));
}

async function categoryOf(q: Queryable, tenantId: string, key: string): Promise<Category> {
  const r = await store.complaintService(q, tenantId, key);
  if (!r) throw fieldError("category", "unknown-category");
  return { key: r.key, version: r.version, ownerUnitId: r.owner_unit_id, spec: r.spec as Category["spec"] };
}

export function categoryView(c: Category) {
  const s = c.spec;
  return {
    key: c.key,
    name: s.name,
    summary: s.summary,
    classification: s.complaint.classification,
    anonymousAllowed: s.complaint.anonymousAllowed,
    duplicateRadiusMeters: s.complaint.duplicateRadiusMeters,
    limits: limitsOf(s.complaint),
    fields: s.form.fields,
  };
}

// ---- nearby (duplicate suggestion) ------------------------------------------------------------------

export async function nearby(db: Db, tenant: Tenant, category: string, lat: number, lon: number) {
  const cat = await categoryOf(db, tenant.id, category);
  const radius = cat.spec.complaint.duplicateRadiusMeters;
  const rows = radius > 0 ? await store.nearbyOpen(db, tenant.id, category, lat, lon, radius) : [];
  return {
    radiusMeters: radius,
    items: rows.slice(0, 20).map((r) => ({
      id: r.id,
      number: r.number,
      category: r.service_key,
      excerpt: excerpt(r.title ? `${r.title}: ${r.description}` : r.description),
      distanceMeters: Math.round(r.distanceMeters),
      supportCount: r.support_count,
      state: r.state,
      createdAt: r.created_at,
    })),
  };
}

// ---- photos -----------------------------------------------------------------------------------

async function storePhoto(ctx: LaporCtx, owner: Actor, filename: string, bytes: Buffer, field: string) {
  const checked = await checkUpload(bytes, filename, PHOTO_TYPES, MAX_PHOTO_BYTES, field);
  const thumb = await sharp(checked.bytes).resize(320, 320, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
  const key = newStorageKey(ctx.tenant.id);
  const thumbKey = `${key}.thumb.jpg`;
  await ctx.files.put(key, checked.bytes);
  await ctx.files.put(thumbKey, thumb);
  return { checked, key, thumbKey, owner };
}

/** Stages a photo for the uploader's next report: EXIF (GPS) stripped, thumbnail made. */
export async function uploadPhoto(ctx: LaporCtx, filename: string, bytes: Buffer) {
  const actor = requireUser(ctx);
  const staged = await ctx.db.one<{ n: number }>(
    "SELECT count(*)::int AS n FROM complaint_photos WHERE tenant_id = $1 AND owner_id = $2 AND case_id IS NULL AND created_at > now() - interval '1 day'",
    [ctx.tenant.id, actor.userId],
  );
  if ((staged?.n ?? 0) >= 4 * MAX_PHOTOS) throw new AppError("rate-limited", 429);
  const p = await storePhoto(ctx, actor, filename, bytes, "file");
  const id = await ctx.db.tx((q) =>
    store.insertPhoto(q, {
      tenantId: ctx.tenant.id,
      ownerId: actor.userId,
      caseId: null,
      kind: "report",
      filename: p.checked.filename,
      contentType: p.checked.contentType,
      size: p.checked.bytes.length,
      sha256: p.checked.sha256,
      storageKey: p.key,
      thumbKey: p.thumbKey,
    }),
  );
  return { id, thumbnailUrl: `/api/lapor/photos/${id}/thumb`, url: `/api/lapor/photos/${id}` };
}

const publicPhoto = (id: string) => ({ id, thumbnailUrl: `/api/public/lapor/photos/${id}/thumb`, url: `/api/public/lapor/photos/${id}` });
const privatePhoto = (id: string) => ({ id, thumbnailUrl: `/api/lapor/photos/${id}/thumb`, url: `/api/lapor/photos/${id}` });

const isPublic = (r: store.ReportRow) => !r.confidential && !r.hidden && !NOT_PUBLIC_STATES.has(r.state);

/** A photo for a signed-in user: its uploader, the reporter, or staff who may read the report. */
export async function readPhoto(ctx: LaporCtx, id: string, thumb: boolean) {
  const actor = requireUser(ctx);
  const p = await store.getPhoto(ctx.db, ctx.tenant.id, id);
  if (!p) throw notFound();
  if (p.owner_id !== actor.userId) {
    if (!p.case_id) throw notFound();
    const r = await store.getReport(ctx.db, ctx.tenant.id, p.case_id);
    if (!r || !canRead(actor, r)) throw notFound();
  }
  return { contentType: thumb ? "image/jpeg" : p.content_type, bytes: await ctx.files.get(thumb ? p.thumb_storage_key : p.storage_key) };
}

/** A photo of a public report (not confidential, not hidden); anything else is 404. */
export async function readPublicPhoto(db: Db, files: FileStore, tenant: Tenant, id: string, thumb: boolean) {
  const p = await store.getPhoto(db, tenant.id, id);
  if (!p?.case_id) throw notFound();
  const r = await store.getReport(db, tenant.id, p.case_id);
  if (!r || !isPublic(r)) throw notFound();
  return { contentType: thumb ? "image/jpeg" : p.content_type, bytes: await files.get(thumb ? p.thumb_storage_key : p.storage_key) };
}

// ---- filing a report ----------------------------------------------------------------------------

export interface NewReport {
  category: string;
  /** The pin; null only for callers that have no point (an Open311 report with only an address_string). */
  lat: number | null;
  lon: number | null;
  /** Kemendagri kelurahan code, optional: used when the point does not tell (no boundaries); else "belum ditentukan". */
  kelurahan?: string;
  description: string;
  title?: string;
  anonymous?: boolean;
  confidential?: boolean;
  photoIds?: string[];
  data?: Record<string, unknown>;
}

/**
 * Files a report for the signed-in citizen: validated (category, location inside the tenant, kelurahan,
 * anonymity allowed, staged photos, category fields) before anything is stored; then one transaction:
 * the case in state `submitted` assigned to the category's verifier unit (its owner, Diskominfo), the
 * details row with the rule-routed unit, photos attached, event, outbox, notification, audit.
 */
export async function createReport(ctx: LaporCtx, input: NewReport, inTx?: Queryable) {
  // `inTx`: file the report inside the caller's transaction (Open311 writes its app user, the report and its own row as one).
  const db: Queryable = inTx ?? ctx.db;
  const run = <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => (inTx ? fn(inTx) : ctx.db.tx(fn));
  const actor = requireUser(ctx);
  const tenantId = ctx.tenant.id;
  const cat = await categoryOf(db, tenantId, input.category);
  const rules = cat.spec.complaint;
  const anonymous = input.anonymous === true;
  const confidential = input.confidential === true;
  const description = input.description.trim();
  const title = input.title?.trim() || null;
  if (!description) throw fieldError("description", "required");
  if (anonymous && !rules.anonymousAllowed) throw fieldError("anonymous", "anonymous-not-allowed");
  const photoIds = [...new Set(input.photoIds ?? [])];
  if (photoIds.length > MAX_PHOTOS) throw fieldError("photoIds", "too-many-photos");
  const data = input.data ?? {};
  const formErrors = validateForm(cat.spec.form.fields, data, { kelurahan: new Map(), kecamatanCodes: await allKecamatanCodes(), files: new Map() }, true);
  if (formErrors.length) throw badRequest("validation-failed", { fields: formErrors });

  const { lat, lon, h3, kelurahan, kecamatan } = await resolvePlace(db, tenantId, input);

  if (photoIds.length) {
    const staged = await store.stagedPhotos(db, tenantId, actor.userId, photoIds);
    if (staged.length !== photoIds.length) throw fieldError("photoIds", "photo-missing");
  }
  const recent = await store.countRecentByReporter(db, tenantId, actor.userId, new Date(Date.now() - 3600_000));
  if (recent >= (ctx.reportsPerHour ?? REPORTS_PER_ACCOUNT_HOUR)) throw new AppError("rate-limited", 429);

  return run(async (q) => {
    const route = await routeReport(q, tenantId, rules.routing, { kelurahan, kecamatan });
    const now = new Date();
    const c = await fileCase(
      q,
      ctx,
      {
        serviceKey: cat.key,
        version: cat.version,
        spec: cat.spec,
        applicantId: actor.userId,
        applicantName: anonymous ? null : actor.name,
        data,
        unitId: cat.ownerUnitId,
        kelurahan,
        kecamatan,
        lat,
        lng: lon,
        h3,
        actor: reporterActor(actor, anonymous),
        headline: { id: "laporan diterima dan menunggu verifikasi", en: "report received, awaiting verification" },
      },
      now,
    );
    await store.insertDetails(q, {
      caseId: c.id,
      tenantId,
      serviceKey: cat.key,
      classification: rules.classification,
      title,
      description,
      lat,
      lon,
      h3,
      kelurahan,
      kecamatan,
      routedUnitId: route?.unitId ?? null,
      reporterId: actor.userId,
      anonymous,
      confidential,
      createdAt: now,
    });
    await store.attachPhotos(q, tenantId, c.id, photoIds);
    await audit(q, {
      tenantId,
      actorId: auditActor(actor, anonymous),
      action: "complaint.submitted",
      subjectType: "case",
      subjectId: c.id,
      data: {
        number: c.number,
        category: cat.key,
        routedTo: route?.unitCode ?? null,
        kelurahan,
        confidential,
        ...(anonymous ? { reporter: "anonymous" } : {}),
      },
    });
    return { id: c.id, number: c.number as string, trackingToken: c.tracking_token, state: c.state };
  });
}

// ---- reading ---------------------------------------------------------------------------------------

export function canRead(actor: Actor | undefined, r: store.ReportRow): boolean {
  if (!actor || actor.mfaPending) return false;
  if (r.reporter_id === actor.userId) return true;
  return staffRoles(actor, r).length > 0 || isStaffWide(actor);
}

async function loadReport(q: Queryable, ctx: LaporCtx, id: string) {
  const r = await store.getReport(q, ctx.tenant.id, id);
  if (!r || !canRead(ctx.actor, r)) throw notFound("report-not-found");
  return r;
}

const stateLabel = (spec: ResolvedService, key: string) => spec.workflow.states.find((s) => s.key === key)?.label ?? { id: key, en: key };
const terminalOf = (spec: ResolvedService, key: string) => !!spec.workflow.states.find((s) => s.key === key)?.terminal;

async function unitsById(q: Queryable, tenantId: string, ids: (string | null)[]) {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map<string, { code: string; name: string }>();
  const rows = await q.query<{ id: string; code: string; name: string }>("SELECT id, code, name FROM org_units WHERE tenant_id = $1 AND id = ANY($2::uuid[])", [
    tenantId,
    `{${list.join(",")}}`,
  ]);
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

async function unitNamesByCode(q: Queryable, tenantId: string, codes: (string | null)[]) {
  const list = [...new Set(codes.filter((x): x is string => !!x))];
  if (!list.length) return new Map<string, string>();
  const rows = await q.query<{ code: string; name: string }>("SELECT code, name FROM org_units WHERE tenant_id = $1 AND code = ANY($2::text[])", [
    tenantId,
    `{${list.join(",")}}`,
  ]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

function reopenDeadline(r: store.ReportRow, spec: ResolvedService): Date | null {
  if (r.is_open || !r.closed_at || !REOPENABLE.has(r.state)) return null;
  return new Date(new Date(r.closed_at).getTime() + limitsOf(spec.complaint).reopenDays * 86_400_000);
}

/**
 * One report, shaped by who looks: its reporter (everything of their own), or staff of its unit /
 * Kominfo / auditors (never the reporter's identity when anonymous, never any account id).
 */
export async function viewReport(ctx: LaporCtx, id: string) {
  const actor = requireUser(ctx);
  const r = await loadReport(ctx.db, ctx, id);
  const spec = await specOf(ctx.db, ctx.tenant.id, r.service_key, r.service_version);
  const isReporter = r.reporter_id === actor.userId;
  const roles = staffRoles(actor, r);
  const asStaff = !isReporter || roles.length > 0;
  const [events, photos, units, names, address] = await Promise.all([
    casesStore.listEvents(ctx.db, ctx.tenant.id, id),
    store.photosOf(ctx.db, ctx.tenant.id, [id]),
    unitsById(ctx.db, ctx.tenant.id, [r.assignee_unit_id, r.routed_unit_id]),
    unitNamesByCode(ctx.db, ctx.tenant.id, [r.kelurahan_code, r.kecamatan_code]),
    asStaff ? addressOf(ctx.db, ctx.tenant.id, id) : null,
  ]);
  const merged = r.merged_into ? await store.getReport(ctx.db, ctx.tenant.id, r.merged_into) : undefined;
  const deadline = reopenDeadline(r, spec);
  const now = new Date();
  return {
    id: r.id,
    number: r.number,
    version: r.version,
    trackingToken: isReporter ? r.tracking_token : undefined,
    category: { key: r.service_key, name: spec.name, classification: r.classification },
    title: r.title,
    description: r.description,
    data: r.data,
    fields: spec.form.fields,
    lat: r.lat,
    lon: r.lon,
    kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: names.get(r.kelurahan_code) ?? null } : null,
    kecamatan: r.kecamatan_code ? { code: r.kecamatan_code, name: names.get(r.kecamatan_code) ?? null } : null,
    /** Staff: the address an Open311 app sent; canPlace: may set the kelurahan (POST …/kelurahan, ./kelurahan.ts). */
    address: asStaff ? address : undefined,
    canPlace: asStaff && r.is_open && (roles.length > 0 || actor.grants.some((g) => g.role === "kominfo_admin")),
    anonymous: r.anonymous,
    confidential: r.confidential,
    /** Staff see the reporter's name only when the report is not anonymous; nobody sees account ids. */
    reporter: asStaff && !isReporter ? (r.anonymous ? null : { name: r.applicant_name }) : undefined,
    state: r.state,
    stateLabel: stateLabel(spec, r.state),
    isOpen: r.is_open,
    outcome: terminalOf(spec, r.state) ? r.state : null,
    unit: r.assignee_unit_id ? (units.get(r.assignee_unit_id) ?? null) : null,
    routedUnit: asStaff ? (r.routed_unit_id ? (units.get(r.routed_unit_id) ?? null) : null) : undefined,
    submittedAt: r.submitted_at,
    stateDueAt: r.state_due_at,
    slaDueAt: r.sla_due_at,
    closedAt: r.closed_at,
    supportCount: r.support_count,
    rating: r.rating,
    ratingComment: r.rating_comment,
    reopenCount: r.reopen_count,
    mergedInto: merged ? { id: merged.id, number: merged.number } : null,
    hidden: asStaff ? r.hidden : undefined,
    flagCount: asStaff ? r.flag_count : undefined,
    canReply: isReporter && r.is_open,
    canReopen: isReporter && !!deadline && deadline.getTime() >= now.getTime(),
    reopenUntil: isReporter ? deadline : undefined,
    canRate: isReporter && !r.is_open && r.state !== "duplikat",
    myRoles: roles,
    actions: allowedActions(spec.workflow, r as unknown as CaseRow, roles).map((a) => ({
      key: a.key,
      label: a.label,
      to: a.to,
      requireComment: !!a.requireComment,
      forward: !!a.forward,
    })),
    photos: photos.filter((p) => p.kind === "report").map((p) => privatePhoto(p.file_id)),
    timeline: events.map((e) => {
      const byReporter = e.actor_role === "citizen";
      const files = Array.isArray(e.data?.photos) ? (e.data.photos as string[]) : [];
      return {
        at: e.at,
        kind: e.data?.update ? "update" : e.kind,
        action: e.action,
        from: e.from_state,
        to: e.to_state,
        toLabel: e.to_state ? stateLabel(spec, e.to_state) : null,
        comment: e.comment,
        by: byReporter ? "reporter" : e.actor_role ? "officer" : "system",
        // Officers' names for staff; the reporter's name never when anonymous; nothing of staff for citizens.
        actorName: asStaff && !isReporter ? (byReporter && r.anonymous ? null : e.actor_name) : undefined,
        photos: files.map(privatePhoto),
      };
    }),
    sla: r.is_open && r.state_due_at ? (new Date(r.state_due_at) < now ? "overdue" : "on_time") : "none",
  };
}

export async function myReports(ctx: LaporCtx) {
  const actor = requireUser(ctx);
  const rows = await store.listMine(ctx.db, ctx.tenant.id, actor.userId);
  const out = [];
  const now = Date.now();
  for (const r of rows) {
    const spec = await specOf(ctx.db, ctx.tenant.id, r.service_key, r.service_version);
    const deadline = reopenDeadline(r, spec);
    out.push({
      id: r.id,
      number: r.number,
      category: { key: r.service_key, name: spec.name },
      excerpt: excerpt(r.title ? `${r.title}: ${r.description}` : r.description),
      state: r.state,
      stateLabel: stateLabel(spec, r.state),
      isOpen: r.is_open,
      outcome: terminalOf(spec, r.state) ? r.state : null,
      anonymous: r.anonymous,
      confidential: r.confidential,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      supportCount: r.support_count,
      rating: r.rating,
      canReopen: !!deadline && deadline.getTime() >= now,
      canRate: !r.is_open && r.state !== "duplikat",
      trackingToken: r.tracking_token,
    });
  }
  return out;
}

// ---- the reporter's steps ----------------------------------------------------------------------------

async function loadOwn(q: Queryable, ctx: LaporCtx, id: string, actor: Actor) {
  const r = await store.getReport(q, ctx.tenant.id, id, true);
  if (!r || r.reporter_id !== actor.userId) throw notFound("report-not-found");
  return r;
}

/** The reporter writes back; an answered report goes back to the unit for follow-up. */
export async function reply(ctx: LaporCtx, id: string, message: string) {
  const actor = requireUser(ctx);
  const text = message.trim();
  if (!text) throw fieldError("message", "required");
  return ctx.db.tx(async (q) => {
    const r = await loadOwn(q, ctx, id, actor);
    if (!r.is_open) throw conflict("report-closed");
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const who = reporterActor(actor, r.anonymous);
    await casesStore.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: who.id,
      actorName: who.name,
      actorRole: "citizen",
      kind: "comment",
      comment: text,
    });
    let state = r.state;
    if (r.state === "responded") {
      const c = await casesStore.getCase(q, ctx.tenant.id, id);
      const moved = await moveCase(q, ctx, c as CaseRow, spec, { to: "in_progress", action: "reply", actor: who, quiet: true });
      state = moved.state;
    }
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.replied",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { id, state };
  });
}

/** Not fixed after all: the reporter reopens within the category's reopenDays of closing. */
export async function reopen(ctx: LaporCtx, id: string, reason: string, now = new Date()) {
  const actor = requireUser(ctx);
  const text = reason.trim();
  if (!text) throw fieldError("reason", "required");
  return ctx.db.tx(async (q) => {
    const r = await loadOwn(q, ctx, id, actor);
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    if (r.is_open || !REOPENABLE.has(r.state)) throw conflict("report-not-reopenable");
    const deadline = reopenDeadline(r, spec);
    if (!deadline || deadline.getTime() < now.getTime()) throw conflict("reopen-window-closed", { detail: deadline?.toISOString() });
    const c = await casesStore.getCase(q, ctx.tenant.id, id);
    const moved = await moveCase(
      q,
      ctx,
      c as CaseRow,
      spec,
      { to: "in_progress", action: "reopen", actor: reporterActor(actor, r.anonymous), comment: text, quiet: true },
      now,
    );
    await store.bumpReopen(q, ctx.tenant.id, id);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.reopened",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { id, state: moved.state };
  });
}

export async function rate(ctx: LaporCtx, id: string, rating: number, comment?: string) {
  const actor = requireUser(ctx);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw fieldError("rating", "maximum");
  return ctx.db.tx(async (q) => {
    const r = await loadOwn(q, ctx, id, actor);
    if (r.is_open || r.state === "duplikat") throw conflict("report-not-closed");
    const text = comment?.trim() || null;
    await store.setRating(q, ctx.tenant.id, id, rating, text);
    const who = reporterActor(actor, r.anonymous);
    await casesStore.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: who.id,
      actorName: who.name,
      actorRole: "citizen",
      kind: "updated",
      data: { rating },
      comment: text,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: auditActor(actor, r.anonymous),
      action: "complaint.rated",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, rating, ...(r.anonymous ? { reporter: "anonymous" } : {}) },
    });
    return { rating, comment: text };
  });
}

/** "+1, saya juga mengalami": once per user, on open public reports. */
export async function support(ctx: LaporCtx, id: string) {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id);
    if (!r || (!isPublic(r) && !canRead(actor, r))) throw notFound("report-not-found");
    if (!r.is_open) throw conflict("report-closed");
    if (r.reporter_id === actor.userId) return { supportCount: r.support_count, supported: false };
    const res = await store.addSupport(q, ctx.tenant.id, id, actor.userId);
    if (res.added) {
      await audit(q, {
        tenantId: ctx.tenant.id,
        actorId: actor.userId,
        action: "complaint.supported",
        subjectType: "case",
        subjectId: id,
        data: { supportCount: res.supportCount },
      });
    }
    return { supportCount: res.supportCount, supported: res.added };
  });
}

export async function flag(ctx: LaporCtx, id: string, reason: string) {
  const actor = requireUser(ctx);
  const text = reason.trim();
  if (!text) throw fieldError("reason", "required");
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id);
    if (!r || (!isPublic(r) && !canRead(actor, r))) throw notFound("report-not-found");
    const added = await store.addFlag(q, ctx.tenant.id, id, actor.userId, text);
    if (added) {
      await audit(q, {
        tenantId: ctx.tenant.id,
        actorId: actor.userId,
        action: "complaint.flagged",
        subjectType: "case",
        subjectId: id,
        data: { number: r.number },
      });
    }
    return { flagged: true };
  });
}

// ---- staff steps ---------------------------------------------------------------------------------------

/** An officer of the handling unit posts a progress update (message and up to 5 photos), shown publicly. */
export async function postUpdate(ctx: LaporCtx, id: string, message: string, photos: { filename: string; bytes: Buffer }[]) {
  const actor = requireUser(ctx);
  const text = message.trim();
  if (!text) throw fieldError("message", "required");
  if (photos.length > MAX_PHOTOS) throw fieldError("file", "too-many-photos");
  const r = await store.getReport(ctx.db, ctx.tenant.id, id);
  if (!r || !canRead(actor, r)) throw notFound("report-not-found");
  const roles = staffRoles(actor, r);
  if (!roles.length) throw forbidden();
  if (!r.is_open) throw conflict("report-closed");
  const stored: Awaited<ReturnType<typeof storePhoto>>[] = [];
  for (const p of photos) stored.push(await storePhoto(ctx, actor, p.filename, p.bytes, "file"));
  return ctx.db.tx(async (q) => {
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const ids: string[] = [];
    for (const p of stored) {
      ids.push(
        await store.insertPhoto(q, {
          tenantId: ctx.tenant.id,
          ownerId: actor.userId,
          caseId: id,
          kind: "update",
          filename: p.checked.filename,
          contentType: p.checked.contentType,
          size: p.checked.bytes.length,
          sha256: p.checked.sha256,
          storageKey: p.key,
          thumbKey: p.thumbKey,
        }),
      );
    }
    const now = new Date();
    await casesStore.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: roles[0],
      kind: "comment",
      comment: text,
      data: { update: true, photos: ids },
    });
    await store.markFirstResponse(q, ctx.tenant.id, id, now);
    const c = (await casesStore.getCase(q, ctx.tenant.id, id)) as CaseRow;
    await notifyApplicant(q, ctx, c, spec, { id: `kabar perkembangan: ${text}`, en: `progress update: ${text}` });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.update-posted",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, photos: ids.length },
    });
    return { id, photos: ids.map(privatePhoto) };
  });
}

/** Closes a report as a duplicate of another open one (by number or id); its reporter becomes a supporter. */
export async function merge(ctx: LaporCtx, id: string, into: string) {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id, true);
    if (!r || !canRead(actor, r)) throw notFound("report-not-found");
    const kominfo = actor.grants.some((g) => g.role === "kominfo_admin");
    if (!kominfo && !staffRoles(actor, r).length) throw forbidden();
    const target = /^[0-9a-f-]{36}$/i.test(into) ? await store.getReport(q, ctx.tenant.id, into) : await store.getReportByNumber(q, ctx.tenant.id, into);
    if (!target) throw fieldError("into", "report-not-found");
    if (target.id === r.id) throw fieldError("into", "merge-self");
    if (!r.is_open) throw conflict("report-closed");
    if (!target.is_open) throw fieldError("into", "report-closed");
    if (target.service_key !== r.service_key && !kominfo) throw fieldError("into", "other-category");
    const spec = await specOf(q, ctx.tenant.id, r.service_key, r.service_version);
    const c = (await casesStore.getCase(q, ctx.tenant.id, id)) as CaseRow;
    const role = staffRoles(actor, r)[0] ?? "kominfo_admin";
    await moveCase(q, ctx, c, spec, {
      to: "duplikat",
      action: "merge",
      actor: { id: actor.userId, name: actor.name, role },
      comment: `Digabung ke laporan ${target.number} / Merged into ${target.number}`,
      data: { mergedInto: target.id, number: target.number },
    });
    await store.setMerged(q, ctx.tenant.id, id, target.id);
    if (r.reporter_id && r.reporter_id !== target.reporter_id) await store.addSupport(q, ctx.tenant.id, target.id, r.reporter_id);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.merged",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, into: target.number },
    });
    return { id, state: "duplikat", mergedInto: { id: target.id, number: target.number } };
  });
}

export async function heatmap(db: Db, tenant: Tenant, from: Date, to: Date) {
  const rows = await store.heatmap(db, tenant.id, from, to);
  return {
    cells: rows.map((r) => {
      const [lat, lon] = cellToLatLng(r.h3);
      return { h3: r.h3, lat, lon, count: r.count };
    }),
  };
}

export async function moderationQueue(db: Db, tenant: Tenant) {
  const rows = await store.moderationQueue(db, tenant.id, 200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      category: r.service_key,
      excerpt: excerpt(r.description),
      hidden: r.hidden,
      flags: r.flags,
      reasons: r.reasons,
      firstFlaggedAt: r.first_flagged_at,
    })),
  };
}

export async function moderate(ctx: LaporCtx, id: string, decision: "hide" | "keep") {
  const actor = requireUser(ctx);
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("report-not-found");
    const decided = await store.decideFlags(q, ctx.tenant.id, id, decision, actor.userId);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "complaint.moderated",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, decision, flags: decided },
    });
    return { id, hidden: decision === "hide" };
  });
}

// ---- public ----------------------------------------------------------------------------------------------

export interface PublicQuery {
  category?: string;
  state?: string;
  kecamatan?: string;
  from?: string;
  to?: string;
  /** minLon,minLat,maxLon,maxLat */
  bbox?: string;
  limit?: number;
  cursor?: string;
}

const encodeCursor = (at: Date, id: string) => Buffer.from(`${new Date(at).toISOString()}|${id}`).toString("base64url");
function decodeCursor(s: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const d = new Date(at ?? "");
  if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? "")) throw fieldError("cursor", "format");
  return { at: d, id };
}
/** An ISO instant, or a plain date = the start of that day in the tenant's time zone. */
function parseDate(s: string | undefined, field: string, timeZone: string): Date | undefined {
  if (!s) return undefined;
  let d = new Date(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const utc = new Date(`${s}T00:00:00Z`);
    d = new Date(utc.getTime() - zoneOffsetMinutes(utc, timeZone) * 60_000);
  }
  if (Number.isNaN(d.getTime())) throw fieldError(field, "format");
  return d;
}
function parseBbox(s: string | undefined): [number, number, number, number] | undefined {
  if (!s) return undefined;
  const parts = s.split(",").map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[0] > parts[2] || parts[1] > parts[3]) throw fieldError("bbox", "format");
  return parts as [number, number, number, number];
}

/**
 * The public list and map: reports that are not confidential, not hidden by moderation and not archived;
 * no reporter identity. Newest first; `next` is the cursor of the following page (null at the end).
 */
export async function listPublicReports(db: Db, tenant: Tenant, query: PublicQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const toDate = parseDate(query.to, "to", tenant.timezone);
  const rows = await store.listPublic(db, tenant.id, {
    category: query.category,
    state: query.state,
    kecamatan: query.kecamatan,
    from: parseDate(query.from, "from", tenant.timezone),
    // A plain date `to` includes that whole day.
    to: toDate && query.to && /^\d{4}-\d{2}-\d{2}$/.test(query.to) ? new Date(toDate.getTime() + 86_400_000) : toDate,
    bbox: parseBbox(query.bbox),
    cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const photos = await store.photosOf(
    db,
    tenant.id,
    page.map((r) => r.id),
  );
  const names = await unitNamesByCode(
    db,
    tenant.id,
    page.flatMap((r) => [r.kelurahan_code, r.kecamatan_code]),
  );
  const cats = new Map((await listCategories(db, tenant.id)).map((c) => [c.key, c.spec]));
  const items = page.map((r) => {
    const spec = cats.get(r.service_key);
    return {
      number: r.number,
      category: r.service_key,
      categoryName: spec?.name ?? null,
      state: r.state,
      stateLabel: spec ? stateLabel(spec, r.state) : null,
      outcome: spec && terminalOf(spec, r.state) ? r.state : null,
      lat: r.lat,
      lon: r.lon,
      kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: names.get(r.kelurahan_code) ?? null } : null,
      kecamatan: r.kecamatan_code ? { code: r.kecamatan_code, name: names.get(r.kecamatan_code) ?? null } : null,
      createdAt: r.created_at,
      supportCount: r.support_count,
      rating: r.rating,
      excerpt: excerpt(r.title ? `${r.title}: ${r.description}` : r.description),
      photos: photos.filter((p) => p.case_id === r.id && p.kind === "report").map((p) => publicPhoto(p.file_id)),
    };
  });
  const last = page[page.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
}

/** One public report by number with its public timeline (status changes, official answers, progress updates). */
export async function getPublicReport(db: Db, tenant: Tenant, number: string) {
  const r = await store.getReportByNumber(db, tenant.id, number);
  if (!r || !isPublic(r)) throw notFound("report-not-found");
  const spec = await specOf(db, tenant.id, r.service_key, r.service_version);
  const [events, photos, units, names] = await Promise.all([
    casesStore.listEvents(db, tenant.id, r.id),
    store.photosOf(db, tenant.id, [r.id]),
    unitsById(db, tenant.id, [r.assignee_unit_id]),
    unitNamesByCode(db, tenant.id, [r.kelurahan_code, r.kecamatan_code]),
  ]);
  const merged = r.merged_into ? await store.getReport(db, tenant.id, r.merged_into) : undefined;
  const byId = new Map(photos.map((p) => [p.file_id, p]));
  const timeline = [];
  for (const e of events) {
    const staff = !!e.actor_role && e.actor_role !== "citizen";
    if (e.kind === "submitted" || (e.kind === "transition" && e.to_state)) {
      const answer = staff && e.to_state && (terminalOf(spec, e.to_state) || e.to_state === "responded");
      timeline.push({
        at: e.at,
        kind: "status",
        state: e.to_state,
        label: stateLabel(spec, e.to_state as string),
        message: answer ? e.comment : null,
        photos: [],
      });
    } else if (e.kind === "comment" && staff && e.data?.update) {
      const ids = Array.isArray(e.data.photos) ? (e.data.photos as string[]) : [];
      timeline.push({ at: e.at, kind: "update", state: null, label: null, message: e.comment, photos: ids.filter((x) => byId.has(x)).map(publicPhoto) });
    }
  }
  return {
    // The id lets a signed-in visitor support (+1) or flag the report; it opens nothing by itself.
    id: r.id,
    number: r.number,
    category: { key: r.service_key, name: spec.name, classification: r.classification },
    title: r.title,
    description: r.description,
    state: r.state,
    stateLabel: stateLabel(spec, r.state),
    isOpen: r.is_open,
    outcome: terminalOf(spec, r.state) ? r.state : null,
    lat: r.lat,
    lon: r.lon,
    kelurahan: r.kelurahan_code ? { code: r.kelurahan_code, name: names.get(r.kelurahan_code) ?? null } : null,
    kecamatan: r.kecamatan_code ? { code: r.kecamatan_code, name: names.get(r.kecamatan_code) ?? null } : null,
    unit: r.assignee_unit_id ? (units.get(r.assignee_unit_id) ?? null) : null,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    supportCount: r.support_count,
    rating: r.rating,
    ratingComment: r.rating_comment,
    mergedInto: merged && isPublic(merged) ? { number: merged.number } : null,
    photos: photos.filter((p) => p.kind === "report").map((p) => publicPhoto(p.file_id)),
    timeline,
  };
}

const round1 = (n: number | null) => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10);

const statsCache = new Map<string, { at: number; value: Promise<unknown> }>();
const STATS_TTL_MS = 5 * 60_000;

/**
 * Statistics per unit (received, median hours to first response and to resolve, SLA compliance, rating), per
 * category and month. A public page over up to a year of reports: cached per tenant and range for 5 minutes.
 */
export async function publicStats(db: Db, tenant: Tenant, fromS?: string, toS?: string) {
  const key = `${tenant.id}|${fromS ?? ""}|${toS ?? ""}`;
  const hit = statsCache.get(key);
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.value as ReturnType<typeof computeStats>;
  const value = computeStats(db, tenant, fromS, toS);
  statsCache.set(key, { at: Date.now(), value });
  if (statsCache.size > 500) statsCache.delete(statsCache.keys().next().value as string);
  value.catch(() => statsCache.delete(key));
  return value;
}

async function computeStats(db: Db, tenant: Tenant, fromS?: string, toS?: string) {
  const now = new Date();
  const to = parseDate(toS, "to", tenant.timezone) ?? now;
  const toEnd = toS && /^\d{4}-\d{2}-\d{2}$/.test(toS) ? new Date(to.getTime() + 86_400_000) : to;
  const from = parseDate(fromS, "from", tenant.timezone) ?? new Date(toEnd.getTime() - 365 * 86_400_000);
  const [units, categories, monthly] = await Promise.all([
    store.unitStats(db, tenant.id, from, toEnd),
    store.categoryStats(db, tenant.id, from, toEnd),
    store.monthlyStats(db, tenant.id, from, toEnd, tenant.timezone),
  ]);
  return {
    from,
    to: toEnd,
    units: units.map((u) => ({
      unitCode: u.unit_code,
      unitName: u.unit_name,
      received: u.received,
      medianFirstResponseHours: round1(u.median_first_response_hours),
      medianResolveHours: round1(u.median_resolve_hours),
      slaCompliance: u.closed ? Math.round((u.closed_on_time / u.closed) * 1000) / 1000 : null,
      ratingAvg: round1(u.rating_avg),
      ratingCount: u.rating_count,
    })),
    categories: categories.map((c) => ({ key: c.key, name: { id: c.name_id, en: c.name_en }, count: c.count })),
    monthly,
  };
}

// ---- auto-close -------------------------------------------------------------------------------------

/**
 * Closes answered reports (`responded`) whose reporter has not replied within the category's
 * autoCloseDays working days: outcome selesai, event, notification, audit. Idempotent, safe in several processes.
 */
export async function autoCloseAnswered(db: Db, now = new Date(), batch = 200, publicUrl?: string): Promise<number> {
  return db.tx(async (q) => {
    const candidates = await store.respondedCandidates(q, new Date(now.getTime() - 86_400_000), batch);
    let closed = 0;
    for (const cand of candidates) {
      const c = await casesStore.getCase(q, cand.tenant_id, cand.id);
      if (c?.state !== "responded" || !c.is_open) continue;
      const spec = await specOf(q, c.tenant_id, c.service_key, c.service_version);
      const tenant = await q.one<Tenant>('SELECT id, name, slug, timezone, is_default AS "isDefault" FROM tenants WHERE id = $1', [c.tenant_id]);
      if (!tenant) continue;
      const days = limitsOf(spec.complaint).autoCloseDays;
      const holidays = await holidaysOf(q, c.tenant_id);
      const due = addWorkingDays(new Date(cand.answered_at ?? c.updated_at), days, tenant.timezone, holidays);
      if (due.getTime() > now.getTime()) continue;
      await moveCase(
        q,
        { tenant, publicUrl },
        c,
        spec,
        {
          to: "selesai",
          action: "auto_close",
          actor: SYSTEM,
          comment: `Ditutup otomatis: tidak ada balasan pelapor dalam ${days} hari kerja / Closed automatically: no reply from the reporter within ${days} working days`,
        },
        now,
      );
      await audit(q, {
        tenantId: c.tenant_id,
        actorId: null,
        action: "complaint.auto-closed",
        subjectType: "case",
        subjectId: c.id,
        data: { number: c.number, days },
      });
      closed++;
    }
    return closed;
  });
}

export function startAutoCloseJob(
  db: Db,
  log: { info(msg: string): void; error(obj: unknown, msg: string): void },
  publicUrl?: string,
  everyMs = 300_000,
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const n = await autoCloseAnswered(db, new Date(), 200, publicUrl);
      if (n) log.info(`auto-closed ${n} answered report(s)`);
    } catch (err) {
      log.error({ err }, "e-Lapor auto-close job failed");
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
