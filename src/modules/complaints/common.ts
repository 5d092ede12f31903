/** What the e-Lapor use cases share: the context, limits, access rules, categories, labels and photo links. */
import type { Actor } from "../../platform/auth/roles.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, badRequest, notFound } from "../../platform/errors.ts";
import type { FileStore } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { unitsByCode, unitsById as unitsByIdIn } from "../admin/index.ts";
import type { ComplaintSpec, ResolvedService } from "../catalog/index.ts";
import { type CaseRow, type EventActor, rolesOnCase } from "../cases/index.ts";
import { limitsOf } from "./routing.ts";
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
export const REOPENABLE = new Set(["selesai", "tidak_dapat_ditindaklanjuti"]);
/** Terminal states whose reports are not shown publicly. */
export const NOT_PUBLIC_STATES = new Set(["diarsipkan"]);
export const SYSTEM: EventActor = { id: null, name: "Balai", role: null };

export const fieldError = (field: string, code: string, message?: string) =>
  badRequest("validation-failed", { fields: [{ field, code, ...(message ? { message } : {}) }] });

export function requireUser(ctx: LaporCtx): Actor {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  return ctx.actor;
}

export const isStaffWide = (actor: Actor) => actor.grants.some((g) => g.role === "kominfo_admin" || g.role === "auditor");
export const staffRoles = (actor: Actor | undefined, r: store.ReportRow) => rolesOnCase(actor, r as unknown as CaseRow).filter((x) => x !== "citizen");

/** How an event names the reporter: never by name or id when the report is anonymous. */
export function reporterActor(actor: Actor, anonymous: boolean): EventActor {
  return anonymous ? { id: null, name: null, role: "citizen" } : { id: actor.userId, name: actor.name, role: "citizen" };
}
/** The audit actor of the reporter's own steps: null (with data.reporter = "anonymous") for anonymous reports. */
export const auditActor = (actor: Actor, anonymous: boolean) => (anonymous ? null : actor.userId);

export const excerpt = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

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

export async function categoryOf(q: Queryable, tenantId: string, key: string): Promise<Category> {
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

export const publicPhoto = (id: string) => ({ id, thumbnailUrl: `/api/public/lapor/photos/${id}/thumb`, url: `/api/public/lapor/photos/${id}` });
export const privatePhoto = (id: string) => ({ id, thumbnailUrl: `/api/lapor/photos/${id}/thumb`, url: `/api/lapor/photos/${id}` });

export const isPublic = (r: store.ReportRow) => !r.confidential && !r.hidden && !NOT_PUBLIC_STATES.has(r.state);

// ---- reading ---------------------------------------------------------------------------------------

export function canRead(actor: Actor | undefined, r: store.ReportRow): boolean {
  if (!actor || actor.mfaPending) return false;
  if (r.reporter_id === actor.userId) return true;
  if (r.tppk) return isTppkOf(actor, r);
  return staffRoles(actor, r).length > 0 || isStaffWide(actor);
}

/** A report involving minors: only TPPK members of its assigned unit (Disdik's team) or routed unit (the school). */
export const isTppkOf = (actor: Actor, r: store.ReportRow) =>
  actor.grants.some((g) => g.role === "tppk" && (g.unitId === r.assignee_unit_id || g.unitId === r.routed_unit_id));

export async function loadReport(q: Queryable, ctx: LaporCtx, id: string) {
  const r = await store.getReport(q, ctx.tenant.id, id);
  if (!r || !canRead(ctx.actor, r)) throw notFound("report-not-found");
  return r;
}

export const stateLabel = (spec: ResolvedService, key: string) => spec.workflow.states.find((s) => s.key === key)?.label ?? { id: key, en: key };
export const terminalOf = (spec: ResolvedService, key: string) => !!spec.workflow.states.find((s) => s.key === key)?.terminal;

export async function unitsById(q: Queryable, tenantId: string, ids: (string | null)[]) {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map<string, { code: string; name: string }>();
  const rows = await unitsByIdIn(q, tenantId, list);
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

export async function unitNamesByCode(q: Queryable, tenantId: string, codes: (string | null)[]) {
  const list = [...new Set(codes.filter((x): x is string => !!x))];
  if (!list.length) return new Map<string, string>();
  const rows = await unitsByCode(q, tenantId, list);
  return new Map(rows.map((r) => [r.code, r.name]));
}

export function reopenDeadline(r: store.ReportRow, spec: ResolvedService): Date | null {
  if (r.is_open || !r.closed_at || !REOPENABLE.has(r.state)) return null;
  return new Date(new Date(r.closed_at).getTime() + limitsOf(spec.complaint).reopenDays * 86_400_000);
}

/**
 * One report, shaped by who looks: its reporter (everything of their own), or staff of its unit /
 * Kominfo / auditors (never the reporter's identity when anonymous, never any account id).
 */
