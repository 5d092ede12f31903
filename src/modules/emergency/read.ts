/** Reading incidents: the desk's lists, the OPD liaison's dispatches, one incident, the public status page. */
import type { Actor } from "../../platform/auth/roles.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import { maskPhone } from "../../platform/mask.ts";
import { isLiaison, unitsOf } from "./dispatch.ts";
import { CALL_NUMBER, type EmergencyCtx, staffActor } from "./model.ts";
import { caseEvents } from "../cases/index.ts";
import * as store from "./store.ts";
import { type IncidentRow, dispatchView, dispatchesOf, incidentRow, incidentView, iso, responderUnits, seesCaller } from "./views.ts";

// ---- reading --------------------------------------------------------------------------------------

export async function listIncidents(
  db: Queryable,
  tenantId: string,
  viewer: Actor | undefined,
  f: { open?: boolean; type?: string; limit?: number; wall?: boolean },
) {
  const rows = await store.incidentRows(db, tenantId, { open: f.open, type: f.type, limit: Math.min(f.limit ?? 100, 500) });
  const ds = await dispatchesOf(
    db,
    tenantId,
    rows.map((r) => r.case_id),
  );
  return rows.map((r) => incidentView(r, ds, viewer, f.wall));
}

/**
 * An OPD liaison's desk: the dispatches of the responders of their units (active ones, then the last
 * day's finished ones), each with its incident (no caller name; phone masked).
 */
export async function liaisonDispatches(ctx: EmergencyCtx) {
  const actor = staffActor(ctx);
  const units = [...(await unitsOf(ctx.db, actor))];
  if (!isLiaison(actor) || units.length === 0) return { items: [] };
  const ds = await store.dispatchesOfUnits(ctx.db, ctx.tenant.id, units);
  const caseIds = [...new Set(ds.map((d) => d.case_id))];
  const rows = caseIds.length ? await store.incidentRowsOf(ctx.db, ctx.tenant.id, caseIds) : [];
  const byId = new Map(rows.map((r) => [r.case_id, r]));
  return {
    items: ds.map((d) => {
      const r = byId.get(d.case_id) as IncidentRow;
      const { dispatches: _all, ...incident } = incidentView(r, [], actor);
      return { ...dispatchView(d), incident };
    }),
  };
}

/** Who may read an incident: the command desk and auditors, or the liaison of a responder dispatched to it. */
async function mayRead(q: Queryable, actor: Actor, caseId: string): Promise<boolean> {
  if (actor.grants.some((g) => ["kominfo_admin", "command_operator", "call_taker", "dispatcher", "auditor"].includes(g.role))) return true;
  if (!isLiaison(actor)) return false;
  const mine = await unitsOf(q, actor);
  return (await responderUnits(q, actor.tenantId, caseId)).some((u) => mine.has(u));
}

export async function getIncident(ctx: EmergencyCtx, id: string) {
  const actor = staffActor(ctx);
  const r = await incidentRow(ctx.db, ctx.tenant.id, id);
  if (!r || !(await mayRead(ctx.db, actor, r.case_id))) throw notFound("incident-not-found");
  const [ds, calls, timeline] = await Promise.all([
    dispatchesOf(ctx.db, ctx.tenant.id, [id]),
    store.callsOf(ctx.db, ctx.tenant.id, id),
    caseEvents(ctx.db, ctx.tenant.id, id),
  ]);
  const full = seesCaller(actor);
  return {
    ...incidentView(r, ds, actor),
    calls: calls.map((c) => ({
      id: c.id,
      callerName: full ? c.caller_name : null,
      callerPhone: c.caller_phone ? (full ? c.caller_phone : maskPhone(c.caller_phone)) : null,
      notes: c.notes,
      source: c.source,
      receivedAt: iso(c.received_at),
    })),
    timeline: timeline.map((t) => ({
      at: iso(t.at),
      kind: t.kind,
      action: t.action,
      from: t.from_state,
      to: t.to_state,
      actor: t.actor_name,
      comment: t.comment,
    })),
  };
}

/** The public status of an incident a citizen sent with the Darurat button (no names, no phone). */
export async function publicStatus(db: Db, tenantId: string, token: string) {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) throw notFound("incident-not-found");
  const r = await store.incidentByToken(db, tenantId, token);
  if (!r) throw notFound("incident-not-found");
  return {
    number: r.number,
    type: r.type,
    state: r.state,
    receivedAt: iso(r.received_at),
    dispatchedAt: iso(r.first_dispatched_at),
    arrivedAt: iso(r.first_arrived_at),
    closedAt: iso(r.closed_at),
    outcome: r.outcome,
    callNumber: CALL_NUMBER,
  };
}
