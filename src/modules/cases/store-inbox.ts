import type { Queryable } from "../../platform/db.ts";
import type { CaseRow } from "./store.ts";

export interface InboxFilter {
  unitIds?: string[];
  state?: string;
  service?: string;
  kelurahan?: string;
  sla?: "on_time" | "due_soon" | "overdue";
  open?: boolean;
  q?: string;
  sort: "due" | "newest" | "oldest" | "number";
  limit: number;
  offset: number;
  now: Date;
  dueSoonBefore: Date;
}

export interface InboxRow {
  id: string;
  number: string;
  service_key: string;
  service_version: number;
  service_name: string;
  state: string;
  applicant_name: string | null;
  kelurahan_code: string | null;
  kelurahan_name: string | null;
  unit_name: string | null;
  submitted_at: Date;
  sla_due_at: Date | null;
  state_due_at: Date | null;
  escalated_at: Date | null;
  is_open: boolean;
  version: number;
}

/** The staff inbox: one indexed query, keyset-friendly ordering, no count(*) over the whole table. */
export async function inbox(q: Queryable, tenantId: string, f: InboxFilter) {
  const params: unknown[] = [tenantId];
  const where = ["c.tenant_id = $1", "c.state <> 'draft'"];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll("?", `$${params.length}`));
  };
  if (f.unitIds) add("c.assignee_unit_id = ANY(?::uuid[])", `{${f.unitIds.join(",")}}`);
  if (f.open !== undefined) add("c.is_open = ?", f.open);
  if (f.state) add("c.state = ?", f.state);
  if (f.service) add("c.service_key = ?", f.service);
  if (f.kelurahan) add("c.kelurahan_code = ?", f.kelurahan);
  if (f.sla === "overdue") add("c.is_open AND c.sla_due_at < ?", f.now);
  if (f.sla === "due_soon") {
    add("c.is_open AND c.sla_due_at >= ?", f.now);
    add("c.sla_due_at < ?", f.dueSoonBefore);
  }
  if (f.sla === "on_time") add("c.is_open AND c.sla_due_at >= ?", f.dueSoonBefore);
  if (f.q) {
    const like = f.q.replace(/[\\%_]/g, (m) => `\\${m}`);
    // A case number (or its start, "SKTM-2025-0001"): a btree prefix range. Digits only: a scan of
    // the other filters' rows (no index). Anything else: the applicant's name by trigram.
    if (/^[A-Za-z]{1,8}-[\d-]*$/.test(f.q)) add("c.number LIKE ? || '%'", like.toUpperCase());
    else if (/^[\d-]{3,}$/.test(f.q)) add("c.number LIKE '%' || ? || '%'", like);
    else add("c.applicant_name ILIKE '%' || ? || '%'", like);
  }
  const order = { due: "c.sla_due_at ASC NULLS LAST, c.number", newest: "c.submitted_at DESC", oldest: "c.submitted_at ASC", number: "c.number" }[f.sort];
  params.push(f.limit, f.offset);
  return q.query<InboxRow>(
    `SELECT c.id, c.number, c.service_key, c.service_version, s.name_id AS service_name, c.state, c.applicant_name, c.kelurahan_code, k.name AS kelurahan_name,
            u.name AS unit_name, c.submitted_at, c.sla_due_at, c.state_due_at, c.escalated_at, c.is_open, c.version
       FROM cases c
       JOIN catalog_services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
       LEFT JOIN directory_units k ON k.tenant_id = c.tenant_id AND k.code = c.kelurahan_code
       LEFT JOIN directory_units u ON u.tenant_id = c.tenant_id AND u.id = c.assignee_unit_id
      WHERE ${where.join(" AND ")}
      ORDER BY ${order}
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
}

export async function overdueCases(q: Queryable, now: Date, limit: number) {
  return q.query<CaseRow>(
    `SELECT * FROM cases WHERE is_open AND state <> 'draft' AND state_due_at < $1 AND (escalated_at IS NULL OR escalated_at < state_due_at)
      ORDER BY state_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
}

export async function unitHeads(q: Queryable, tenantId: string, unitId: string) {
  return q.query<{ id: string; name: string; email: string | null; phone: string | null; role: string }>(
    `SELECT u.id, u.name, u.email, u.phone, g.role FROM directory_grants g JOIN directory_people u ON u.id = g.user_id AND u.tenant_id = g.tenant_id
      WHERE g.tenant_id = $1 AND g.unit_id = $2 AND g.role IN ('opd_admin','lurah','camat') AND u.disabled_at IS NULL`,
    [tenantId, unitId],
  );
}

export async function markEscalated(q: Queryable, tenantId: string, id: string, at: Date) {
  await q.query("UPDATE cases SET escalated_at = $3 WHERE tenant_id = $1 AND id = $2", [tenantId, id, at]);
}
