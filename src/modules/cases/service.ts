import { randomBytes } from "node:crypto";
import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { checkUpload, type FileStore, newStorageKey } from "../../platform/files.ts";
import { enqueueNotification, type NewNotification } from "../../platform/notify.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { addWorkingDays, localDate, slaStatus } from "../../platform/workdays.ts";
import { holidaysOf } from "../calendar/service.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { ResolvedService, Workflow, WorkflowAction } from "../catalog/spec.ts";
import { getVersion, getServiceRow } from "../catalog/store.ts";
import { allKecamatanCodes, firstAddress, type FormContext, validateForm } from "./form.ts";
import { runTransitionHooks } from "./hooks.ts";
import * as store from "./store.ts";

export interface CasesCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  files: FileStore;
  publicUrl?: string;
}

// ---- cached, immutable or slowly changing lookups -------------------------------------------

const specCache = new Map<string, ResolvedService>();
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

const ttlCache = new Map<string, { at: number; value: unknown }>();
async function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const hit = ttlCache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as T;
  const value = await load();
  ttlCache.set(key, { at: Date.now(), value });
  return value;
}
// Holidays for SLA working days come from the calendar module (merged SKB + library calendar, cached per tenant and year);
// re-exported for the modules that already take them from here (complaints).
export { holidaysOf };

function kelurahanOf(q: Queryable, tenantId: string) {
  return cached(`kelurahan:${tenantId}`, 60_000, async () => {
    const rows = await q.query<{ code: string; kec: string; id: string }>(
      `SELECT l.code, k.code AS kec, l.id FROM org_units l JOIN org_units k ON k.id = l.parent_id AND k.tenant_id = l.tenant_id
        WHERE l.tenant_id = $1 AND l.kind = 'kelurahan'`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.code, r.kec]));
  });
}

/** Kelurahan and kecamatan units by code, for routing (regions change by migration, not by the hour). */
function regionUnitsOf(q: Queryable, tenantId: string) {
  return cached(`region-units:${tenantId}`, 60_000, async () => {
    const rows = await q.query<{ code: string; id: string }>("SELECT code, id FROM org_units WHERE tenant_id = $1 AND kind IN ('kelurahan', 'kecamatan')", [
      tenantId,
    ]);
    return new Map(rows.map((r) => [r.code, r.id]));
  });
}

/** What form validation needs besides the answers; the case's files are read only when the form has file fields. */
async function formContext(q: Queryable, tenantId: string, caseId: string, spec?: ResolvedService): Promise<FormContext> {
  const needsFiles = !spec || spec.form.fields.some((f) => f.type === "file");
  const files = needsFiles ? await store.listFiles(q, tenantId, caseId) : [];
  return { kelurahan: await kelurahanOf(q, tenantId), kecamatanCodes: await allKecamatanCodes(), files: new Map(files.map((f) => [f.id, f.field ?? ""])) };
}

// ---- access ----------------------------------------------------------------------------------

/** The workflow roles the actor holds on this case: `citizen` for its applicant, staff roles in its unit. */
export function rolesOnCase(actor: Actor | undefined, c: store.CaseRow): string[] {
  if (!actor || actor.mfaPending) return [];
  const roles: string[] = [];
  if (c.applicant_id === actor.userId) roles.push("citizen");
  for (const g of actor.grants) if (g.unitId === c.assignee_unit_id) roles.push(g.role);
  // Kominfo verifies and steers every complaint of the city (SP4N-LAPOR!), also after forwarding it.
  if (c.kind === "complaint" && !roles.includes("kominfo_admin") && actor.grants.some((g) => g.role === "kominfo_admin")) roles.push("kominfo_admin");
  return roles;
}

function canRead(actor: Actor | undefined, c: store.CaseRow): boolean {
  if (!actor || actor.mfaPending) return false;
  return rolesOnCase(actor, c).length > 0 || actor.grants.some((g) => g.role === "kominfo_admin" || g.role === "auditor");
}

async function loadVisible(q: Queryable, ctx: CasesCtx, id: string, forUpdate = false) {
  const c = await store.getCase(q, ctx.tenant.id, id, forUpdate);
  if (!c || !canRead(ctx.actor, c)) throw notFound("case-not-found");
  return c;
}

export function allowedActions(wf: Workflow, c: store.CaseRow, roles: string[]): WorkflowAction[] {
  if (!c.is_open || c.state === "draft") return [];
  return wf.actions.filter((a) => a.from.includes(c.state) && a.roles.some((r) => roles.includes(r)));
}

// ---- notifications ---------------------------------------------------------------------------

async function notifyApplicant(q: Queryable, ctx: CasesCtx, c: store.CaseRow, spec: ResolvedService, headline: { id: string; en: string }) {
  const n = await applicantNotification(q, ctx, c, spec, headline);
  if (n) await enqueueNotification(q, n);
}

/** The message to the applicant about their case (undefined: nobody to tell). */
async function applicantNotification(
  q: Queryable,
  ctx: CasesCtx,
  c: store.CaseRow,
  spec: ResolvedService,
  headline: { id: string; en: string },
): Promise<NewNotification | undefined> {
  if (!c.applicant_id) return;
  // The applicant acting on their own case: their contact details are at hand.
  const self = ctx.actor?.userId === c.applicant_id ? ctx.actor : undefined;
  const user = self
    ? { email: self.email, phone: self.phone, locale: self.locale }
    : await q.one<{ email: string | null; phone: string | null; locale: "id" | "en" }>(
        "SELECT email, phone, locale FROM users WHERE tenant_id = $1 AND id = $2",
        [ctx.tenant.id, c.applicant_id],
      );
  if (!user) return;
  const link = `${ctx.publicUrl ?? ""}/lacak/${c.tracking_token}`;
  const id = `${spec.name.id} ${c.number}: ${headline.id}. Lacak: ${link}`;
  const en = `${spec.name.en} ${c.number}: ${headline.en}. Track: ${link}`;
  return {
    tenantId: ctx.tenant.id,
    userId: c.applicant_id,
    channel: user.email ? "email" : "sms",
    recipient: (user.email ?? user.phone) as string,
    template: "cases.update",
    subject: user.locale === "en" ? `${spec.name.en} ${c.number}` : `${spec.name.id} ${c.number}`,
    body: user.locale === "en" ? en : id,
    // e-Lapor: the row keeps no address, read from the account at delivery (docs/complaints.md).
    sealed: c.kind === "complaint",
  };
}

const stateLabel = (wf: Workflow, key: string) => wf.states.find((s) => s.key === key)?.label ?? { id: key, en: key };

// ---- use cases -------------------------------------------------------------------------------

export const newTrackingToken = () => randomBytes(18).toString("base64url");

function requireCitizen(ctx: CasesCtx): Actor {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  return ctx.actor;
}

/** Starts an application as a draft the citizen can fill in over several visits. */
export async function startApplication(ctx: CasesCtx, serviceKey: string, data: Record<string, unknown> = {}) {
  const actor = requireCitizen(ctx);
  return ctx.db.tx(async (q) => {
    const service = await getServiceRow(q, ctx.tenant.id, serviceKey);
    if (!service?.current_version || !service.active) throw notFound("service-not-found");
    const spec = await specOf(q, ctx.tenant.id, serviceKey, service.current_version);
    if (spec.channel === "offline") throw badRequest("service-offline", { detail: spec.counter?.id });
    // Complaints are filed through e-Lapor (location, photos, anonymity), never as a draft application.
    if (spec.kind === "complaint") throw badRequest("complaint-use-lapor");
    // Call Center 112 incidents are recorded by call takers or the Darurat button (emergency module).
    if (spec.channel === "command") throw badRequest("incident-use-112");
    const errors = validateForm(spec.form.fields, data, await formContextEmpty(q, ctx.tenant.id), false);
    if (errors.length) throw badRequest("validation-failed", { fields: errors });
    const c = await store.insertDraft(q, {
      tenantId: ctx.tenant.id,
      token: newTrackingToken(),
      serviceKey,
      version: service.current_version,
      kind: spec.kind,
      applicantId: actor.userId,
      applicantName: actor.name,
      data,
    });
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: c.id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: "citizen",
      kind: "created",
      toState: "draft",
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.draft-created",
      subjectType: "case",
      subjectId: c.id,
      data: { service: serviceKey, version: service.current_version },
    });
    return { id: c.id, version: c.version };
  });
}

async function formContextEmpty(q: Queryable, tenantId: string): Promise<FormContext> {
  return { kelurahan: await kelurahanOf(q, tenantId), kecamatanCodes: await allKecamatanCodes(), files: new Map() };
}

function editableByApplicant(spec: ResolvedService, c: store.CaseRow): boolean {
  return c.state === "draft" || !!spec.workflow.states.find((s) => s.key === c.state)?.citizenEditable;
}

/** Saves the citizen's answers (a draft, or a case sent back for correction). */
export async function saveAnswers(ctx: CasesCtx, id: string, version: number, data: Record<string, unknown>) {
  const actor = requireCitizen(ctx);
  return ctx.db.tx(async (q) => {
    const c = await store.getCase(q, ctx.tenant.id, id);
    if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    if (!editableByApplicant(spec, c)) throw conflict("case-not-editable");
    const errors = validateForm(spec.form.fields, data, await formContext(q, ctx.tenant.id, id), false);
    if (errors.length) throw badRequest("validation-failed", { fields: errors });
    const updated = await store.updateCase(q, ctx.tenant.id, id, version, { data });
    if (!updated) throw conflict("stale-version");
    if (c.state !== "draft") {
      await store.insertEvent(q, {
        tenantId: ctx.tenant.id,
        caseId: id,
        actorId: actor.userId,
        actorName: actor.name,
        actorRole: "citizen",
        kind: "updated",
        data: { fields: Object.keys(data) },
      });
      await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "case.answers-updated", subjectType: "case", subjectId: id });
    }
    return { id, version: updated.version };
  });
}

export async function uploadCaseFile(ctx: CasesCtx, id: string, field: string, filename: string, bytes: Buffer) {
  const actor = requireCitizen(ctx);
  const c = await store.getCase(ctx.db, ctx.tenant.id, id);
  if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
  const spec = await specOf(ctx.db, ctx.tenant.id, c.service_key, c.service_version);
  if (!editableByApplicant(spec, c)) throw conflict("case-not-editable");
  const f = spec.form.fields.find((x) => x.name === field && x.type === "file");
  if (!f) throw badRequest("validation-failed", { fields: [{ field: "field", code: "enum" }] });
  const checked = await checkUpload(
    bytes,
    filename,
    f.accept ?? ["application/pdf", "image/jpeg", "image/png"],
    (f.maxSizeMb ?? 5) * 1024 * 1024,
    `data.${field}`,
  );
  const key = newStorageKey(ctx.tenant.id);
  await ctx.files.put(key, checked.bytes);
  return ctx.db.tx(async (q) => {
    const row = await store.insertFile(q, {
      tenantId: ctx.tenant.id,
      ownerId: actor.userId,
      caseId: id,
      field,
      filename: checked.filename,
      contentType: checked.contentType,
      size: checked.bytes.length,
      sha256: checked.sha256,
      storageKey: key,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.file-uploaded",
      subjectType: "case",
      subjectId: id,
      data: { file: row.id, field, sha256: checked.sha256 },
    });
    return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size };
  });
}

/** Where a case goes: the owning OPD, or the kelurahan/kecamatan of the applicant's address. */
async function routeCase(q: Queryable, tenantId: string, spec: ResolvedService, ownerUnitId: string, data: Record<string, unknown>) {
  const address = firstAddress(spec.form.fields, data);
  let unitCode: string | undefined;
  if (spec.servedBy === "kelurahan") unitCode = address?.kelurahan;
  if (spec.servedBy === "kecamatan") unitCode = address?.kecamatan;
  let unitId = ownerUnitId;
  if (unitCode) {
    const found = (await regionUnitsOf(q, tenantId)).get(unitCode);
    if (!found) throw badRequest("validation-failed", { fields: [{ field: "data", code: "unit-not-found" }] });
    unitId = found;
  }
  return { unitId, kelurahan: address?.kelurahan ?? null, kecamatan: address?.kecamatan ?? null };
}

async function dueDates(q: Queryable, tenant: Tenant, spec: ResolvedService, state: string, now: Date) {
  const holidays = await holidaysOf(q, tenant.id);
  const stateSla = spec.workflow.states.find((s) => s.key === state)?.slaDays;
  return {
    sla: addWorkingDays(now, spec.slaDays, tenant.timezone, holidays),
    state: stateSla !== undefined ? addWorkingDays(now, stateSla, tenant.timezone, holidays) : null,
  };
}

/** Submits a draft: full validation, routing, a gapless case number, SLA clocks, audit, outbox, notification. */
export async function submit(ctx: CasesCtx, id: string, version: number) {
  const actor = requireCitizen(ctx);
  return ctx.db.tx(async (q) => {
    const c = await store.getCaseWithOwner(q, ctx.tenant.id, id);
    if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
    if (c.state !== "draft") throw conflict("case-already-submitted");
    if (c.version !== version) throw conflict("stale-version");
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    const errors = validateForm(spec.form.fields, c.data, await formContext(q, ctx.tenant.id, id, spec), true);
    if (errors.length) throw badRequest("validation-failed", { fields: errors });
    const route = await routeCase(q, ctx.tenant.id, spec, c.owner_unit_id, c.data);
    const now = new Date();
    const due = await dueDates(q, ctx.tenant, spec, spec.workflow.start, now);
    const year = Number(localDate(now, ctx.tenant.timezone).slice(0, 4));
    // The audit entry first: it locks the head of its lane and rides on the next statement.
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.submitted",
      subjectType: "case",
      subjectId: id,
      data: { service: c.service_key, version: c.service_version, unit: route.unitId },
    });
    // Then one statement numbers the case (the counter row stays locked until commit: numbered as
    // late as possible), updates it and writes its history, outbox event and the applicant's message.
    const updated = await store.submitDraft(q, {
      tenantId: ctx.tenant.id,
      id,
      expectedVersion: version,
      prefix: spec.prefix,
      year,
      set: {
        state: spec.workflow.start,
        assignee_unit_id: route.unitId,
        kelurahan_code: route.kelurahan,
        kecamatan_code: route.kecamatan,
        submitted_at: now,
        sla_due_at: due.sla,
        state_due_at: due.state,
      },
      event: { actorId: actor.userId, actorName: actor.name, actorRole: "citizen", kind: "submitted", fromState: "draft", toState: spec.workflow.start },
      outbox: {
        topic: "case.submitted",
        payload: { caseId: id, service: c.service_key, kind: c.kind, unitId: route.unitId, kelurahan: route.kelurahan },
      },
      notification: await applicantNotification(q, ctx, { ...c, number: store.NUMBER_SLOT }, spec, { id: "permohonan diterima", en: "application received" }),
    });
    if (!updated?.number) throw conflict("stale-version");
    const number = updated.number;
    return { id, number, trackingToken: c.tracking_token, version: updated.version, slaDueAt: due.sla };
  });
}

export interface ActInput {
  version: number;
  comment?: string;
  forwardTo?: string;
  fileIds?: string[];
}

/** One workflow action, guarded by role and state; concurrent attempts on the same version: exactly one wins. */
export async function act(ctx: CasesCtx, id: string, actionKey: string, input: ActInput) {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  return ctx.db.tx(async (q) => {
    const c = await loadVisible(q, ctx, id);
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    const wf = spec.workflow;
    const roles = rolesOnCase(actor, c);
    if (c.kind === "complaint" && roles.includes("citizen")) throw forbidden("complaint-use-lapor");
    // Dispatch records and response times are kept by the 112 screens; the generic actions would skip them.
    if (spec.channel === "command") throw forbidden("incident-use-command");
    const action = wf.actions.find((a) => a.key === actionKey);
    if (!action) throw notFound("action-not-found");
    if (!action.roles.some((r) => roles.includes(r))) throw forbidden("action-not-allowed");
    if (c.version !== input.version) throw conflict("stale-version");
    if (!c.is_open || !action.from.includes(c.state))
      throw conflict("action-not-allowed-in-state", { detail: `${actionKey} is not possible in state ${c.state}` });
    const comment = input.comment?.trim() || null;
    if (action.requireComment && !comment) throw badRequest("validation-failed", { fields: [{ field: "comment", code: "required" }] });
    const files = await store.listFiles(q, ctx.tenant.id, id);
    const attached = (input.fileIds ?? []).filter((f) => files.some((x) => x.id === f));
    if ((input.fileIds ?? []).length !== attached.length) throw badRequest("validation-failed", { fields: [{ field: "fileIds", code: "file-missing" }] });
    if (action.requireDocument && attached.length === 0) throw badRequest("validation-failed", { fields: [{ field: "fileIds", code: "required" }] });
    if (roles.includes("citizen") && editableByApplicant(spec, c)) {
      // Resubmission after a correction: the answers must now be complete.
      const errors = validateForm(spec.form.fields, c.data, await formContext(q, ctx.tenant.id, id), true);
      if (errors.length) throw badRequest("validation-failed", { fields: errors });
    }
    let assignee = c.assignee_unit_id;
    if (action.forward) {
      if (!input.forwardTo) throw badRequest("validation-failed", { fields: [{ field: "forwardTo", code: "required" }] });
      const unit = await q.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND (code = $2 OR id::text = $2)", [
        ctx.tenant.id,
        input.forwardTo,
      ]);
      if (!unit) throw badRequest("validation-failed", { fields: [{ field: "forwardTo", code: "unit-not-found" }] });
      if (unit.id === c.assignee_unit_id) throw badRequest("validation-failed", { fields: [{ field: "forwardTo", code: "same-unit" }] });
      assignee = unit.id;
    }
    const target = wf.states.find((s) => s.key === action.to)!;
    const now = new Date();
    const holidays = await holidaysOf(q, ctx.tenant.id);
    // Back from a correction, the service clock restarts: the wait was on the citizen.
    const restart = roles.includes("citizen") && editableByApplicant(spec, c);
    const updated = await store.updateCase(q, ctx.tenant.id, id, input.version, {
      state: target.key,
      assignee_unit_id: assignee,
      is_open: !target.terminal,
      outcome: target.terminal ? (target.outcome ?? target.key) : null,
      closed_at: target.terminal ? now : null,
      state_due_at: target.slaDays !== undefined && !target.terminal ? addWorkingDays(now, target.slaDays, ctx.tenant.timezone, holidays) : null,
      escalated_at: null,
      ...(restart ? { sla_due_at: addWorkingDays(now, spec.slaDays, ctx.tenant.timezone, holidays) } : {}),
    });
    if (!updated) throw conflict("stale-version");
    await runTransitionHooks(q, { tenantId: ctx.tenant.id, actor, case: updated, spec, action, from: c.state, to: target.key });
    const role = action.roles.find((r) => roles.includes(r)) ?? null;
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: role,
      kind: "transition",
      action: action.key,
      fromState: c.state,
      toState: target.key,
      comment,
      data: { ...(action.forward ? { forwardedTo: assignee } : {}), ...(attached.length ? { files: attached } : {}) },
    });
    await emit(q, ctx.tenant.id, "case.transitioned", {
      caseId: id,
      number: c.number,
      action: action.key,
      from: c.state,
      to: target.key,
      unitId: assignee,
      kind: c.kind,
    });
    const label = stateLabel(wf, target.key);
    await notifyApplicant(q, ctx, updated, spec, {
      id: `${label.id}${comment && role !== "citizen" ? ` — ${comment}` : ""}`,
      en: `${label.en}${comment && role !== "citizen" ? ` — ${comment}` : ""}`,
    });
    // Last: appending to the audit chain locks the head of one of its lanes until commit.
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: `case.${action.key}`,
      subjectType: "case",
      subjectId: id,
      data: { from: c.state, to: target.key, number: c.number, role },
    });
    return { id, state: target.key, version: updated.version };
  });
}

export async function addComment(ctx: CasesCtx, id: string, comment: string) {
  if (!ctx.actor) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  return ctx.db.tx(async (q) => {
    const c = await loadVisible(q, ctx, id);
    const roles = rolesOnCase(actor, c);
    if (!roles.length) throw forbidden();
    // A reporter answers through e-Lapor, which keeps an anonymous reporter's name out of the history and audit.
    if (c.kind === "complaint" && roles.includes("citizen")) throw forbidden("complaint-use-lapor");
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: roles[0],
      kind: "comment",
      comment: comment.trim(),
    });
    await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "case.commented", subjectType: "case", subjectId: id });
    if (!roles.includes("citizen") && c.number) {
      const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
      await notifyApplicant(q, ctx, c, spec, { id: `pesan baru dari petugas: ${comment.trim()}`, en: `new message from the officer: ${comment.trim()}` });
    }
  });
}

/** Everything a case page shows, shaped by who is looking. */
export async function viewCase(ctx: CasesCtx, id: string) {
  const c = await loadVisible(ctx.db, ctx, id);
  const spec = await specOf(ctx.db, ctx.tenant.id, c.service_key, c.service_version);
  const roles = rolesOnCase(ctx.actor, c);
  const [events, files, unit] = await Promise.all([
    store.listEvents(ctx.db, ctx.tenant.id, id),
    store.listFiles(ctx.db, ctx.tenant.id, id),
    c.assignee_unit_id
      ? ctx.db.one<{ code: string; name: string }>("SELECT code, name FROM org_units WHERE tenant_id = $1 AND id = $2", [ctx.tenant.id, c.assignee_unit_id])
      : undefined,
  ]);
  const holidays = await holidaysOf(ctx.db, ctx.tenant.id);
  return {
    id: c.id,
    number: c.number,
    trackingToken: c.applicant_id === ctx.actor?.userId ? c.tracking_token : undefined,
    service: { key: c.service_key, version: c.service_version, name: spec.name, prefix: spec.prefix, kind: spec.kind },
    form: spec.form,
    workflow: { states: spec.workflow.states, start: spec.workflow.start },
    state: c.state,
    stateLabel: c.state === "draft" ? { id: "Draf", en: "Draft" } : stateLabel(spec.workflow, c.state),
    isOpen: c.is_open,
    outcome: c.outcome,
    version: c.version,
    data: c.data,
    applicantName: c.applicant_name,
    unit: unit ?? null,
    kelurahan: c.kelurahan_code,
    submittedAt: c.submitted_at,
    slaDueAt: c.sla_due_at,
    stateDueAt: c.state_due_at,
    sla: c.is_open ? slaStatus(c.sla_due_at, new Date(), ctx.tenant.timezone, holidays) : "none",
    escalated: !!c.escalated_at,
    editable: c.applicant_id === ctx.actor?.userId && editableByApplicant(spec, c),
    myRoles: roles,
    actions: allowedActions(spec.workflow, c, roles).map((a) => ({
      key: a.key,
      label: a.label,
      to: a.to,
      requireComment: !!a.requireComment,
      requireDocument: !!a.requireDocument,
      forward: !!a.forward,
    })),
    events: events.map((e) => ({
      at: e.at,
      kind: e.kind,
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      toLabel: e.to_state ? (e.to_state === "draft" ? { id: "Draf", en: "Draft" } : stateLabel(spec.workflow, e.to_state)) : null,
      actorName: e.actor_name,
      actorRole: e.actor_role,
      comment: e.comment,
    })),
    files: files.map((f) => ({
      id: f.id,
      field: f.field,
      filename: f.filename,
      contentType: f.content_type,
      size: f.size,
      uploadedBy: f.owner_id === c.applicant_id ? "applicant" : "staff",
    })),
  };
}

/** Public tracking by the unguessable token: state and dates only, no personal data. */
export async function track(db: Db, tenant: Tenant, token: string) {
  const c = await store.getCaseByToken(db, tenant.id, token);
  if (!c || c.state === "draft") throw notFound("case-not-found");
  const spec = await specOf(db, tenant.id, c.service_key, c.service_version);
  const events = await store.listEvents(db, tenant.id, c.id);
  return {
    number: c.number,
    service: spec.name,
    state: c.state,
    stateLabel: stateLabel(spec.workflow, c.state),
    isOpen: c.is_open,
    outcome: c.outcome,
    submittedAt: c.submitted_at,
    slaDueAt: c.sla_due_at,
    closedAt: c.closed_at,
    steps: events
      .filter((e) => e.to_state && e.to_state !== "draft")
      .map((e) => ({ at: e.at, state: e.to_state, label: stateLabel(spec.workflow, e.to_state as string) })),
  };
}

/** Staff attach a document (e.g. the issued letter) to a case they handle. */
export async function uploadStaffFile(ctx: CasesCtx, id: string, filename: string, bytes: Buffer) {
  if (!ctx.actor) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  const c = await loadVisible(ctx.db, ctx, id);
  const roles = rolesOnCase(actor, c).filter((r) => r !== "citizen");
  if (!roles.length || !c.is_open) throw forbidden();
  const checked = await checkUpload(bytes, filename, ["application/pdf", "image/jpeg", "image/png"], 10 * 1024 * 1024);
  const key = newStorageKey(ctx.tenant.id);
  await ctx.files.put(key, checked.bytes);
  return ctx.db.tx(async (q) => {
    const row = await store.insertFile(q, {
      tenantId: ctx.tenant.id,
      ownerId: actor.userId,
      caseId: id,
      field: "__staff",
      filename: checked.filename,
      contentType: checked.contentType,
      size: checked.bytes.length,
      sha256: checked.sha256,
      storageKey: key,
    });
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: roles[0],
      kind: "attachment",
      data: { file: row.id, filename: row.filename },
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.document-attached",
      subjectType: "case",
      subjectId: id,
      data: { file: row.id, sha256: checked.sha256 },
    });
    return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size };
  });
}

export async function readFile(ctx: CasesCtx, fileId: string) {
  const f = await store.getFile(ctx.db, ctx.tenant.id, fileId);
  if (!f?.case_id) throw notFound();
  await loadVisible(ctx.db, ctx, f.case_id);
  return { meta: f, bytes: await ctx.files.get(f.storage_key) };
}

export async function myCases(ctx: CasesCtx) {
  const actor = requireCitizen(ctx);
  const rows = await store.listMine(ctx.db, ctx.tenant.id, actor.userId);
  const holidays = await holidaysOf(ctx.db, ctx.tenant.id);
  const out = [];
  for (const r of rows) {
    const spec = await specOf(ctx.db, ctx.tenant.id, r.service_key, r.service_version);
    out.push({
      id: r.id,
      number: r.number,
      service: { key: r.service_key, name: { id: r.name_id, en: r.name_en } },
      state: r.state,
      stateLabel: r.state === "draft" ? { id: "Draf", en: "Draft" } : stateLabel(spec.workflow, r.state),
      isOpen: r.is_open,
      editable: editableByApplicant(spec, r),
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      slaDueAt: r.sla_due_at,
      sla: r.is_open && r.state !== "draft" ? slaStatus(r.sla_due_at, new Date(), ctx.tenant.timezone, holidays) : "none",
      trackingToken: r.tracking_token,
    });
  }
  return out;
}
