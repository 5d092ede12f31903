// The physical limit of the store: a bare transaction of two single-row inserts, no HTTP, no Balai code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type DriveResult, drive } from "./drive.ts";

const DDL = [
  "CREATE TABLE IF NOT EXISTS bench_t1 (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a integer NOT NULL, b text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
  "CREATE TABLE IF NOT EXISTS bench_t2 (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t1_id bigint NOT NULL, payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())",
];

/** PostgreSQL: `clients` pooled connections, each looping BEGIN; INSERT; INSERT; COMMIT on two scratch tables. */
export async function barePostgres(url: string, clients: number, warmupSeconds: number, seconds: number): Promise<DriveResult & { errorMessages: string[] }> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  try {
    for (const sql of DDL) await pool.query(sql);
    const held = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
    const step = async (w: number) => {
      const c = held[w];
      await c.query("BEGIN");
      const r = await c.query<{ id: string }>("INSERT INTO bench_t1 (a, b) VALUES ($1, $2) RETURNING id", [w, "bench"]);
      await c.query("INSERT INTO bench_t2 (t1_id, payload) VALUES ($1, $2::jsonb)", [r.rows[0].id, '{"k":"v"}']);
      await c.query("COMMIT");
    };
    await drive(clients, warmupSeconds, step);
    const m = await drive(clients, seconds, step);
    for (const c of held) c.release();
    await pool.query("DROP TABLE bench_t1, bench_t2");
    return m;
  } finally {
    await pool.end();
  }
}

/** PGlite: one instance in its own temp dir (same storage as the server's store), sequential transactions. */
export async function barePglite(warmupSeconds: number, seconds: number): Promise<DriveResult & { errorMessages: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-bench-bare-"));
  const db = new PGlite({ dataDir: dir });
  try {
    await db.waitReady;
    for (const sql of DDL) await db.query(sql);
    let i = 0;
    const step = async () => {
      await db.transaction(async (t) => {
        const r = await t.query<{ id: string }>("INSERT INTO bench_t1 (a, b) VALUES ($1, $2) RETURNING id", [i++, "bench"]);
        await t.query("INSERT INTO bench_t2 (t1_id, payload) VALUES ($1, $2::jsonb)", [r.rows[0].id, '{"k":"v"}']);
      });
    };
    await drive(1, warmupSeconds, step);
    return await drive(1, seconds, step);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
