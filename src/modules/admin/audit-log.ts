/** The audit log for an auditor: filtered by person, unit, subject and date, each entry with names instead of ids. */
import { STAFF_ROLES } from "../../platform/auth/roles.ts";
import type { Queryable } from "../../platform/db.ts";
import { caseNumbers, getCaseByNumber } from "../cases/index.ts";
import { subtreeIds } from "./store.ts";
import { type AuditRow, listAudit } from "./store-audit.ts";

export interface AuditQuery {
  limit: number;
  before?: number;
  actorId?: string;
  person?: string;
  unitId?: string;
  subject?: string;
  from?: string;
  to?: string;
}

/**
 * The role an entry's actor acted in: the role a case action recorded, else the actor's highest staff role,
 * else "citizen" for a citizen's account; null for the system.
 */
function actorRole(r: AuditRow): string | null {
  const data = (r.data ?? {}) as Record<string, unknown>;
  if (typeof data.role === "string" && data.role) return data.role;
  const held = r.actorRoles ?? [];
  const first = STAFF_ROLES.find((role) => held.includes(role));
  if (first) return first;
  return r.actorKind === "citizen" ? "citizen" : null;
}

export async function auditLog(q: Queryable, tenant: { id: string; timezone: string }, query: AuditQuery) {
  const subject = query.subject?.trim();
  let subjectIds: string[] | undefined;
  if (subject) {
    // A case is looked for by its number (what an auditor has on paper); anything else by its id.
    const found = await getCaseByNumber(q, tenant.id, subject.toUpperCase());
    subjectIds = found ? [found.id] : [subject];
  }
  const unitIds = query.unitId ? await subtreeIds(q, tenant.id, [query.unitId]) : undefined;
  const rows = await listAudit(q, tenant.id, {
    limit: query.limit,
    before: query.before,
    actorId: query.actorId,
    person: query.person?.trim() || undefined,
    unitIds,
    subjectIds,
    from: query.from,
    to: query.to,
    timezone: tenant.timezone,
  });
  const numbers = await caseNumbers(
    q,
    tenant.id,
    rows.filter((r) => r.subjectType === "case" && r.subjectId).map((r) => r.subjectId as string),
  );
  return rows.map((r) => {
    const data = (r.data ?? {}) as Record<string, unknown>;
    const number = (r.subjectId && numbers.get(r.subjectId)) || (typeof data.number === "string" ? data.number : null);
    return { ...r, actorRole: actorRole(r), subjectRef: (r.subjectType === "case" ? number : null) ?? r.subjectName ?? null };
  });
}
