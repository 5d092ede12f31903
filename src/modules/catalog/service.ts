import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { buildCatalog, type LoadedCatalog, type ResolvedService, validateWorkflow } from "./spec.ts";
import { allUnits, getUnit, unitsByCode } from "../admin/index.ts";
import { invalidateSearch } from "./search.ts";
import * as store from "./store.ts";
import type { Locale } from "../../platform/i18n.ts";
import { localizeSpecMessage, specPath } from "./spec-messages.ts";

export { DEFAULT_CATALOG_DIR } from "./spec-constants.ts";

/** Pseudo-units of the catalog: services every kelurahan/kecamatan gives are owned by the pemda root. */
const PSEUDO_UNITS: Record<string, string> = { KELURAHAN: "PEMDA", KECAMATAN: "PEMDA" };

/** Lower-case, accent-free text for search. */
export function searchText(s: ResolvedService, unitName: string): string {
  return [s.name.id, s.name.en, s.summary.id, s.summary.en, ...(s.keywords ?? []), s.category, ...(s.lifeEvents ?? []), s.prefix, unitName]
    .join(" ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** The catalog row of a service, derived from its spec and owning unit. */
function serviceRow(spec: ResolvedService, ownerUnitId: string, unitName: string) {
  return {
    key: spec.key,
    prefix: spec.prefix,
    kind: spec.kind,
    ownerUnitId,
    servedBy: spec.servedBy,
    category: spec.category,
    lifeEvents: spec.lifeEvents ?? [],
    channel: spec.channel,
    nameId: spec.name.id,
    nameEn: spec.name.en,
    searchText: searchText(spec, unitName),
    // A retired service leaves the catalog and takes no applications; its page stays to say why.
    active: spec.status !== "retired",
  };
}

const stable = (v: unknown) => JSON.stringify(v, Object.keys(v as object).sort());

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  taxa: number;
  /** Services whose owning unit this tenant does not have (e.g. a city without its own hospital). */
  skipped: { key: string; unit: string }[];
}

/**
 * Brings a validated catalog into a tenant: new services are created, changed specs get a new
 * published version (open cases keep theirs), identical ones are left alone.
 */
export async function importCatalog(q: Queryable, tenantId: string, catalog: LoadedCatalog, actorId: string | null): Promise<ImportResult> {
  if (catalog.errors.length) throw badRequest("validation-failed", { detail: `catalog has ${catalog.errors.length} errors` });
  const units = new Map((await allUnits(q, tenantId)).map((u) => [u.code, u]));
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, taxa: 0, skipped: [] };
  let position = 0;
  for (const [kind, list] of [
    ["category", catalog.categories],
    ["life_event", catalog.lifeEvents],
  ] as const) {
    for (const t of list) {
      await store.upsertTaxon(q, tenantId, {
        kind,
        key: t.key,
        nameId: t.name.id,
        nameEn: t.name.en,
        descId: t.description?.id,
        descEn: t.description?.en,
        icon: t.icon,
        position: position++,
      });
      result.taxa++;
    }
  }
  // A tenant without services (a new pemda, `balai tenant create --all`): every service in two statements.
  const fresh = !(await store.hasServices(q, tenantId));
  const batch: Parameters<typeof store.insertPublishedServices>[2] = [];
  for (const spec of catalog.services) {
    const unit = units.get(PSEUDO_UNITS[spec.unit] ?? spec.unit);
    if (!unit) {
      result.skipped.push({ key: spec.key, unit: spec.unit });
      continue;
    }
    if (fresh) {
      batch.push({ service: serviceRow(spec, unit.id, unit.name), spec });
      result.created++;
      continue;
    }
    const existing = await store.getServiceRow(q, tenantId, spec.key, true);
    const latest = existing ? await store.latestVersion(q, tenantId, spec.key) : undefined;
    await store.upsertService(q, tenantId, serviceRow(spec, unit.id, unit.name));
    if (latest && latest.status === "published" && stable(latest.spec) === stable(spec)) {
      result.unchanged++;
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    await store.insertVersion(q, tenantId, spec.key, version, spec, "published", actorId);
    await store.setCurrentVersion(q, tenantId, spec.key, version);
    if (existing) result.updated++;
    else result.created++;
  }
  await store.insertPublishedServices(q, tenantId, batch, actorId);
  await audit(q, {
    tenantId,
    actorId,
    action: "catalog.imported",
    subjectType: "catalog",
    subjectId: tenantId,
    data: { ...result, skipped: result.skipped.length },
  });
  await emit(q, tenantId, "catalog.imported", { created: result.created, updated: result.updated });
  invalidateSearch(tenantId);
  return result;
}

export async function importCatalogInto(db: Db, tenantId: string, catalog: LoadedCatalog, actorId: string | null) {
  return db.tx((q) => importCatalog(q, tenantId, catalog, actorId));
}

export interface WorkflowChoice {
  key: string;
  workflow: ResolvedService["workflow"];
}

/**
 * The workflows the editor offers: those the tenant's published services of this kind run, by template name, each
 * as a service without its own step days runs it (else as the first service runs it).
 */
export function workflowChoices(q: Queryable, tenantId: string, kind: string): Promise<WorkflowChoice[]> {
  return store.workflowsInUse(q, tenantId, kind);
}

/** The service editor's list (Kominfo: all services; an OPD admin: those of `units`). */
export function editableServices(q: Queryable, tenantId: string, units: string[] | undefined): Promise<store.EditableServiceRow[]> {
  return store.editableServices(q, tenantId, units);
}

export interface ServiceDetail {
  key: string;
  version: number;
  spec: ResolvedService;
  unit: { code: string; name: string };
  servedBy: string;
  active: boolean;
}

export async function getPublishedService(q: Queryable, tenantId: string, key: string): Promise<ServiceDetail> {
  const row = await store.getServiceRow(q, tenantId, key);
  if (!row?.current_version) throw notFound("service-not-found");
  const v = await store.getVersion(q, tenantId, key, row.current_version);
  if (!row.active && v?.spec.status !== "retired") throw notFound("service-not-found");
  const owner = await getUnit(q, tenantId, row.owner_unit_id);
  const unit = { code: owner!.code, name: owner!.name };
  return { key, version: row.current_version, spec: v!.spec, unit, servedBy: row.served_by, active: row.active };
}

/** Validates one resolved spec the way the catalog loader does (schema, fields, workflow graph). */
export function validateResolvedSpec(spec: ResolvedService, taxa: { categories: string[]; lifeEvents: string[] }): { path: string; message: string }[] {
  const built = buildCatalog({
    workflows: { workflows: { "service-workflow": spec.workflow } },
    categories: {
      categories: taxa.categories.map((key) => ({ key, name: { id: key, en: key } })),
      lifeEvents: taxa.lifeEvents.map((key) => ({ key, name: { id: key, en: key } })),
    },
    fields: { fields: {} },
    files: [{ fileName: `${String(spec.unit ?? "unit").toLowerCase()}.yaml`, data: { unit: spec.unit, services: [stripResolved(spec)] } }],
  });
  const errors = built.errors.map((e) => ({ path: e.path, message: e.message }));
  for (const m of validateWorkflow(spec.workflow)) if (!errors.some((e) => e.message.includes(m))) errors.push({ path: "workflow", message: m });
  return errors;
}

function stripResolved(spec: ResolvedService): Record<string, unknown> {
  const { unit: _u, file: _f, workflowRef: _w, ...rest } = spec as ResolvedService & Record<string, unknown>;
  return rest;
}

export interface EditorCtx {
  db: Db;
  tenantId: string;
  actorId: string;
  /** The admin's language for the validator's messages (default id). */
  locale?: Locale;
}

/** Saves the admin's edit as the service's draft version (a new one after a published version). */
export async function saveDraft(ctx: EditorCtx, key: string, edited: ResolvedService, expectNew: boolean): Promise<{ version: number }> {
  // The editor edits the resolved workflow, whose states already carry the service's stepDays: the states' own
  // days are what the admin set, so stepDays (which would overwrite them again) is folded away.
  const { stepDays: _folded, ...spec } = edited;
  if (spec.key !== key) throw badRequest("validation-failed", { fields: [{ field: "key", code: "key-mismatch", message: "key cannot change" }] });
  const taxa = await store.listTaxa(ctx.db, ctx.tenantId);
  const errors = validateResolvedSpec(spec, {
    categories: taxa.filter((t) => t.kind === "category").map((t) => t.key),
    lifeEvents: taxa.filter((t) => t.kind === "life_event").map((t) => t.key),
  });
  if (errors.length) {
    const locale = ctx.locale ?? "id";
    const names = Object.fromEntries((spec.workflow?.states ?? []).map((st) => [st.key, st.label?.[locale] || st.key]));
    const fields = errors.map((e) => ({ field: specPath(e.path), code: "spec", message: localizeSpecMessage(e.message, locale, names) }));
    throw badRequest("validation-failed", { fields });
  }
  return ctx.db.tx(async (q) => {
    const existing = await store.getServiceRow(q, ctx.tenantId, key, true);
    if (expectNew && existing) throw conflict("code-taken", { fields: [{ field: "key", code: "code-taken" }] });
    if (!expectNew && !existing) throw notFound("service-not-found");
    if (await store.prefixTaken(q, ctx.tenantId, spec.prefix, key)) throw conflict("code-taken", { fields: [{ field: "prefix", code: "code-taken" }] });
    const [unit] = await unitsByCode(q, ctx.tenantId, [PSEUDO_UNITS[spec.unit] ?? spec.unit]);
    if (!unit) throw badRequest("unit-not-found", { fields: [{ field: "unit", code: "unit-not-found" }] });
    if (!existing) {
      await store.upsertService(q, ctx.tenantId, serviceRow(spec, unit.id, unit.name));
    }
    const latest = await store.latestVersion(q, ctx.tenantId, key);
    let version: number;
    if (latest?.status === "draft") {
      version = latest.version;
      await store.updateDraft(q, ctx.tenantId, key, version, spec);
    } else {
      version = (latest?.version ?? 0) + 1;
      await store.insertVersion(q, ctx.tenantId, key, version, spec, "draft", ctx.actorId);
    }
    await audit(q, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "service.draft-saved", subjectType: "service", subjectId: key, data: { version } });
    return { version };
  });
}

/** Publishes the draft: it becomes the version new applications use; it can never change again. */
export async function publishDraft(ctx: EditorCtx, key: string, version: number): Promise<void> {
  await ctx.db.tx(async (q) => {
    const row = await store.getServiceRow(q, ctx.tenantId, key, true);
    if (!row) throw notFound("service-not-found");
    const v = await store.getVersion(q, ctx.tenantId, key, version);
    if (!v) throw notFound();
    if (v.status !== "draft") throw conflict("conflict", { detail: `version ${version} is already published` });
    const [unit] = await unitsByCode(q, ctx.tenantId, [PSEUDO_UNITS[v.spec.unit] ?? v.spec.unit]);
    await store.publishVersion(q, ctx.tenantId, key, version);
    await store.upsertService(q, ctx.tenantId, serviceRow(v.spec, unit?.id ?? row.owner_unit_id, unit?.name ?? ""));
    await audit(q, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "service.published", subjectType: "service", subjectId: key, data: { version } });
    await emit(q, ctx.tenantId, "service.published", { key, version });
  });
  invalidateSearch(ctx.tenantId);
}
