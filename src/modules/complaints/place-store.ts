import type { Queryable } from "../../platform/db.ts";

/**
 * SQL of a report's place: the kelurahan check, setting the kelurahan later, the verifier's list of unplaced reports
 * (with the address an Open311 client sent, through open311's published view open311_addresses).
 */

export async function kelurahanUnit(q: Queryable, tenantId: string, code: string) {
  return q.one<{ id: string; code: string; name: string }>(
    "SELECT id, code, name FROM directory_units WHERE tenant_id = $1 AND code = $2 AND kind = 'kelurahan'",
    [tenantId, code],
  );
}

/** Sets the details row's place and rule-routed unit (the case row is updated through the cases store). */
export async function setDetailsPlace(
  q: Queryable,
  tenantId: string,
  caseId: string,
  p: { kelurahan: string; kecamatan: string | null; routedUnitId: string | null },
) {
  await q.query("UPDATE complaint_details SET kelurahan_code = $3, kecamatan_code = $4, routed_unit_id = $5 WHERE tenant_id = $1 AND case_id = $2", [
    tenantId,
    caseId,
    p.kelurahan,
    p.kecamatan,
    p.routedUnitId,
  ]);
}

export interface UnplacedRow {
  id: string;
  number: string;
  service_key: string;
  description: string;
  state: string;
  lat: number | null;
  lon: number | null;
  address_string: string | null;
  created_at: Date;
}

/** Open reports with no kelurahan yet, oldest first (index complaint_details_unplaced). */
export async function unplacedOpen(q: Queryable, tenantId: string, limit: number) {
  return q.query<UnplacedRow>(
    `SELECT c.id, c.number, c.service_key, d.description, c.state, d.lat, d.lon, o.address_string, d.created_at
       FROM complaint_details d
       JOIN case_summaries c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
       LEFT JOIN open311_addresses o ON o.tenant_id = c.tenant_id AND o.case_id = c.id
      WHERE d.tenant_id = $1 AND d.kelurahan_code IS NULL AND c.is_open AND NOT d.tppk
      ORDER BY d.created_at, c.id
      LIMIT $2`,
    [tenantId, limit],
  );
}

/** The address an Open311 client sent with the report (`address_string`), for staff who place it. */
export async function addressOf(q: Queryable, tenantId: string, caseId: string): Promise<string | null> {
  const r = await q.one<{ address_string: string | null }>("SELECT address_string FROM open311_addresses WHERE tenant_id = $1 AND case_id = $2", [
    tenantId,
    caseId,
  ]);
  return r?.address_string ?? null;
}
