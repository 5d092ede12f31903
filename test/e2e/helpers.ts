/**
 * Browser-test helpers: run the real Balai server as a child process on a free port with a throw-away
 * data directory, and drive Chromium through playwright-core.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEMO_PASSWORD = "Balai-Demo-2026";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface TestServer {
  url: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A TCP port nobody listens on now (the server, or Chromium's remote debugging for Lighthouse). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-e2e-"));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "bin/balai.js"), "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      BALAI_DATA_DIR: dataDir,
      BALAI_COOKIE_SECURE: "0",
      BALAI_AUTH_RATE_LIMIT: "1000",
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out = (out + d).slice(-20_000);
  });
  child.stderr?.on("data", (d) => {
    out = (out + d).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  // A first start migrates and seeds the demo city; on a loaded machine give it longer (BALAI_E2E_START_SECONDS).
  const deadline = Date.now() + Number(process.env.BALAI_E2E_START_SECONDS ?? 300) * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** What a browser-test file drives: the server it started (or was pointed at) and one Chromium. */
export interface BrowserTests {
  readonly server: TestServer;
  readonly browser: Browser;
}

/**
 * The one setup of a browser-test file: starts the server (with `env` on top of the test defaults, or drives the one
 * already running at `url`) and Chromium before the file's tests, and stops both after them. Call it at the top of
 * the file; its handles are there from the first `beforeAll` the file registers after it.
 */
export function setupBrowserTests(opts: { env?: Record<string, string>; url?: string } = {}): BrowserTests {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = opts.url ? { url: opts.url, dataDir: "", output: () => "", stop: async () => {} } : await startServer(opts.env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const ready = <T>(what: string, v: T | undefined): T => {
    if (v === undefined) throw new Error(`the browser tests' ${what} is not started yet: use it inside a test or a later beforeAll`);
    return v;
  };
  return {
    get server() {
      return ready("server", server);
    },
    get browser() {
      return ready("browser", browser);
    },
  };
}

export const MOBILE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** A fresh browser context. `bypassCSP` is only for injecting axe-core; functional tests keep the real CSP. */
export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP, opts: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport, locale: "id-ID", timezoneId: "Asia/Jakarta", bypassCSP: !!opts.bypassCSP });
}

/** Log in through the UI. */
export async function uiLogin(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto("/masuk");
  await page.getByLabel("Email atau nomor HP").fill(identifier);
  await page.getByLabel("Kata sandi", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
}

export interface OutboxMessage {
  recipient: string | null;
  body: string;
  createdAt: string;
}

const adminCookies = new Map<string, string>();

/** The demo Kominfo admin's session cookie on a test server: the developer outbox answers only a Kominfo admin. */
async function adminCookie(baseURL: string): Promise<string> {
  const known = adminCookies.get(baseURL);
  if (known) return known;
  const res = await fetch(`${baseURL}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: "admin@palembang.go.id", password: DEMO_PASSWORD }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => /^(__Host-)?balai_sid=./.test(c));
  if (!res.ok || !cookie) throw new Error(`admin login for the outbox failed: ${res.status}`);
  adminCookies.set(baseURL, cookie);
  return cookie;
}

/** The newest 6-digit code sent to a recipient, read from the developer outbox API as the demo Kominfo admin. */
export async function latestCode(baseURL: string, recipient: string): Promise<string> {
  const cookie = await adminCookie(baseURL);
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${baseURL}/api/dev/outbox`, { headers: { cookie } });
    if (!res.ok) throw new Error(`developer outbox: ${res.status} ${await res.text()}`);
    const list = (await res.json()) as OutboxMessage[];
    const msg = list.filter((m) => m.recipient?.toLowerCase() === recipient.toLowerCase()).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const code = msg?.body.match(/\b\d{6}\b/)?.[0];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no code in the outbox for ${recipient}`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Run axe-core on the current page; returns serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: path.join(ROOT, "node_modules/axe-core/axe.min.js") });
  const result = (await page.evaluate(async () => {
    // axe is injected at runtime (the script tag above): the page's window has it, the DOM types do not.
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } };
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
  })) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export const describeViolations = (vs: AxeViolation[]) =>
  vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`).join("\n");

/** Does the page scroll sideways? */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Fails the test with axe's serious and critical violations of the current page, if any. */
/** axe finds nothing serious and the page does not scroll sideways (the check every phone screen gets). */
export async function expectUsable(page: Page, what: string): Promise<void> {
  const v = await axeSerious(page);
  expect(v, `${what}:\n${describeViolations(v)}`).toEqual([]);
  expect(await hasHorizontalScroll(page), `${what}: scrolls sideways`).toBe(false);
}

export async function expectAccessible(page: Page, what = ""): Promise<void> {
  const v = await axeSerious(page);
  if (v.length) throw new Error(`${what ? `${what}: ` : ""}accessibility violations:\n${describeViolations(v)}`);
}

/** A signed-in API client (session cookie + CSRF token) for the parts of a test that are not about the UI. */
export interface ApiSession {
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the endpoint answers
  call<T = any>(method: string, url: string, body?: unknown): Promise<T>;
  /** POST multipart `file`; expects 201 `{ id }`. */
  upload(url: string, file: { bytes: string | Buffer; name: string; type: string }): Promise<{ id: string }>;
  /** GET with the session cookie, the raw response. */
  raw(url: string): Promise<Response>;
}

export async function apiSession(baseUrl: string, identifier: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${identifier} failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return {
    async call(method, url, body) {
      const isForm = body instanceof FormData;
      const r = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { cookie, "x-csrf-token": csrfToken, ...(body !== undefined && !isForm ? { "content-type": "application/json" } : {}) },
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${url} → ${r.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async upload(url, file) {
      const form = new FormData();
      form.append("file", new Blob([typeof file.bytes === "string" ? file.bytes : new Uint8Array(file.bytes)], { type: file.type }), file.name);
      const r = await fetch(`${baseUrl}${url}`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken }, body: form });
      if (r.status !== 201) throw new Error(`upload ${url} → ${r.status}: ${await r.text()}`);
      return (await r.json()) as { id: string };
    },
    raw: (url) => fetch(`${baseUrl}${url}`, { headers: { cookie } }),
  };
}
