/**
 * The demo seed's SQL: it backdates freshly recorded incidents into a realistic history. Its case and the case's
 * history move with it through the case engine (`backdateCase`, `retimeTransitions` from ../cases/index.ts), its
 * outbox events through the platform's `backdateEvents`: demo history only, never used on real data. Every query
 * filters by tenant.
 */
import type { Queryable } from "../../platform/db.ts";
import { backdateEvents } from "../../platform/events.ts";
import { backdateCase, retimeTransitions } from "../cases/index.ts";

export async function hasIncidents(q: Queryable, tenantId: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM incidents WHERE tenant_id = $1 LIMIT 1", [tenantId]));
}

/** tenants/admin (org_units): the first kelurahan code of every kecamatan, by the kecamatan's name. */
export const firstKelurahanPerKecamatan = (q: Queryable, tenantId: string) =>
  q.query<{ kec: string; kel: string }>(
    `SELECT k.name AS kec, min(l.code) AS kel FROM directory_units k JOIN directory_units l ON l.tenant_id = k.tenant_id AND l.parent_id = k.id
      WHERE k.tenant_id = $1 AND k.kind = 'kecamatan' AND l.kind = 'kelurahan' GROUP BY k.name`,
    [tenantId],
  );

/** Moves an incident and everything written about it back by `by` (an interval, e.g. '600 seconds'). */
export async function backdateIncident(q: Queryable, tenantId: string, caseId: string, by: string) {
  await q.query(
    `UPDATE incidents SET received_at = received_at - $3::interval, first_dispatched_at = first_dispatched_at - $3::interval,
            first_arrived_at = first_arrived_at - $3::interval, closed_at = closed_at - $3::interval WHERE tenant_id = $1 AND case_id = $2`,
    [tenantId, caseId, by],
  );
  await q.query("UPDATE incident_calls SET received_at = received_at - $3::interval WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, by]);
  await q.query(
    `UPDATE dispatches SET dispatched_at = dispatched_at - $3::interval, en_route_at = en_route_at - $3::interval, on_scene_at = on_scene_at - $3::interval,
            finished_at = finished_at - $3::interval, cancelled_at = cancelled_at - $3::interval WHERE tenant_id = $1 AND case_id = $2`,
    [tenantId, caseId, by],
  );
  // the case (its row and history) and the platform's outbox_events: the same shift, so the timeline stays consistent.
  await backdateCase(q, tenantId, caseId, by);
  await backdateEvents(q, tenantId, "caseId", caseId, by);
}

interface IncidentTimes {
  received_at: Date;
  first_dispatched_at: Date;
  first_arrived_at: Date | null;
  closed_at: Date | null;
}

/** Puts each recorded step of an incident at its offset (seconds after the call); `close` null = still open. */
export async function spreadIncident(
  q: Queryable,
  tenantId: string,
  caseId: string,
  offsets: { dispatch: number; enRoute: number; arrive: number; close: number | null },
) {
  const at = (s: number) => `${s} seconds`;
  const i = (await q.one<IncidentTimes>(
    `UPDATE incidents SET first_dispatched_at = received_at + $3::interval, first_arrived_at = CASE WHEN first_arrived_at IS NULL THEN NULL ELSE received_at + $4::interval END,
            closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE received_at + $5::interval END WHERE tenant_id = $1 AND case_id = $2
      RETURNING received_at, first_dispatched_at, first_arrived_at, closed_at`,
    [tenantId, caseId, at(offsets.dispatch), at(offsets.arrive), at(offsets.close ?? 0)],
  )) as IncidentTimes;
  await q.query(
    `UPDATE dispatches d SET dispatched_at = i.received_at + $3::interval,
            en_route_at = CASE WHEN d.en_route_at IS NULL THEN NULL ELSE i.received_at + $4::interval END,
            on_scene_at = CASE WHEN d.on_scene_at IS NULL THEN NULL ELSE i.received_at + $5::interval END,
            finished_at = CASE WHEN d.finished_at IS NULL THEN NULL ELSE i.received_at + $6::interval END
       FROM incidents i WHERE i.case_id = d.case_id AND d.tenant_id = $1 AND d.case_id = $2`,
    [tenantId, caseId, at(offsets.dispatch), at(offsets.enRoute), at(offsets.arrive), at((offsets.close ?? offsets.arrive) - 60)],
  );
  // the case: its transitions and times follow the incident's.
  const after = (s: number) => new Date(i.received_at.getTime() + s * 1000);
  const closed = after(offsets.close ?? 0);
  await retimeTransitions(q, tenantId, caseId, {
    at: { dispatched: after(offsets.dispatch), on_scene: after(offsets.arrive), closed, false_alarm: closed },
    otherwise: i.received_at,
    closedAt: i.closed_at,
    updatedAt: i.closed_at ?? i.first_arrived_at ?? i.first_dispatched_at ?? i.received_at,
  });
}
