/** Cached, immutable or slowly changing lookups of the case engine: published specs, regions, form context, SLA dates. */
import type { Queryable } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { addWorkingDays } from "../../platform/workdays.ts";
import { holidaysOf } from "../calendar/index.ts";
import type { ResolvedService } from "../catalog/index.ts";
import { getVersion } from "../catalog/index.ts";
import { allKecamatanCodes, type FormContext } from "./form.ts";
import * as store from "./store.ts";
import { LruMap } from "../../platform/lru.ts";

// Holidays for SLA working days come from the calendar module (merged SKB + library calendar, cached per tenant and year).
export { holidaysOf };

// Bounded: 514 tenants × ~150 services would be ~80,000 specs; the busy ones stay.
const specCache = new LruMap<string, ResolvedService>(2048);
/** Published versions never change, so they are cached for the life of the process. */
export async function specOf(q: Queryable, tenantId: string, key: string, version: number): Promise<ResolvedService> {
  const id = `${tenantId}/${key}/${version}`;
  const hit = specCache.get(id);
  if (hit) return hit;
  const v = await getVersion(q, tenantId, key, version);
  if (!v) throw notFound("service-not-found");
  if (v.status === "published") specCache.set(id, v.spec);
  return v.spec;
}

const ttlCache = new LruMap<string, { at: number; value: unknown }>(1024);
async function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const hit = ttlCache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as T;
  const value = await load();
  ttlCache.set(key, { at: Date.now(), value });
  return value;
}

function kelurahanOf(q: Queryable, tenantId: string) {
  return cached(`kelurahan:${tenantId}`, 60_000, async () => {
    const rows = await store.kelurahanParents(q, tenantId);
    return new Map(rows.map((r) => [r.code, r.kec]));
  });
}

/** Kelurahan and kecamatan units by code, for routing (regions change by migration, not by the hour). */
export function regionUnitsOf(q: Queryable, tenantId: string) {
  return cached(`region-units:${tenantId}`, 60_000, async () => {
    const rows = await store.regionUnits(q, tenantId);
    return new Map(rows.map((r) => [r.code, r.id]));
  });
}

/** What form validation needs besides the answers; the case's files are read only when the form has file fields. */
export async function formContext(q: Queryable, tenantId: string, caseId: string, spec?: ResolvedService): Promise<FormContext> {
  const needsFiles = !spec || spec.form.fields.some((f) => f.type === "file");
  const files = needsFiles ? await store.listFiles(q, tenantId, caseId) : [];
  return { kelurahan: await kelurahanOf(q, tenantId), kecamatanCodes: await allKecamatanCodes(), files: new Map(files.map((f) => [f.id, f.field ?? ""])) };
}

/** The form context of answers not yet tied to a case (no files). */
export async function formContextEmpty(q: Queryable, tenantId: string): Promise<FormContext> {
  return { kelurahan: await kelurahanOf(q, tenantId), kecamatanCodes: await allKecamatanCodes(), files: new Map() };
}

/** The service's SLA due date and the due date of `state`, counted in working days from `now`. */
export async function dueDates(q: Queryable, tenant: Tenant, spec: ResolvedService, state: string, now: Date) {
  const holidays = await holidaysOf(q, tenant.id);
  const stateSla = spec.workflow.states.find((s) => s.key === state)?.slaDays;
  return {
    sla: addWorkingDays(now, spec.slaDays, tenant.timezone, holidays),
    state: stateSla !== undefined ? addWorkingDays(now, stateSla, tenant.timezone, holidays) : null,
  };
}
