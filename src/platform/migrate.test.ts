import { describe, expect, it } from "vitest";
import { openDb } from "./db.ts";
import { MIGRATIONS_DIR, migrate, pendingMigrations, splitStatements } from "./migrate.ts";
import fs from "node:fs";

describe("migrations", () => {
  it("apply from an empty store once, then find nothing pending", async () => {
    const db = await openDb({});
    try {
      const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql"));
      expect(await pendingMigrations(db)).toHaveLength(files.length);
      const first = await migrate(db);
      expect(first.applied).toEqual(files.sort());
      expect((await migrate(db)).applied).toEqual([]);
      expect(await pendingMigrations(db)).toEqual([]);
      const tables = await db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.map((r) => r.t)).toEqual(
        expect.arrayContaining(["tenants", "org_units", "users", "role_grants", "sessions", "audit_log", "notifications", "outbox_events"]),
      );
    } finally {
      await db.close();
    }
  });

  it("split statements without breaking $$ bodies", () => {
    const parts = splitStatements("CREATE TABLE a (x int);\n-- note\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\nSELECT 1;\n$$;\nSELECT 2;");
    expect(parts).toHaveLength(3);
    expect(parts[1]).toMatch(/SELECT 1;\n\$\$;$/);
  });
});
