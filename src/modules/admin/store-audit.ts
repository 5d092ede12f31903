/** The audit log as the audit page reads it: filtered, newest first, with the names an auditor needs. */
import { auditEntries } from "../../platform/audit.ts";
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
 * Newest first over all lanes (the platform's `auditEntries`); `before` pages by id. Every condition is optional and
 * every one is bound to the tenant. The people and units are read after, in one query each for the page: the actors'
 * names, kinds and roles, the names of subjects that are people or units.
 */
export async function listAudit(q: Queryable, tenantId: string, f: AuditFilter): Promise<AuditRow[]> {
  const actorIn: string[][] = [];
  if (f.actorId) actorIn.push([f.actorId]);
  if (f.person) actorIn.push(await peopleMatching(q, tenantId, f.person));
  if (f.unitIds) actorIn.push(await holdersIn(q, tenantId, f.unitIds));
  const entries = await auditEntries(q, tenantId, {
    limit: f.limit,
    before: f.before,
    actorIn,
    subjectIds: f.subjectIds,
    from: f.from,
    to: f.to,
    timezone: f.timezone,
  });
  const actors = [...new Set(entries.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
  const subjects = (type: string) => [...new Set(entries.flatMap((e) => (e.subjectType === type && e.subjectId ? [e.subjectId] : [])))];
  const people = await peopleById(q, tenantId, actors);
  const roles = await rolesOf(q, tenantId, actors);
  const subjectPeople = await namesOf(q, "directory_people", tenantId, subjects("user"));
  const subjectUnits = await namesOf(q, "org_units", tenantId, subjects("org_unit"));
  return entries.map((e) => {
    const actor = e.actorId ? people.get(e.actorId) : undefined;
    const subjectName =
      (e.subjectType === "user" && subjectPeople.get(e.subjectId ?? "")) || (e.subjectType === "org_unit" && subjectUnits.get(e.subjectId ?? "")) || null;
    return {
      ...e,
      actorName: actor?.name ?? null,
      actorKind: actor?.kind ?? null,
      actorRoles: (e.actorId && roles.get(e.actorId)) || null,
      subjectName,
    };
  });
}

/** The ids of the tenant's people whose name or e-mail address contains `text`. */
async function peopleMatching(q: Queryable, tenantId: string, text: string): Promise<string[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await q.query<{ id: string }>("SELECT id FROM directory_people WHERE tenant_id = $1 AND (name ILIKE $2 OR email ILIKE $2)", [tenantId, like]);
  return rows.map((r) => r.id);
}

/** The people holding a role in one of the units. */
async function holdersIn(q: Queryable, tenantId: string, unitIds: string[]): Promise<string[]> {
  const rows = await q.query<{ user_id: string }>("SELECT DISTINCT user_id FROM role_grants WHERE tenant_id = $1 AND unit_id = ANY($2::uuid[])", [
    tenantId,
    `{${unitIds.join(",")}}`,
  ]);
  return rows.map((r) => r.user_id);
}

async function peopleById(q: Queryable, tenantId: string, ids: string[]): Promise<Map<string, { name: string; kind: string }>> {
  if (!ids.length) return new Map();
  const rows = await q.query<{ id: string; name: string; kind: string }>(
    "SELECT id, name, kind FROM directory_people WHERE tenant_id = $1 AND id = ANY($2::uuid[])",
    [tenantId, `{${ids.join(",")}}`],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}

/** Each person's roles, distinct and sorted (absent: none). */
async function rolesOf(q: Queryable, tenantId: string, ids: string[]): Promise<Map<string, string[]>> {
  if (!ids.length) return new Map();
  const rows = await q.query<{ user_id: string; roles: string[] }>(
    `SELECT user_id, array_agg(DISTINCT role ORDER BY role) AS roles FROM role_grants WHERE tenant_id = $1 AND user_id = ANY($2::uuid[]) GROUP BY user_id`,
    [tenantId, `{${ids.join(",")}}`],
  );
  return new Map(rows.map((r) => [r.user_id, r.roles]));
}

/** Names by id (compared as text: a subject id need not be a uuid). */
async function namesOf(q: Queryable, source: "directory_people" | "org_units", tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const sql =
    source === "org_units"
      ? "SELECT id::text AS id, name FROM org_units WHERE tenant_id = $1 AND id::text = ANY($2::text[])"
      : "SELECT id::text AS id, name FROM directory_people WHERE tenant_id = $1 AND id::text = ANY($2::text[])";
  const rows = await q.query<{ id: string; name: string }>(sql, [tenantId, `{${ids.map((s) => JSON.stringify(s)).join(",")}}`]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
