import type { Queryable } from "../../platform/db.ts";

/**
 * Read model of public complaints for GeoReport v2 (read-only SQL over the views e-Lapor and the case engine publish,
 * see docs/open311.md): `lapor_public_reports` holds only reports that are not confidential and not hidden by
 * moderation, and no reporter column; this query also leaves out unnumbered and archived ones. Keep this rule in step
 * with `isPublic` in src/modules/complaints/common.ts (not confidential, not hidden by moderation, not archived).
 */
export interface RequestRow {
  case_id: string;
  number: string;
  service_key: string;
  service_name: string;
  description: string;
  title: string | null;
  state: string;
  state_label: string | null;
  is_open: boolean;
  requested_at: Date | string;
  updated_at: Date | string;
  expected_at: Date | string | null;
  lat: number;
  lon: number;
  kelurahan_name: string | null;
  kecamatan_name: string | null;
  agency: string | null;
  photo_id: string | null;
  address_string: string | null;
}

const SELECT = (lang: "id" | "en") => `
SELECT c.id AS case_id, c.number, c.service_key, s.name_${lang} AS service_name, d.description, d.title, c.state,
       (SELECT st->'label'->>'${lang}' FROM jsonb_array_elements(v.spec->'workflow'->'states') st WHERE st->>'key' = c.state LIMIT 1) AS state_label,
       c.is_open, coalesce(c.submitted_at, d.created_at) AS requested_at, c.updated_at, c.sla_due_at AS expected_at, d.lat, d.lon,
       kel.name AS kelurahan_name, kec.name AS kecamatan_name, u.name AS agency,
       (SELECT p.file_id FROM lapor_report_photos p WHERE p.tenant_id = c.tenant_id AND p.case_id = c.id ORDER BY p.created_at, p.file_id LIMIT 1) AS photo_id,
       o.address_string
  FROM lapor_public_reports d
  JOIN case_summaries c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
  JOIN catalog_services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
  JOIN catalog_versions v ON v.tenant_id = c.tenant_id AND v.service_key = c.service_key AND v.version = c.service_version
  LEFT JOIN directory_units u ON u.tenant_id = c.tenant_id AND u.id = c.assignee_unit_id
  LEFT JOIN directory_units kel ON kel.tenant_id = d.tenant_id AND kel.code = d.kelurahan_code
  LEFT JOIN directory_units kec ON kec.tenant_id = d.tenant_id AND kec.code = d.kecamatan_code
  LEFT JOIN open311_requests o ON o.tenant_id = c.tenant_id AND o.case_id = c.id
 WHERE d.tenant_id = $1 AND c.kind = 'complaint' AND c.number IS NOT NULL AND c.state <> 'diarsipkan'`;

export interface RequestFilters {
  numbers?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  status?: "open" | "closed";
  limit: number;
  offset: number;
}

export async function listRequests(q: Queryable, tenantId: string, lang: "id" | "en", f: RequestFilters): Promise<RequestRow[]> {
  const params: unknown[] = [tenantId];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  let where = "";
  if (f.numbers) where += ` AND c.number = ANY(${add(`{${f.numbers.map((n) => `"${n.replace(/["\\]/g, "")}"`).join(",")}}`)}::text[])`;
  if (f.serviceCodes) where += ` AND c.service_key = ANY(${add(`{${f.serviceCodes.map((n) => `"${n.replace(/["\\]/g, "")}"`).join(",")}}`)}::text[])`;
  if (f.start) where += ` AND coalesce(c.submitted_at, d.created_at) >= ${add(f.start)}`;
  if (f.end) where += ` AND coalesce(c.submitted_at, d.created_at) <= ${add(f.end)}`;
  if (f.status) where += f.status === "open" ? " AND c.is_open" : " AND NOT c.is_open";
  const sql = `${SELECT(lang)}${where} ORDER BY coalesce(c.submitted_at, d.created_at) DESC, c.id DESC LIMIT ${add(f.limit)} OFFSET ${add(f.offset)}`;
  return q.query<RequestRow>(sql, params);
}

export async function getRequest(q: Queryable, tenantId: string, lang: "id" | "en", number: string): Promise<RequestRow | undefined> {
  return q.one<RequestRow>(`${SELECT(lang)} AND c.number = $2`, [tenantId, number]);
}

/** Who sent an Open311 request, as the client told (GeoReport v2 email, first_name, last_name, phone, device_id, account_id). */
export interface Open311Reporter {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  deviceId: string | null;
  accountId: string | null;
}

export async function insertSubmission(
  q: Queryable,
  r: Open311Reporter & {
    token: string;
    tenantId: string;
    caseId: string;
    number: string;
    apiKeyId: string;
    addressString: string | null;
    mediaUrl: string | null;
  },
) {
  await q.query(
    `INSERT INTO open311_requests (token, tenant_id, case_id, service_request_id, api_key_id, email, first_name, last_name, phone, device_id, account_id,
                                   address_string, media_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [r.token, r.tenantId, r.caseId, r.number, r.apiKeyId, r.email, r.firstName, r.lastName, r.phone, r.deviceId, r.accountId, r.addressString, r.mediaUrl],
  );
}

export async function submissionByToken(q: Queryable, tenantId: string, token: string) {
  return q.one<{ token: string; service_request_id: string }>("SELECT token, service_request_id FROM open311_requests WHERE tenant_id = $1 AND token = $2", [
    tenantId,
    token,
  ]);
}
