/**
 * The registry of the city's applications (Kominfo's "menginduk"): every OPD app with its owner, hosting, data and
 * status. OIDC clients (and, later, API keys) are issued only to apps in this list; a review is due a year after
 * registration or the last security assessment.
 */
import { audit } from "../../platform/audit.ts";
import { type Queryable, inTransaction } from "../../platform/db.ts";
import { badRequest, conflict, notFound, validationFailed } from "../../platform/errors.ts";
import { unitsByCode, unitsById } from "../admin/index.ts";
import * as store from "./store.ts";

export interface RegistryApp {
  id: string;
  key: string;
  name: string;
  ownerUnitId: string | null;
  ownerUnitName: string | null;
  purpose: string;
  url: string | null;
  hosting: store.AppRow["hosting"];
  usesSplp: boolean;
  dataProcessed: string;
  dataClassification: store.AppRow["data_classification"];
  status: store.AppRow["status"];
  lastSecurityAssessment: string | null;
  duplicatesNational: string | null;
  reviewDue: string | null;
  reviewOverdue: boolean;
}

const day = (d: string | Date | null) => (d === null ? null : typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

function toApp(r: store.AppRow, unitNames: Map<string, string>): RegistryApp {
  const reviewDue = day(r.review_due);
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_unit_id ? (unitNames.get(r.owner_unit_id) ?? null) : null,
    purpose: r.purpose,
    url: r.url,
    hosting: r.hosting,
    usesSplp: r.uses_splp,
    dataProcessed: r.data_processed,
    dataClassification: r.data_classification,
    status: r.status,
    lastSecurityAssessment: day(r.last_security_assessment),
    duplicatesNational: r.duplicates_national,
    reviewDue,
    reviewOverdue: reviewDue !== null && r.status !== "retired" && reviewDue < new Date().toISOString().slice(0, 10),
  };
}

export async function listApps(q: Queryable, tenantId: string): Promise<RegistryApp[]> {
  return withOwners(q, tenantId, await store.listApps(q, tenantId));
}

/** The apps as views, with their owner OPD's name from the admin module's unit tree. */
async function withOwners(q: Queryable, tenantId: string, rows: store.AppRow[]): Promise<RegistryApp[]> {
  const ids = rows.flatMap((r) => (r.owner_unit_id ? [r.owner_unit_id] : []));
  const names = new Map((await unitsById(q, tenantId, ids)).map((u) => [u.id, u.name]));
  return rows.map((r) => toApp(r, names));
}

/** The registered app with this key (or id), or undefined. */
export async function findApp(q: Queryable, tenantId: string, keyOrId: string): Promise<RegistryApp | undefined> {
  const row = /^[0-9a-f-]{36}$/i.test(keyOrId) ? await store.appById(q, tenantId, keyOrId) : await store.appByKey(q, tenantId, keyOrId);
  return row ? (await withOwners(q, tenantId, [row]))[0] : undefined;
}

export interface RegisterAppInput {
  key: string;
  name: string;
  ownerUnitCode?: string;
  purpose?: string;
  url?: string;
  hosting?: store.AppRow["hosting"];
  usesSplp?: boolean;
  dataProcessed?: string;
  dataClassification?: store.AppRow["data_classification"];
  status?: store.AppRow["status"];
  lastSecurityAssessment?: string;
  duplicatesNational?: string;
}

export async function registerAppIn(q: Queryable, tenantId: string, input: RegisterAppInput, actorId: string | null): Promise<RegistryApp> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.key)) throw validationFailed([{ field: "key", code: "pattern" }]);
  if (input.url && !/^https?:\/\/\S+$/.test(input.url)) throw validationFailed([{ field: "url", code: "format" }]);
  if (await store.appByKey(q, tenantId, input.key)) throw conflict("app-exists", { detail: `an app with key ${input.key} is already registered` });
  let ownerUnitId: string | null = null;
  if (input.ownerUnitCode) {
    const [unit] = await unitsByCode(q, tenantId, [input.ownerUnitCode]);
    if (!unit) throw badRequest("unknown-unit", { detail: `no unit with code ${input.ownerUnitCode}` });
    ownerUnitId = unit.id;
  }
  const base = input.lastSecurityAssessment ?? new Date().toISOString().slice(0, 10);
  const reviewDue = new Date(`${base}T00:00:00Z`);
  reviewDue.setUTCFullYear(reviewDue.getUTCFullYear() + 1);
  const id = await store.insertApp(q, {
    tenantId,
    key: input.key,
    name: input.name,
    ownerUnitId,
    purpose: input.purpose ?? "",
    url: input.url ?? null,
    hosting: input.hosting ?? "balai",
    usesSplp: input.usesSplp ?? false,
    dataProcessed: input.dataProcessed ?? "",
    dataClassification: input.dataClassification ?? "internal",
    status: input.status ?? "development",
    lastSecurityAssessment: input.lastSecurityAssessment ?? null,
    duplicatesNational: input.duplicatesNational ?? null,
    reviewDue: reviewDue.toISOString().slice(0, 10),
    createdBy: actorId,
  });
  await audit(q, {
    tenantId,
    actorId,
    action: "registry.app.registered",
    subjectType: "registry_app",
    subjectId: id,
    data: { key: input.key, name: input.name },
  });
  const app = await store.appById(q, tenantId, id);
  if (!app) throw notFound();
  return (await withOwners(q, tenantId, [app]))[0] as RegistryApp;
}

/** registerAppIn in a transaction of its own (what the route calls). */
export const registerApp = inTransaction(registerAppIn);
