/** Reading cases: the case page, public tracking, a case file, the citizen's own cases. */
import type { Db } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { slaStatus } from "../../platform/workdays.ts";
import { actionLabel, allowedActions, type CasesCtx, editableByApplicant, loadVisible, requireCitizen, rolesOnCase, stateLabel } from "./access.ts";
import { type ReadyOutput, readyOutputs } from "./hooks.ts";
import { holidaysOf, specOf } from "./lookups.ts";
import { nationalRefView } from "./national-ref.ts";
import * as store from "./store.ts";

/**
 * Whether the applicant can take the result away now: a ready output (the signed letter) on a case that did not
 * end in rejection or withdrawal — the case page says "done, download it" even when a hand-over step follows.
 */
function readiness(ready: ReadyOutput | undefined, c: { is_open: boolean; outcome: string | null }) {
  const ok = !!ready && (c.is_open || c.outcome === "success");
  return { documentReady: ok, readyDocument: ok && ready ? ready : null };
}

/** Everything a case page shows, shaped by who is looking. */
export async function viewCase(ctx: CasesCtx, id: string) {
  const c = await loadVisible(ctx.db, ctx, id);
  const spec = await specOf(ctx.db, ctx.tenant.id, c.service_key, c.service_version);
  const roles = rolesOnCase(ctx.actor, c);
  const [events, files, unit] = await Promise.all([
    store.listEvents(ctx.db, ctx.tenant.id, id),
    store.listFiles(ctx.db, ctx.tenant.id, id),
    c.assignee_unit_id ? store.unitOf(ctx.db, ctx.tenant.id, c.assignee_unit_id) : undefined,
  ]);
  const holidays = await holidaysOf(ctx.db, ctx.tenant.id);
  const ready = (await readyOutputs(ctx.db, ctx.tenant.id, [c.id])).get(c.id);
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
    ...readiness(ready, c),
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
    national: nationalRefView(spec, c),
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
      actionLabel: actionLabel(spec.workflow, e.action),
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
  const ready = (await readyOutputs(db, tenant.id, [c.id])).get(c.id);
  return {
    number: c.number,
    service: spec.name,
    state: c.state,
    stateLabel: stateLabel(spec.workflow, c.state),
    isOpen: c.is_open,
    outcome: c.outcome,
    documentReady: readiness(ready, c).documentReady,
    submittedAt: c.submitted_at,
    slaDueAt: c.sla_due_at,
    closedAt: c.closed_at,
    steps: events
      .filter((e) => e.to_state && e.to_state !== "draft")
      .map((e) => ({ at: e.at, state: e.to_state, label: stateLabel(spec.workflow, e.to_state as string) })),
  };
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
  const ready = await readyOutputs(
    ctx.db,
    ctx.tenant.id,
    rows.filter((r) => r.state !== "draft").map((r) => r.id),
  );
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
      ...readiness(ready.get(r.id), r),
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
