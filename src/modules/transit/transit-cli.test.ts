import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatCliError, UsageError } from "../../platform/usage.ts";
import { type Db, openDb } from "../../platform/db.ts";
import { MALANG, openTestDb } from "../../../test/helpers.ts";
import { importFeedFile } from "./cli.ts";
import { zipFiles } from "./demo.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE_DIR = path.join(ROOT, "test/fixtures/gtfs/sample-feed-1");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-transit-cli-"));
const good = path.join(dir, "sample.zip");
const bad = path.join(dir, "broken.zip");

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(SAMPLE_DIR)) if (f.endsWith(".txt")) files[f] = fs.readFileSync(path.join(SAMPLE_DIR, f), "utf8");
  fs.writeFileSync(good, await zipFiles(files));
  fs.writeFileSync(bad, await zipFiles({ ...files, "trips.txt": files["trips.txt"].replace("AB,FULLW,AB1", "ZZ,FULLW,AB1") }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the command's function as `balai transit import` does, collecting what it prints and the error text it would print. */
async function transitImport(db: Db, file: string, tenant?: string) {
  const lines: string[] = [];
  try {
    await importFeedFile(db, file, tenant, (l) => lines.push(l));
    return { ok: true, out: lines.join("\n") };
  } catch (err) {
    const text = formatCliError(err);
    if (text === null) throw err;
    return { ok: false, out: [...lines, text].join("\n"), err };
  }
}

describe("balai transit import (in-process, on this file's store)", () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("imports a GTFS zip with progress, and reports a bad one by file and line without changing the network", async () => {
    const ok = await transitImport(db, good, MALANG);
    expect(ok.ok).toBe(true);
    expect(ok.out).toMatch(/stop_times\.txt\s+28 rows/);
    expect(ok.out.split("\n").at(-1)).toMatch(
      /^imported GTFS feed "Demo Transit Authority" into 35\.73 as version 1: 5 routes, 9 stops, 11 trips, 28 stop times, 0 shapes/,
    );

    const refused = await transitImport(db, bad, MALANG);
    expect(refused.ok).toBe(false);
    expect(refused.out).toContain("error: gtfs-invalid");
    expect(refused.out).toContain("trips.txt:2:route_id: route_id ZZ is not in routes.txt");

    const again = await transitImport(db, good, MALANG);
    expect(again.out.split("\n").at(-1)).toMatch(/into 35\.73 as version 2:/);
  });

  it("refuses a missing file and an unknown tenant with a usage error", async () => {
    const missing = await transitImport(db, path.join(dir, "missing.zip"), MALANG);
    expect(missing.err).toBeInstanceOf(UsageError);
    expect(missing.out).toBe(`error: no such file: ${path.join(dir, "missing.zip")}`);
    const unknown = await transitImport(db, good, "99.99");
    expect(unknown.err).toBeInstanceOf(UsageError);
    expect(unknown.out).toBe("error: unknown tenant 99.99");
  });

  it("uses the default tenant when --tenant is not given", async () => {
    const r = await transitImport(db, good);
    expect(r.out.split("\n").at(-1)).toMatch(/into 16\.71 as version \d+:/);
  });
});

// One real `balai` process as a smoke test of the wiring (argument parsing, store, exit codes). Starting Node, loading
// the sources and opening the embedded store take seconds and far longer on a busy machine: hence the generous timeout.
describe.runIf(inject("store").kind === "pglite")("balai transit import (one real process)", () => {
  const dataDir = path.join(dir, "data");
  beforeAll(async () => {
    const store = inject("store");
    if (store.kind !== "pglite") return;
    const db = await openDb({ dataDir, loadDump: new Blob([fs.readFileSync(store.dumpFile)]) });
    await db.close();
  }, 300_000);

  it("prints the result as its last line and exits 0", async () => {
    const env = { ...process.env, BALAI_DATA_DIR: dataDir, BALAI_DEMO: "0", DATABASE_URL: "", LOG_LEVEL: "silent" };
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/balai.js", "transit", "import", good, "--tenant", MALANG], { env, cwd: ROOT });
    expect(stdout.trim().split("\n").at(-1)).toMatch(/^imported GTFS feed "Demo Transit Authority" into 35\.73 as version 1:/);
  }, 300_000);
});
