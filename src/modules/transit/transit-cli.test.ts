import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { zipFiles } from "./demo.ts";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-transit-cli-"));
const env = { ...process.env, BALAI_DATA_DIR: dataDir, BALAI_DEMO: "0", DATABASE_URL: "", LOG_LEVEL: "silent" };
const SAMPLE_DIR = path.resolve(import.meta.dirname, "../../../test/fixtures/gtfs/sample-feed-1");

async function balai(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/balai.js", ...args], { env, cwd: path.resolve(import.meta.dirname, "../../..") });
    return { code: 0, out: `${stdout}${stderr}`.trim() };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}`.trim() };
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("balai transit import", () => {
  it("imports a GTFS zip with progress, and reports a bad one by file and line without changing the network", async () => {
    const files: Record<string, string> = {};
    for (const f of fs.readdirSync(SAMPLE_DIR)) if (f.endsWith(".txt")) files[f] = fs.readFileSync(path.join(SAMPLE_DIR, f), "utf8");
    const good = path.join(dataDir, "sample.zip");
    fs.writeFileSync(good, await zipFiles(files));
    const bad = path.join(dataDir, "broken.zip");
    fs.writeFileSync(bad, await zipFiles({ ...files, "trips.txt": files["trips.txt"].replace("AB,FULLW,AB1", "ZZ,FULLW,AB1") }));

    expect((await balai("tenant", "create", "--region", "35.73", "--default")).code).toBe(0);
    const ok = await balai("transit", "import", good);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/stop_times\.txt\s+28 rows/);
    expect(ok.out.split("\n").at(-1)).toMatch(
      /^imported GTFS feed "Demo Transit Authority" into 35\.73 as version 1: 5 routes, 9 stops, 11 trips, 28 stop times, 0 shapes/,
    );

    const refused = await balai("transit", "import", bad);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain("error: gtfs-invalid");
    expect(refused.out).toContain("trips.txt:2:route_id: route_id ZZ is not in routes.txt");
    expect((await balai("transit", "import", path.join(dataDir, "missing.zip"))).out).toMatch(/no such file/);
    const again = await balai("transit", "import", good);
    expect(again.out.split("\n").at(-1)).toMatch(/as version 2:/);
  });
});
