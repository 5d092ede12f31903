import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/platform/db.ts";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-cli-"));
const env = { ...process.env, BALAI_DATA_DIR: dataDir, BALAI_DEMO: "1", DATABASE_URL: "", LOG_LEVEL: "silent" };

async function balai(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ["bin/balai.js", ...args], { env, cwd: path.resolve(import.meta.dirname, "../..") });
    return { code: 0, out: stdout.trim() };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}`.trim() };
  }
}
const lastLine = (s: string) => s.split("\n").at(-1);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("balai CLI on the embedded store", () => {
  it("creates tenants with their real regions, verifies and detects a tampered audit chain, and refuses a store in use", async () => {
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

    const db = await openDb({ dataDir });
    await db.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await db.query("UPDATE audit_log SET action = 'tenant.renamed' WHERE tenant_id = '35.73' AND seq = 1");
    await db.close();
    const bad = await balai("audit", "verify");
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/35\.73: TAMPERED at entry 1/);

    const valid = await balai("catalog", "validate", "catalog");
    expect(lastLine(valid.out)).toMatch(/^catalog catalog: valid, \d+ services/);

    fs.writeFileSync(path.join(dataDir, "balai.lock"), String(process.pid));
    const busy = await balai("migrate");
    expect(busy.code).toBe(2);
    expect(busy.out).toMatch(/in use by process/);
    fs.rmSync(path.join(dataDir, "balai.lock"));
  }, 180_000);
});
