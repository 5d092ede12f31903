/** The demo seed's SQL (./demo.ts): whether the tenant has reports, a demo report's routing, its details' times. */
import type { Queryable } from "../../platform/db.ts";

export async function hasReports(q: Queryable, tenantId: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM complaint_details WHERE tenant_id = $1 LIMIT 1", [tenantId]));
}

/** A filed report's case version and the unit its rules routed it to (id and code), for the demo's next action. */
export async function routedUnitOf(q: Queryable, tenantId: string, caseId: string) {
  return q.one<{ version: number; unit: string; code: string | null }>(
    `SELECT c.version, d.routed_unit_id::text AS unit, (SELECT o.code FROM directory_units o WHERE o.tenant_id = d.tenant_id AND o.id = d.routed_unit_id) AS code
       FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenantId, caseId],
  );
}

/**
 * A report spread over time (cases' `spreadCaseHistory`): filed at `filedAt`, first answered `step` later, rated two
 * hours after its last change.
 */
export async function spreadReportDetails(q: Queryable, tenantId: string, caseId: string, filedAt: Date, lastAt: Date, step: string) {
  await q.query(
    `UPDATE complaint_details SET created_at = $3,
            first_response_at = CASE WHEN first_response_at IS NULL THEN NULL ELSE $3::timestamptz + $5::interval END,
            rated_at = CASE WHEN rated_at IS NULL THEN NULL ELSE $4::timestamptz + interval '2 hours' END
      WHERE tenant_id = $1 AND case_id = $2`,
    [tenantId, caseId, filedAt, lastAt, step],
  );
}
