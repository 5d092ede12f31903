/** The audit log as the audit page reads it: filtered, newest first, with the names an auditor needs. */
import type { Queryable } from "../../platform/db.ts";

export interface AuditFilter {
  /** The person who acted (users.id). */
  actorId?: string;
  /** Part of the acting person's name or e-mail address. */
  person?: string;
  /** Entries by people holding a role in one of these units. */
  unitIds?: string[];
  /** Subject ids (a case number is resolved to its case id before). */
  subjectIds?: string[];
  /** YYYY-MM-DD, inclusive, in the tenant's time zone. */
  from?: string;
  to?: string;
  timezone: string;
  before?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  lane: number;
  seq: number;
  at: Date | string;
  actorId: string | null;
  actorName: string | null;
  actorKind: string | null;
  actorRoles: string[] | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The name of a subject that is a person or an org unit (cases are named by their number, see audit.ts). */
  subjectName: string | null;
  data: unknown;
  hash: string;
}

/**
 * Newest first over all lanes (by `id`, the order of writing); `before` pages by that id. Every condition is optional
 * and every one is bound to the tenant. Names an account (users) and its grants, as the staff list does.
 */
export async function listAudit(q: Queryable, tenantId: string, f: AuditFilter): Promise<AuditRow[]> {
  const params: unknown[] = [tenantId, f.limit];
  const where = ["a.tenant_id = $1"];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.before) add((n) => `a.id < ${n}::bigint`, f.before);
  if (f.actorId) add((n) => `a.actor_id = ${n}::uuid`, f.actorId);
  if (f.person) {
    const like = `%${f.person.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add((n) => `a.actor_id IN (SELECT id FROM directory_people WHERE tenant_id = $1 AND (name ILIKE ${n} OR email ILIKE ${n}))`, like);
  }
  if (f.unitIds) add((n) => `a.actor_id IN (SELECT user_id FROM role_grants WHERE tenant_id = $1 AND unit_id = ANY(${n}::uuid[]))`, `{${f.unitIds.join(",")}}`);
  if (f.subjectIds) add((n) => `a.subject_id = ANY(${n}::text[])`, `{${f.subjectIds.map((s) => JSON.stringify(s)).join(",")}}`);
  if (f.from || f.to) params.push(f.timezone);
  const tz = `$${params.length}`;
  if (f.from) add((n) => `a.at >= (${n}::date)::timestamp AT TIME ZONE ${tz}`, f.from);
  if (f.to) add((n) => `a.at < (${n}::date + 1)::timestamp AT TIME ZONE ${tz}`, f.to);
  return q.query<AuditRow>(
    `SELECT a.id::int AS id, a.lane, a.seq, a.at, a.actor_id AS "actorId", u.name AS "actorName", u.kind AS "actorKind",
            (SELECT array_agg(DISTINCT g.role ORDER BY g.role) FROM role_grants g WHERE g.tenant_id = a.tenant_id AND g.user_id = a.actor_id) AS "actorRoles",
            a.action, a.subject_type AS "subjectType", a.subject_id AS "subjectId",
            COALESCE(su.name, so.name) AS "subjectName", a.data, a.hash
       FROM audit_log a
       LEFT JOIN directory_people u ON u.id = a.actor_id AND u.tenant_id = a.tenant_id
       LEFT JOIN directory_people su ON a.subject_type = 'user' AND su.tenant_id = a.tenant_id AND su.id::text = a.subject_id
       LEFT JOIN org_units so ON a.subject_type = 'org_unit' AND so.tenant_id = a.tenant_id AND so.id::text = a.subject_id
      WHERE ${where.join(" AND ")} ORDER BY a.id DESC LIMIT $2`,
    params,
  );
}
