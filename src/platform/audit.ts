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

/**
 * Appends one entry to the tenant's hash chain. Call it inside the transaction of the change it
 * records: the per-tenant advisory lock serializes writers so the chain never forks.
 */
export async function audit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('audit:' || $1))", [entry.tenantId]);
  const last = await q.one<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", [entry.tenantId]);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const data = JSON.parse(JSON.stringify(entry.data ?? {}));
  const subjectId = entry.subjectId ?? null;
  const hash = entryHash({ ...entry, seq, at, subjectId, data, prevHash });
  await q.query(
    `INSERT INTO audit_log (tenant_id, seq, at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
    [entry.tenantId, seq, at, entry.actorId, entry.action, entry.subjectType, subjectId, data, prevHash, hash],
  );
}

export interface VerifyReport {
  tenantId: string;
  checked: number;
  ok: boolean;
  firstBad?: { seq: number; reason: string };
}

/** Walks a tenant's chain in order and reports the first entry whose hash or link does not hold. */
export async function verifyAuditChain(q: Queryable, tenantId: string): Promise<VerifyReport> {
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
       FROM audit_log WHERE tenant_id = $1 AND seq >= $2 ORDER BY seq LIMIT ${batch}`,
      [tenantId, expectedSeq],
    );
    for (const r of rows) {
      const fail = (reason: string): VerifyReport => ({ tenantId, checked, ok: false, firstBad: { seq: r.seq, reason } });
      if (r.seq !== expectedSeq) return { tenantId, checked, ok: false, firstBad: { seq: expectedSeq, reason: "entry missing" } };
      if (r.prev_hash !== prevHash) return fail("link to previous entry broken");
      const at = (r.at instanceof Date ? r.at : new Date(r.at)).toISOString();
      const data = typeof r.data === "string" ? JSON.parse(r.data) : r.data;
      const hash = entryHash({
        tenantId,
        seq: r.seq,
        at,
        actorId: r.actor_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        data,
        prevHash: r.prev_hash,
      });
      if (hash !== r.hash) return fail("content does not match its hash");
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  return { tenantId, checked, ok: true };
}
