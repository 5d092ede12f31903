/** Schools module basics: the context use cases take, periods and deadlines, the units of Disdik and of a school. */
import type { Db } from "../../platform/db.ts";
import type { Queryable } from "../../platform/db.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { can } from "../../platform/auth/roles.ts";
import { AppError, forbidden, notFound, type FieldError } from "../../platform/errors.ts";
import type { FileStore } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { addDays, localDate } from "../../platform/workdays.ts";
import { subtreeOfCode, unitsByCode } from "../admin/index.ts";
import * as store from "./store.ts";

export interface SchoolsCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor;
  files: FileStore;
  locale: "id" | "en";
  publicUrl?: string;
}

export const DISDIK = "DISDIK";
/** Org unit code of a school: its NPSN. */
export const schoolUnitCode = (npsn: string) => `SEKOLAH-${npsn}`;
export const NPSN = /^[A-Z0-9]{8}$/;

export const validation = (fields: FieldError[]) => new AppError("validation-failed", 400, { fields });
export const fieldError = (field: string, code: string, message?: string) => validation([{ field, code, message }]);

// ---- periods ---------------------------------------------------------------------------------------

export const todayIn = (tz: string, now = new Date()) => localDate(now, tz);
export { addDays };
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
/** A monthly report for `period` (YYYY-MM) is due `dueDays` days into the next month: 10 → the 10th. */
export const dueOn = (period: string, dueDays: number) => addDays(`${addMonths(period, 1)}-01`, dueDays - 1);
/** The period whose report is due in the month of `date`: last month. */
export const periodDueIn = (date: string) => addMonths(date.slice(0, 7), -1);
export const isPeriod = (p: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(p);

// ---- who ---------------------------------------------------------------------------------------------

/** Disdik and the units under it (schools included). */
export const disdikUnits = (q: Queryable, tenantId: string) => subtreeOfCode(q, tenantId, DISDIK);

/** A Disdik reviewer (or Kominfo admin), else 403. */
export async function requireReviewer(ctx: SchoolsCtx): Promise<string[]> {
  const units = await disdikUnits(ctx.db, ctx.tenant.id);
  if (!can(ctx.actor, "schools.review", units)) throw forbidden();
  return units;
}

/** The schools the actor reports for (principal or operator grants on school units). */
export function reportingUnits(actor: Actor): string[] {
  return actor.grants.filter((g) => (g.role === "kepala_sekolah" || g.role === "operator_sekolah") && g.unitKind === "sekolah").map((g) => g.unitId);
}

/** The school, readable by its own staff and by Disdik reviewers; 404 otherwise. */
export async function schoolFor(ctx: SchoolsCtx, unitId: string, mode: "report" | "read") {
  const s = await store.schoolByUnit(ctx.db, ctx.tenant.id, unitId);
  if (!s) throw notFound("school-not-found");
  if (reportingUnits(ctx.actor).includes(unitId)) return s;
  if (mode === "read" && can(ctx.actor, "schools.review", await disdikUnits(ctx.db, ctx.tenant.id))) return s;
  throw notFound("school-not-found");
}

export const msg = (locale: "id" | "en", id: string, en: string) => (locale === "en" ? en : id);

/** The names of the units with these codes (a school's kecamatan; an unknown or missing code has none). */
export async function kecamatanNames(q: Queryable, tenantId: string, codes: (string | null)[]): Promise<Map<string | null, string>> {
  const wanted = [...new Set(codes.filter((c): c is string => !!c))];
  return new Map((await unitsByCode(q, tenantId, wanted)).map((u) => [u.code, u.name]));
}
