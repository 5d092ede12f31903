import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-geo-cli-"));
const env = { ...process.env, BALAI_DATA_DIR: dataDir, BALAI_DEMO: "0", DATABASE_URL: "", LOG_LEVEL: "silent" };

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

describe("balai regions boundaries import / apikey", () => {
  it("imports a GeoJSON file into a tenant and reports unmatched features; rejects bad files", async () => {
    expect((await balai("tenant", "create", "--region", "35.73")).code).toBe(0);
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
  }, 180_000);

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
  }, 120_000);
});
