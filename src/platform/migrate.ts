import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./db.ts";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

export interface MigrationResult {
  applied: string[];
  total: number;
}

/** Applies the forward-only SQL files in migrations/ that the store has not seen, each in its own transaction. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f))
    .sort();
  await db.query("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const applied: string[] = [];
  for (const file of files) {
    const sql = fs.readFileSync(path.join(dir, file), "utf8");
    const done = await db.tx(async (q) => {
      // Several processes may start at once on PostgreSQL: one migrates, the others wait.
      await q.query("SELECT pg_advisory_xact_lock(727001)");
      const seen = await q.one("SELECT 1 FROM schema_migrations WHERE name = $1", [file]);
      if (seen) return false;
      for (const statement of splitStatements(sql)) await q.query(statement);
      await q.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return { applied, total: files.length };
}

export async function pendingMigrations(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = fs.readdirSync(dir).filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f));
  const exists = await db.one<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists?.t) return files;
  const seen = new Set((await db.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name));
  return files.filter((f) => !seen.has(f));
}

/** Splits a migration into statements on `;` at line ends, keeping $$-quoted bodies whole. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let inDollar = false;
  for (const line of sql.split("\n")) {
    const trimmed = line.trim();
    if (!inDollar && (trimmed.startsWith("--") || trimmed === "")) {
      if (current) current += "\n";
      continue;
    }
    current += `${line}\n`;
    const dollars = (line.match(/\$\$/g) || []).length;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && trimmed.endsWith(";")) {
      out.push(current.trim());
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
