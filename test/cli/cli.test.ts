import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDb } from "../../src/platform/db.ts";
import { migrate } from "../../src/platform/migrate.ts";
import { initModules } from "../../src/server.ts";
import { testConfig } from "../helpers.ts";
import { balaiProcess, cliOn, lastLine } from "./in-process.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-cli-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// The commands run in-process on an empty embedded store (in memory) as `balai` does on an empty data folder:
// starting a process per command (Node, the sources, opening the store) takes seconds, far more on a busy machine.
describe("balai CLI on an empty embedded store (in-process)", () => {
  let db: Db;
  let balai: ReturnType<typeof cliOn>;
  beforeAll(async () => {
    db = await openDb({});
    await migrate(db);
    initModules();
    balai = cliOn(db, testConfig({ BALAI_DATA_DIR: dataDir, BALAI_DEMO: "1" }));
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it("creates tenants with their real regions, verifies and detects a tampered audit chain", async () => {
    const created = await balai("tenant", "create", "--region", "35.73");
    expect(created.code).toBe(0);
    expect(lastLine(created.out)).toBe("created tenant 35.73 Kota Malang: 5 kecamatan, 57 kelurahan");

    const again = await balai("tenant", "create", "--region", "35.73");
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/already exists/);
    expect((await balai("tenant", "create", "--region", "99.99")).out).toMatch(/region/);

    const seeded = await balai("seed");
    expect(lastLine(seeded.out)).toBe("demo tenant 16.71 Kota Palembang seeded");
    const list = await balai("tenant", "list");
    expect(list.out).toMatch(/16\.71\tKota Palembang\t\(default\)/);

    const ok = await balai("audit", "verify");
    expect(ok.code).toBe(0);
    expect(lastLine(ok.out)).toBe("audit verify: OK, 2 tenant chain(s) intact");

    await db.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await db.query("UPDATE audit_log SET action = 'tenant.renamed' WHERE tenant_id = '35.73' AND seq = 1");
    await db.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
    const bad = await balai("audit", "verify");
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/35\.73: TAMPERED at entry 1/);

    const valid = await balai("catalog", "validate", "catalog");
    expect(lastLine(valid.out)).toMatch(/^catalog catalog: valid, \d+ services/);
  }, 300_000);

  it("reports an unknown command and prints the help", async () => {
    const unknown = await balai("tenant", "rename");
    expect(unknown).toEqual({ code: 2, out: "error: unknown command: tenant rename" });
    const help = await balai("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^balai — Balai platform command line/);
    expect(lastLine(help.out)).toBe("The last line a command prints is its result.");
  });
});

// One real `balai` process as a smoke test of the wiring (configuration, store lock, error text on stderr, exit code).
// It fails before opening the store, but starting Node and loading the sources take seconds on a busy machine.
describe("balai (one real process)", () => {
  it("refuses a store in use with exit code 2", async () => {
    fs.writeFileSync(path.join(dataDir, "balai.lock"), String(process.pid));
    const busy = await balaiProcess({ BALAI_DATA_DIR: dataDir, BALAI_DEMO: "1", DATABASE_URL: "", LOG_LEVEL: "silent" }, "migrate");
    expect(busy.code).toBe(2);
    expect(busy.out).toMatch(/in use by process/);
    fs.rmSync(path.join(dataDir, "balai.lock"));
  }, 300_000);
});
