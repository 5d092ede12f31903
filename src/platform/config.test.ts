import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { configProblems } from "../../test/helpers.ts";
import { defaultAdapters } from "./notify.ts";

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
    expect(
      loadConfig({
        NODE_ENV: "production",
        BALAI_CA_SECRET: "s3cret",
        BALAI_DEMO: "1",
        BALAI_PUBLIC_URL: "https://layanan.palembang.go.id",
        BALAI_PHONE_SIGNUP: "0",
      }).devOutbox,
    ).toBe(false);
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
        BALAI_PUBLIC_URL: "https://layanan.palembang.go.id",
        BALAI_PHONE_SIGNUP: "0",
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

const PROD = { NODE_ENV: "production", BALAI_CA_SECRET: "s3cret-ca", BALAI_PUBLIC_URL: "https://layanan.palembang.go.id" };
const WA = { BALAI_WHATSAPP_PHONE_NUMBER_ID: "106540352242922", BALAI_WHATSAPP_TOKEN: "EAAtoken" };
const problemsOf = configProblems;

describe("messaging configuration", () => {
  it("production refuses to start with phone sign-up on and no SMS or WhatsApp adapter", () => {
    expect(problemsOf(PROD)).toMatch(/phone sign-up is on .* no SMS or WhatsApp adapter/);
    expect(problemsOf({ ...PROD, BALAI_PHONE_SIGNUP: "0" })).toBe("");
    expect(problemsOf({ ...PROD, ...WA })).toBe("");
    expect(problemsOf({ ...PROD, BALAI_ZENZIVA_USERKEY: "u", BALAI_ZENZIVA_PASSKEY: "p" })).toBe("");
    expect(problemsOf({ ...PROD, BALAI_SMS_URL: "https://sms.kota.go.id/send?to={to}&text={text}" })).toBe("");
    // Development keeps the recording adapter.
    expect(problemsOf({ NODE_ENV: "development" })).toBe("");
  });

  it("production needs an absolute BALAI_PUBLIC_URL for links in messages", () => {
    expect(problemsOf({ ...PROD, ...WA, BALAI_PUBLIC_URL: "" })).toMatch(/BALAI_PUBLIC_URL must be set in production/);
    expect(problemsOf({ ...PROD, ...WA, BALAI_PUBLIC_URL: "layanan.palembang.go.id" })).toMatch(/absolute http\(s\) URL/);
    expect(loadConfig({ ...PROD, ...WA, BALAI_PUBLIC_URL: "https://layanan.palembang.go.id/" }).publicUrl).toBe("https://layanan.palembang.go.id");
  });

  it("lists every bad messaging variable", () => {
    const msg = problemsOf({
      BALAI_WHATSAPP_PHONE_NUMBER_ID: "abc",
      BALAI_WHATSAPP_API_VERSION: "21",
      BALAI_ZENZIVA_USERKEY: "u",
      BALAI_SMS_URL: "https://sms.kota.go.id/send",
      BALAI_NOTIFY_TIMEOUT_MS: "5",
      BALAI_PHONE_CHANNEL: "pigeon",
    });
    for (const p of [
      /BALAI_WHATSAPP_PHONE_NUMBER_ID must be the numeric/,
      /BALAI_WHATSAPP_TOKEN must be set/,
      /BALAI_WHATSAPP_API_VERSION must look like v21.0/,
      /either BALAI_ZENZIVA_USERKEY\/PASSKEY or BALAI_SMS_URL/,
      /BALAI_ZENZIVA_USERKEY and BALAI_ZENZIVA_PASSKEY must both be set/,
      /BALAI_NOTIFY_TIMEOUT_MS must be an integer/,
      /BALAI_PHONE_CHANNEL must be sms or whatsapp/,
    ])
      expect(msg).toMatch(p);
    expect(problemsOf({ BALAI_SMS_URL: "https://sms.kota.go.id/send?to={to}" })).toMatch(/must contain \{to\} and \{text\}/);
    expect(problemsOf({ BALAI_SMS_URL: "https://x/{to}/{text}", BALAI_SMS_HEADERS: "[1]" })).toMatch(/BALAI_SMS_HEADERS must be a JSON object/);
  });

  it("routes phone messages to the configured adapters", () => {
    const zen = { BALAI_ZENZIVA_USERKEY: "u", BALAI_ZENZIVA_PASSKEY: "p" };
    const names = (env: Record<string, string>) => {
      const c = loadConfig(env);
      const a = defaultAdapters({ mailFrom: c.mailFrom, notify: c.notify });
      return [a.email.name, a.sms.name, a.whatsapp.name];
    };
    expect(names({})).toEqual(["recording", "recording", "recording"]);
    expect(names(zen)).toEqual(["recording", "zenziva", "zenziva"]);
    expect(names(WA)).toEqual(["recording", "whatsapp-cloud", "whatsapp-cloud"]);
    expect(names({ ...zen, ...WA })).toEqual(["recording", "zenziva", "whatsapp-cloud"]);
    expect(names({ ...zen, ...WA, BALAI_PHONE_CHANNEL: "whatsapp" })).toEqual(["recording", "whatsapp-cloud", "whatsapp-cloud"]);
    expect(names({ BALAI_SMS_URL: "https://sms.kota.go.id/send?to={to}&text={text}" })).toEqual(["recording", "http-sms", "http-sms"]);
  });
});
