import { createHash } from "node:crypto";
import type { Queryable } from "./db.ts";

export interface AuditEntry {
  tenantId: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

const GENESIS = "0".repeat(64);

/** JSON with object keys sorted, so a jsonb round trip hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

interface HashInput {
  tenantId: string;
  lane: number;
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
}

export function entryHash(e: HashInput): string {
  const body = canonicalJson({
    tenant: e.tenantId,
    // Lane 0 entries hash as they did before lanes existed.
    lane: e.lane === 0 ? undefined : e.lane,
    seq: e.seq,
    at: e.at,
    actor: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    data: e.data,
  });
  return createHash("sha256").update(e.prevHash).update("\n").update(body).digest("hex");
}

/** Hash chains per tenant. More lanes: fewer writers waiting on one another, more chains to verify. */
export const AUDIT_LANES = 32;

function laneOf(subjectType: string, subjectId: string | null): number {
  // FNV-1a: the same subject always starts in the same lane.
  let h = 0x811c9dc5;
  for (const ch of `${subjectType}:${subjectId ?? ""}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0) % AUDIT_LANES;
}

/** Per transaction and tenant: the lane it holds and where its chain stands. */
const held = new WeakMap<Queryable, Map<string, { lane: number; seq: number; prevHash: string }>>();

/**
 * Appends one entry to one of the tenant's hash chains. Call it inside the transaction of the change
 * it records. The first entry of a transaction locks the head row of its lane (the lane of its
 * subject) until commit, so a lane never forks; later entries of the same transaction follow in that
 * lane. The entry itself and the new head are written with the transaction's next statement (`later`).
 */
export async function audit(q: Queryable, entry: AuditEntry): Promise<void> {
  if ("tx" in q) throw new Error("audit() must run inside the transaction of the change it records");
  let byTenant = held.get(q);
  if (!byTenant) {
    byTenant = new Map();
    held.set(q, byTenant);
  }
  let state = byTenant.get(entry.tenantId);
  const subjectId = entry.subjectId ?? null;
  if (state) state.seq += 1;
  else {
    const lane = laneOf(entry.subjectType, subjectId);
    const head = await q.one<{ seq: number; hash: string }>(
      `INSERT INTO audit_heads AS h (tenant_id, lane, seq, hash) VALUES ($1, $2, 1, $3)
       ON CONFLICT (tenant_id, lane) DO UPDATE SET seq = h.seq + 1 RETURNING seq, hash`,
      [entry.tenantId, lane, GENESIS],
    );
    state = { lane, seq: head!.seq, prevHash: head!.hash };
    byTenant.set(entry.tenantId, state);
  }
  const { lane, seq, prevHash } = state;
  const at = new Date().toISOString();
  const data = JSON.parse(JSON.stringify(entry.data ?? {}));
  const hash = entryHash({ ...entry, lane, seq, at, subjectId, data, prevHash });
  state.prevHash = hash;
  await q.later(
    `INSERT INTO audit_log (tenant_id, lane, seq, at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)`,
    [entry.tenantId, lane, seq, at, entry.actorId, entry.action, entry.subjectType, subjectId, data, prevHash, hash],
  );
  await q.later(
    "UPDATE audit_heads SET seq = $3, hash = $4 WHERE tenant_id = $1 AND lane = $2",
    [entry.tenantId, lane, seq, hash],
    `audit-head:${entry.tenantId}:${lane}`,
  );
}

export interface VerifyReport {
  tenantId: string;
  checked: number;
  lanes: number;
  ok: boolean;
  firstBad?: { lane: number; seq: number; reason: string };
}

/** Walks each of a tenant's chains in order and reports the first entry whose hash or link does not hold. */
export async function verifyAuditChain(q: Queryable, tenantId: string): Promise<VerifyReport> {
  const heads = await q.query<{ lane: number; seq: number | null; hash: string | null }>(
    `SELECT l.lane, h.seq, h.hash FROM (SELECT DISTINCT lane FROM audit_log WHERE tenant_id = $1
       UNION SELECT lane FROM audit_heads WHERE tenant_id = $1) l
       LEFT JOIN audit_heads h ON h.tenant_id = $1 AND h.lane = l.lane ORDER BY l.lane`,
    [tenantId],
  );
  let checked = 0;
  for (const head of heads) {
    const r = await verifyLane(q, tenantId, head.lane);
    checked += r.checked;
    if (r.bad) return { tenantId, checked, lanes: heads.length, ok: false, firstBad: { lane: head.lane, ...r.bad } };
    // The head remembers the last entry: a chain cut off at the end no longer reaches it.
    if (head.seq !== null && (r.lastSeq !== head.seq || r.lastHash !== head.hash))
      return { tenantId, checked, lanes: heads.length, ok: false, firstBad: { lane: head.lane, seq: r.lastSeq + 1, reason: "entries missing at the end" } };
  }
  return { tenantId, checked, lanes: heads.length, ok: true };
}

async function verifyLane(q: Queryable, tenantId: string, lane: number) {
  const batch = 5000;
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await q.query<{
      seq: number;
      at: Date;
      actor_id: string | null;
      action: string;
      subject_type: string;
      subject_id: string | null;
      data: unknown;
      prev_hash: string;
      hash: string;
    }>(
      `SELECT seq, at, actor_id, action, subject_type, subject_id, data, prev_hash, hash
       FROM audit_log WHERE tenant_id = $1 AND lane = $2 AND seq >= $3 ORDER BY seq LIMIT ${batch}`,
      [tenantId, lane, expectedSeq],
    );
    for (const r of rows) {
      const bad = (reason: string) => ({ checked, lastSeq: expectedSeq - 1, lastHash: prevHash, bad: { seq: r.seq, reason } });
      if (r.seq !== expectedSeq) return { checked, lastSeq: expectedSeq - 1, lastHash: prevHash, bad: { seq: expectedSeq, reason: "entry missing" } };
      if (r.prev_hash !== prevHash) return bad("link to previous entry broken");
      const at = (r.at instanceof Date ? r.at : new Date(r.at)).toISOString();
      const data = typeof r.data === "string" ? JSON.parse(r.data) : r.data;
      const hash = entryHash({
        tenantId,
        lane,
        seq: r.seq,
        at,
        actorId: r.actor_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        data,
        prevHash: r.prev_hash,
      });
      if (hash !== r.hash) return bad("content does not match its hash");
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  return { checked, lastSeq: expectedSeq - 1, lastHash: prevHash, bad: undefined };
}

export interface AuditEntryFilter {
  limit: number;
  /** Entries with a smaller id only (paging, newest first). */
  before?: number;
  /** Each list is a condition: the actor is one of its ids (an empty list matches nothing). */
  actorIn?: string[][];
  subjectIds?: string[];
  /** YYYY-MM-DD, inclusive, in `timezone`. */
  from?: string;
  to?: string;
  timezone: string;
}

export interface AuditEntryRow {
  id: number;
  lane: number;
  seq: number;
  at: Date | string;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  data: unknown;
  hash: string;
}

/** The tenant's entries newest first over all lanes (by `id`, the order of writing); every condition is optional. */
export async function auditEntries(q: Queryable, tenantId: string, f: AuditEntryFilter): Promise<AuditEntryRow[]> {
  const params: unknown[] = [tenantId, f.limit];
  const where = ["tenant_id = $1"];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.before) add((n) => `id < ${n}::bigint`, f.before);
  for (const ids of f.actorIn ?? []) add((n) => `actor_id = ANY(${n}::uuid[])`, `{${ids.join(",")}}`);
  if (f.subjectIds) add((n) => `subject_id = ANY(${n}::text[])`, `{${f.subjectIds.map((s) => JSON.stringify(s)).join(",")}}`);
  if (f.from || f.to) params.push(f.timezone);
  const tz = `$${params.length}`;
  if (f.from) add((n) => `at >= (${n}::date)::timestamp AT TIME ZONE ${tz}`, f.from);
  if (f.to) add((n) => `at < (${n}::date + 1)::timestamp AT TIME ZONE ${tz}`, f.to);
  return q.query<AuditEntryRow>(
    `SELECT id::int AS id, lane, seq, at, actor_id AS "actorId", action, subject_type AS "subjectType", subject_id AS "subjectId", data, hash
       FROM audit_log WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT $2`,
    params,
  );
}
