/**
 * `balai oidc client create|list|revoke` and `oidc keys rotate` (in-process on this file's copy of the test store):
 * the client is printed as JSON with client_secret last, only for a registered application; the app is found by
 * the redirect URI's origin when --app is left out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerApp } from "../../src/modules/registry/index.ts";
import type { Db } from "../../src/platform/db.ts";
import { initModules } from "../../src/server.ts";
import { openTestDb, PALEMBANG, testConfig } from "../helpers.ts";
import { cliOn, lastLine } from "./in-process.ts";

describe("balai oidc (in-process)", () => {
  let db: Db;
  let balai: ReturnType<typeof cliOn>;
  beforeAll(async () => {
    db = await openTestDb();
    initModules();
    balai = cliOn(db, testConfig());
    await registerApp(db, PALEMBANG, { key: "e-kinerja", name: "e-Kinerja", url: "https://ekinerja.palembang.go.id" }, null);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("creates a client for a registered app and prints it as JSON, client_secret last", async () => {
    const r = await balai(
      "oidc",
      "client",
      "create",
      "--name",
      "e-Kinerja",
      "--redirect-uri",
      "https://ekinerja.palembang.go.id/callback",
      "--tenant",
      PALEMBANG,
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.slice(r.out.indexOf("{"))) as Record<string, unknown>;
    expect(json.appKey).toBe("e-kinerja");
    expect(json.redirectUris).toEqual(["https://ekinerja.palembang.go.id/callback"]);
    expect(Object.keys(json).slice(-2)).toEqual(["client_id", "client_secret"]);
    expect(lastLine(r.out)).toBe("}");

    const list = await balai("oidc", "client", "list", "--tenant", PALEMBANG);
    expect(list.out).toContain(json.client_id as string);
    const revoke = await balai("oidc", "client", "revoke", json.client_id as string, "--tenant", PALEMBANG);
    expect(revoke.code).toBe(0);
    expect(lastLine(revoke.out)).toMatch(/^revoked OIDC client/);
  }, 60_000);

  it("refuses an app that is not in the registry, and a redirect URI no registered app has", async () => {
    const unknown = await balai(
      "oidc",
      "client",
      "create",
      "--name",
      "X",
      "--redirect-uri",
      "https://x.example.com/cb",
      "--app",
      "liar",
      "--tenant",
      PALEMBANG,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/app-not-registered/);
    const noApp = await balai("oidc", "client", "create", "--name", "X", "--redirect-uri", "https://x.example.com/cb", "--tenant", PALEMBANG);
    expect(noApp.code).toBe(2);
    expect(noApp.out).toMatch(/no registered application has the origin https:\/\/x\.example\.com/);
    const missing = await balai("oidc", "client", "create", "--name", "X");
    expect(missing.code).toBe(2);
  }, 60_000);

  it("rotates the signing key", async () => {
    const r = await balai("oidc", "keys", "rotate", "--tenant", PALEMBANG);
    expect(r.code).toBe(0);
    expect(lastLine(r.out)).toMatch(/^sig-/);
  }, 60_000);
});
