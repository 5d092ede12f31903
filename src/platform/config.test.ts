import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("BALAI_DEV_OUTBOX", () => {
  it("is on with the demo (the default) outside production, off without it, and follows an explicit value", () => {
    expect(loadConfig({ NODE_ENV: "development" }).devOutbox).toBe(true);
    expect(loadConfig({ BALAI_DEMO: "1" }).devOutbox).toBe(true);
    expect(loadConfig({ BALAI_DEMO: "0" }).devOutbox).toBe(false);
    expect(loadConfig({ BALAI_DEMO: "0", BALAI_DEV_OUTBOX: "1" }).devOutbox).toBe(true);
    expect(loadConfig({ BALAI_DEMO: "1", BALAI_DEV_OUTBOX: "0" }).devOutbox).toBe(false);
    // Production: off even with the demo data.
    expect(loadConfig({ NODE_ENV: "production", BALAI_CA_SECRET: "s3cret", BALAI_DEMO: "1" }).devOutbox).toBe(false);
  });

  it("refuses NODE_ENV=production with the outbox switched on, listing the problem beside the others", () => {
    const load = () => loadConfig({ NODE_ENV: "production", BALAI_DEV_OUTBOX: "1", PORT: "x" });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/BALAI_DEV_OUTBOX must be 0 with NODE_ENV=production/);
    expect(load).toThrow(/PORT must be an integer/);
    expect(load).toThrow(/BALAI_CA_SECRET must be set in production/);
  });

  it("stops `balai start` before it opens a store or a port", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-config-"));
    try {
      const env = {
        ...process.env,
        NODE_ENV: "production",
        BALAI_DEV_OUTBOX: "1",
        BALAI_CA_SECRET: "s3cret",
        BALAI_DATA_DIR: dataDir,
        PORT: "0",
        DATABASE_URL: "",
      };
      const err = await run(process.execPath, ["bin/balai.js", "start"], { env, cwd: ROOT }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err?.code).toBe(2);
      expect(err?.stderr).toMatch(/^error: Invalid configuration:\n- BALAI_DEV_OUTBOX must be 0 with NODE_ENV=production/);
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
