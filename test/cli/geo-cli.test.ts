import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/platform/db.ts";
import { initModules } from "../../src/server.ts";
import { openTestDb, testConfig } from "../helpers.ts";
import { balaiProcess, cliOn, lastLine } from "./in-process.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-geo-cli-"));
const square = (lat: number, lon: number, h = 0.004) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon - h, lat - h],
      [lon + h, lat - h],
      [lon + h, lat + h],
      [lon - h, lat + h],
      [lon - h, lat - h],
    ],
  ],
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// The commands run in-process on this file's copy of the test store (Kota Malang 35.73 is provisioned there).
describe("balai regions boundaries import / apikey (in-process)", () => {
  let db: Db;
  let balai: ReturnType<typeof cliOn>;
  beforeAll(async () => {
    db = await openTestDb();
    initModules();
    balai = cliOn(db, testConfig({ BALAI_DATA_DIR: dataDir }));
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it("imports a GeoJSON file into a tenant and reports unmatched features; rejects bad files", async () => {
    const file = path.join(dataDir, "malang.geojson");
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: { KDEPUM: "35.73.02.1001" }, geometry: square(-7.98, 112.63) },
          { type: "Feature", properties: { NAMOBJ: "ARJOSARI" }, geometry: square(-7.93, 112.65) },
          { type: "Feature", properties: { NAMOBJ: "Atlantis" }, geometry: square(-7.95, 112.6) },
        ],
      }),
    );
    const ok = await balai("regions", "boundaries", "import", file, "--tenant", "35.73");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/unmatched: Atlantis/);
    expect(lastLine(ok.out)).toBe("imported 2 kelurahan boundaries, 1 unmatched");

    const bad = path.join(dataDir, "bad.geojson");
    fs.writeFileSync(bad, JSON.stringify({ type: "Feature" }));
    const refused = await balai("regions", "boundaries", "import", bad, "--tenant", "35.73");
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/invalid-geojson.*FeatureCollection/);
    fs.writeFileSync(bad, "not json");
    expect((await balai("regions", "boundaries", "import", bad, "--tenant", "35.73")).out).toMatch(/cannot read/);
    expect((await balai("regions", "boundaries", "import", file, "--tenant", "99.99")).out).toMatch(/unknown tenant/);
  });

  it("creates, lists and revokes API keys; the key is the last line", async () => {
    const created = await balai("apikey", "create", "--name", "Warga Pintar", "--scope", "open311", "--tenant", "35.73");
    expect(created.code).toBe(0);
    const key = lastLine(created.out) as string;
    expect(key).toMatch(/^balai_[A-Za-z0-9_-]{32}$/);
    const id = /created API key ([0-9a-f-]{36})/.exec(created.out)?.[1] as string;
    const list = await balai("apikey", "list", "--tenant", "35.73");
    expect(list.out).toContain(`${id}\t${key.slice(0, 12)}…\tWarga Pintar\topen311\tactive`);
    expect(list.out).not.toContain(key);
    expect((await balai("apikey", "create", "--name", "X", "--scope", "everything", "--tenant", "35.73")).out).toMatch(/unknown scope everything/);
    expect((await balai("apikey", "create", "--scope", "open311", "--tenant", "35.73")).code).toBe(2);
    const revoked = await balai("apikey", "revoke", id, "--tenant", "35.73");
    expect(lastLine(revoked.out)).toBe(`revoked API key ${key.slice(0, 12)}… (Warga Pintar) in 35.73`);
    expect(lastLine((await balai("apikey", "list", "--tenant", "35.73")).out)).toBe("1 API keys in 35.73");
  });
});

// One real `balai` process as a smoke test of the command's wiring: a file that is not JSON is refused before the
// store is opened (error text on stderr, exit code 2). Starting Node takes seconds on a busy machine.
describe("balai regions boundaries import (one real process)", () => {
  it("refuses a file that is not GeoJSON with exit code 2", async () => {
    const bad = path.join(dataDir, "not-json.geojson");
    fs.writeFileSync(bad, "not json");
    const env = { BALAI_DATA_DIR: dataDir, BALAI_DEMO: "0", DATABASE_URL: "", LOG_LEVEL: "silent" };
    const r = await balaiProcess(env, "regions", "boundaries", "import", bad, "--tenant", "35.73");
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^error: cannot read .*not-json\.geojson as GeoJSON: /);
  }, 300_000);
});
