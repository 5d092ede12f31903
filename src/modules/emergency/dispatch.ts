/** Dispatching units, following their status (never backwards), closing an incident. */
import type { Actor } from "../../platform/auth/roles.ts";
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { moveCase, specOf } from "../cases/index.ts";
import { subtreeIds } from "../admin/index.ts";
import { ACTIVE, DISPATCH_STATUSES, type DispatchStatus, type EmergencyCtx, ORDER, eventActor, fieldError, roleOf, staffActor } from "./model.ts";
import * as store from "./store.ts";
import { clean } from "./record.ts";
import { type DispatchRow, type IncidentRow, caseRow, dispatchView, dispatchesOf, emitIncident, incidentRow, incidentView } from "./views.ts";

// ---- dispatch ---------------------------------------------------------------------------------------

const dispatchActor = (a: Actor) => roleOf(a, ["dispatcher", "command_operator", "kominfo_admin", "opd_operator", "opd_admin"]);

/** Sends a responding unit to an incident; the first dispatch moves the case to `dispatched`. */
export async function dispatchUnit(ctx: EmergencyCtx, id: string, input: { responderId: string; note?: string | null }) {
  const actor = staffActor(ctx);
  const note = clean(input.note, "note", 500);
  return ctx.db.tx(async (q) => {
    const r = await incidentRow(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("incident-not-found");
    if (r.closed_at) throw conflict("incident-closed");
    const responder = /^[0-9a-f-]{36}$/i.test(input.responderId) ? await store.responderRow(q, ctx.tenant.id, input.responderId) : undefined;
    if (!responder?.active) throw new AppError("responder-unknown", 400, { fields: [{ field: "responderId", code: "responder-unknown" }] });
    if (await store.responderActiveOn(q, ctx.tenant.id, id, responder.id)) throw conflict("dispatch-duplicate");
    const now = new Date();
    const d = await store.insertDispatch(q, ctx.tenant.id, { caseId: id, responderId: responder.id, note, by: actor.userId, at: now });
    if (!r.first_dispatched_at) await store.setFirstDispatched(q, ctx.tenant.id, id, now);
    if (r.state === "received") await moveState(q, ctx, id, "dispatched", "dispatch", actor, `${responder.name}${note ? ` — ${note}` : ""}`, now);
    return dispatchChanged(q, ctx.tenant.id, actor, id, d!.id, "dispatch", "incident.dispatched", { number: r.number, responder: responder.name });
  });
}

/** After a dispatch changed: its live event and the incident's, the audit entry; answers the dispatch. */
async function dispatchChanged(
  q: Queryable,
  tenantId: string,
  actor: Actor,
  caseId: string,
  dispatchId: string,
  change: "dispatch" | "status",
  action: string,
  data: Record<string, unknown>,
) {
  const after = (await incidentRow(q, tenantId, caseId)) as IncidentRow;
  const row = (await store.dispatchRow(q, tenantId, dispatchId)) as DispatchRow;
  await emitDispatch(q, tenantId, after, row);
  await emitIncident(q, tenantId, "incident.updated", after, change);
  await audit(q, { tenantId, actorId: actor.userId, action, subjectType: "case", subjectId: caseId, data: { ...data, dispatch: dispatchId } });
  return dispatchView(row);
}

async function emitDispatch(q: Queryable, tenantId: string, r: IncidentRow, d: DispatchRow) {
  await emit(q, tenantId, "dispatch.updated", {
    caseId: r.case_id,
    number: r.number,
    type: r.type,
    dispatchId: d.id,
    responderId: d.responder_id,
    responderName: d.responder_name,
    agency: d.agency,
    status: d.status,
    unitId: d.org_unit_id,
  });
}

async function moveState(q: Queryable, ctx: EmergencyCtx, id: string, to: string, action: string, actor: Actor, comment: string | null, now: Date) {
  const c = await caseRow(q, ctx.tenant.id, id);
  const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
  await moveCase(q, ctx, c, spec, { to, action, actor: eventActor(actor, dispatchActor(actor)), comment }, now);
}

/** The units (and all below) a staff member works in. */
export async function unitsOf(q: Queryable, actor: Actor): Promise<Set<string>> {
  return new Set(
    await subtreeIds(
      q,
      actor.tenantId,
      actor.grants.map((g) => g.unitId),
    ),
  );
}

const canDispatch = (a: Actor) => a.grants.some((g) => ["kominfo_admin", "command_operator", "dispatcher"].includes(g.role));
export const isLiaison = (a: Actor) => a.grants.some((g) => g.role === "opd_operator" || g.role === "opd_admin");

/**
 * A responding unit's progress: dispatched → en route → on scene → finished (steps may be skipped,
 * never repeated or reversed), or cancelled while active. The dispatcher, or the liaison of the
 * responder's OPD, records it. The first unit on scene moves the case to `on_scene`.
 */
export async function setDispatchStatus(ctx: EmergencyCtx, dispatchId: string, input: { status: string; note?: string | null }) {
  const actor = staffActor(ctx);
  const status = input.status as DispatchStatus;
  if (!DISPATCH_STATUSES.includes(status) || status === "dispatched") throw fieldError("status", "enum", "en_route, on_scene, finished or cancelled");
  const note = clean(input.note, "note", 500);
  if (!/^[0-9a-f-]{36}$/i.test(dispatchId)) throw notFound("dispatch-not-found");
  return ctx.db.tx(async (q) => {
    const lockedCase = await store.caseOfDispatch(q, ctx.tenant.id, dispatchId);
    if (!lockedCase) throw notFound("dispatch-not-found");
    const r = (await incidentRow(q, ctx.tenant.id, lockedCase.case_id, true)) as IncidentRow;
    const d = (await store.dispatchRow(q, ctx.tenant.id, dispatchId)) as DispatchRow;
    if (!canDispatch(actor)) {
      const mine = isLiaison(actor) && d.org_unit_id !== null && (await unitsOf(q, actor)).has(d.org_unit_id);
      if (!mine) throw forbidden();
    }
    if (!ACTIVE.has(d.status) || ORDER[status] <= ORDER[d.status]) {
      throw conflict("dispatch-status-backwards", { detail: `${d.status} → ${status}` });
    }
    const now = new Date();
    await store.setDispatchStatus(q, ctx.tenant.id, dispatchId, status as Exclude<DispatchStatus, "dispatched">, now, note);
    if (status === "on_scene" && !r.first_arrived_at) {
      await store.setFirstArrived(q, ctx.tenant.id, r.case_id, now);
    }
    if (status === "on_scene" && r.state === "dispatched") await moveState(q, ctx, r.case_id, "on_scene", "arrive", actor, d.responder_name, now);
    return dispatchChanged(q, ctx.tenant.id, actor, r.case_id, dispatchId, "status", "incident.dispatch-status", {
      number: r.number,
      responder: d.responder_name,
      from: d.status,
      to: status,
    });
  });
}

/** Closes an incident with its outcome, once no unit is still active on it. */
export async function closeIncident(ctx: EmergencyCtx, id: string, input: { outcome: string; note?: string | null }) {
  const actor = staffActor(ctx);
  if (input.outcome !== "handled" && input.outcome !== "false_alarm") throw fieldError("outcome", "enum", "handled or false_alarm");
  const note = clean(input.note, "note", 2000);
  if (!note) throw fieldError("note", "required");
  return ctx.db.tx(async (q) => {
    const r = await incidentRow(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("incident-not-found");
    if (r.closed_at) throw conflict("incident-closed");
    const active = await store.activeDispatchCount(q, ctx.tenant.id, id);
    if (active > 0) throw conflict("dispatches-active", { detail: String(active) });
    const now = new Date();
    await store.closeIncident(q, ctx.tenant.id, id, now, input.outcome, note);
    await moveState(q, ctx, id, input.outcome === "handled" ? "closed" : "false_alarm", input.outcome === "handled" ? "close" : "mark_false", actor, note, now);
    const after = (await incidentRow(q, ctx.tenant.id, id)) as IncidentRow;
    await emitIncident(q, ctx.tenant.id, "incident.updated", after, "closed");
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "incident.closed",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, outcome: input.outcome },
    });
    return incidentView(after, await dispatchesOf(q, ctx.tenant.id, [id]), actor);
  });
}
