/**
 * The incident figures the command center's wall shows (command/overview.ts), read from this module's tables
 * (incidents, dispatches, responders). Every query filters by tenant.
 */
import type { Queryable } from "../../platform/db.ts";

export type HourCount = { h: Date | string; n: number | string };

/** open incidents. */
export const openIncidentCount = (q: Queryable, tenantId: string) =>
  q.one<{ n: number | string }>("SELECT count(*) AS n FROM incidents WHERE tenant_id = $1 AND closed_at IS NULL", [tenantId]);

/** incidents received since `since`, with the average seconds to the first arrival. */
export const incidentsSince = (q: Queryable, tenantId: string, since: Date) =>
  q.one<{ n: number | string; avg: number | string | null }>(
    `SELECT count(*) AS n, avg(extract(epoch FROM first_arrived_at - received_at)) FILTER (WHERE first_arrived_at IS NOT NULL) AS avg
       FROM incidents WHERE tenant_id = $1 AND received_at >= $2`,
    [tenantId, since],
  );

/** incidents since `since` per responder unit, with that unit's first arrival. */
export const incidentsByResponderUnit = (q: Queryable, tenantId: string, since: Date) =>
  q.query<{ unit_id: string; case_id: string; secs: number | string | null }>(
    `SELECT r.org_unit_id AS unit_id, d.case_id, extract(epoch FROM min(d.on_scene_at) - i.received_at) AS secs
       FROM incidents i JOIN dispatches d ON d.case_id = i.case_id JOIN responders r ON r.id = d.responder_id
      WHERE i.tenant_id = $1 AND i.received_at >= $2 AND r.org_unit_id IS NOT NULL AND d.status <> 'cancelled'
      GROUP BY r.org_unit_id, d.case_id, i.received_at`,
    [tenantId, since],
  );

/** incidents received per hour since `since` (index incidents_received). */
export const hourlyIncidents = (q: Queryable, tenantId: string, since: Date) =>
  q.query<HourCount>("SELECT date_trunc('hour', received_at) AS h, count(*) AS n FROM incidents WHERE tenant_id = $1 AND received_at >= $2 GROUP BY 1", [
    tenantId,
    since,
  ]);
