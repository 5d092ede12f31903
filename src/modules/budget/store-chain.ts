/** SQL of the budget hash chain and its signed daily roots (append-only; triggers refuse UPDATE and DELETE). */
import type { Queryable } from "../../platform/db.ts";

export interface ChainRow {
  seq: string | number;
  at: Date | string;
  year: number;
  event: string;
  data: Record<string, unknown>;
  state_hash: string;
  prev_hash: string;
  hash: string;
}

/** Serialises chain writers of a tenant until commit. */
export async function lockChain(q: Queryable, tenantId: string) {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('budget-chain:' || $1))", [tenantId]);
}

export async function chainHead(q: Queryable, tenantId: string): Promise<ChainRow | null> {
  return (
    (await q.one<ChainRow>("SELECT seq, at, year, event, data, state_hash, prev_hash, hash FROM budget_chain WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", [
      tenantId,
    ])) ?? null
  );
}

export async function insertChain(q: Queryable, tenantId: string, row: Omit<ChainRow, "at"> & { at: string }) {
  await q.query("INSERT INTO budget_chain (tenant_id, seq, at, year, event, data, state_hash, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
    tenantId,
    row.seq,
    row.at,
    row.year,
    row.event,
    JSON.stringify(row.data),
    row.state_hash,
    row.prev_hash,
    row.hash,
  ]);
}

export async function chain(q: Queryable, tenantId: string, year?: number): Promise<ChainRow[]> {
  return q.query<ChainRow>(
    "SELECT seq, at, year, event, data, state_hash, prev_hash, hash FROM budget_chain WHERE tenant_id = $1 AND ($2::int IS NULL OR year = $2) ORDER BY seq",
    [tenantId, year ?? null],
  );
}

export interface RootRow {
  day: string;
  seq: string | number;
  root_hash: string;
  signature: string;
  cert_fingerprint: string;
}

export async function upsertRoot(q: Queryable, tenantId: string, r: RootRow) {
  await q.query(
    `INSERT INTO budget_daily_roots (tenant_id, day, seq, root_hash, signature, cert_fingerprint) VALUES ($1, $2::date, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, day) DO UPDATE SET seq = EXCLUDED.seq, root_hash = EXCLUDED.root_hash, signature = EXCLUDED.signature,
       cert_fingerprint = EXCLUDED.cert_fingerprint`,
    [tenantId, r.day, r.seq, r.root_hash, r.signature, r.cert_fingerprint],
  );
}

export async function roots(q: Queryable, tenantId: string, limit = 400): Promise<RootRow[]> {
  return q.query<RootRow>(
    "SELECT day::text AS day, seq, root_hash, signature, cert_fingerprint FROM budget_daily_roots WHERE tenant_id = $1 ORDER BY day DESC LIMIT $2",
    [tenantId, limit],
  );
}
