import lighthouse from "lighthouse";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM, DEMO_PASSWORD, freePort, MOBILE, setupBrowserTests } from "./helpers.ts";
import { chromium } from "playwright-core";

/**
 * What the citizen's first visit costs, in figures that do not depend on the machine's speed: the compressed
 * JavaScript each citizen page loads (budget 150 KB, issue 14), and Lighthouse's accessibility (100) and best
 * practices (≥ 95) on the mobile profile. Performance is reported by `npm run lighthouse`, never asserted here.
 * BALAI_E2E_URL measures a demo server already running there.
 */
const t = setupBrowserTests(process.env.BALAI_E2E_URL ? { url: process.env.BALAI_E2E_URL } : {});
const BUDGET_KB = 150;
/**
 * Known to be over the budget, with the figure it must not grow past. Leave an entry out once the page is under the
 * budget (/laporan left it: its map mounts when it comes into view, below the list on a phone).
 */
const OVER_BUDGET_KB: Record<string, number> = {};

/** A signed-in demo citizen's cookie and a fresh application draft (the form is measured on it). */
async function citizen(url: string): Promise<{ cookie: string; form: string }> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: "warga@example.com", password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith("balai_sid=")) ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const draft = await fetch(`${url}/api/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ service: "surat-keterangan-usaha", resume: true }),
  });
  const { id } = (await draft.json()) as { id: string };
  return { cookie, form: `/permohonan/${id}` };
}

/** The pages of issue 14: path, and whether it is measured signed in. */
const pages = (form: string): [string, boolean][] => [
  ["/", false],
  ["/layanan", false],
  ["/layanan/surat-keterangan-usaha", false],
  [form, true],
  ["/lapor", true],
  ["/laporan", false],
  ["/harga", false],
];

/** Compressed bytes of every script a fresh phone loads for a page, until the network is idle (no service worker). */
async function scriptBytes(browser: Browser, baseURL: string, path: string, cookie?: string): Promise<{ total: number; files: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: MOBILE, locale: "id-ID", serviceWorkers: "block" });
  if (cookie) {
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: baseURL }]);
  }
  const page = await context.newPage();
  const scripts: Promise<[string, number]>[] = [];
  page.on("requestfinished", (req) => {
    if (req.resourceType() === "script") scripts.push(req.sizes().then((s) => [new URL(req.url()).pathname, s.responseBodySize] as [string, number]));
  });
  await page.goto(path, { waitUntil: "networkidle" });
  const sizes = await Promise.all(scripts);
  await context.close();
  return { total: sizes.reduce((n, [, b]) => n + b, 0), files: sizes.map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`) };
}

describe("the citizen's first load", () => {
  it(`loads at most ${BUDGET_KB} KB of compressed JavaScript on each citizen page`, async () => {
    const { cookie, form } = await citizen(t.server.url);
    const over: string[] = [];
    for (const [path, signedIn] of pages(form)) {
      const { total, files } = await scriptBytes(t.browser, t.server.url, path, signedIn ? cookie : undefined);
      expect(files.length, path).toBeGreaterThan(0);
      console.log(`${path}: ${(total / 1024).toFixed(1)} KB of JavaScript`);
      if (total > (OVER_BUDGET_KB[path] ?? BUDGET_KB) * 1024) over.push(`${path}: ${(total / 1024).toFixed(1)} KB\n  ${files.join("\n  ")}`);
    }
    expect(over, "pages over the first-load budget").toEqual([]);
  });

  it("scores accessibility 100 and best practices ≥ 95 in Lighthouse (mobile) on each citizen page", async () => {
    const { cookie, form } = await citizen(t.server.url);
    const port = await freePort();
    // Lighthouse drives a Chromium of its own over the DevTools protocol.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: [`--remote-debugging-port=${port}`, "--no-sandbox"] });
    const missed: string[] = [];
    try {
      for (const [path, signedIn] of pages(form)) {
        const result = await lighthouse(
          t.server.url + path,
          { port, output: "json", logLevel: "error", onlyCategories: ["accessibility", "best-practices"], extraHeaders: signedIn ? { cookie } : undefined },
          undefined,
        );
        const lhr = result?.lhr;
        const a11y = Math.round((lhr?.categories.accessibility?.score ?? 0) * 100);
        const practices = Math.round((lhr?.categories["best-practices"]?.score ?? 0) * 100);
        console.log(`${path}: accessibility ${a11y}, best practices ${practices}`);
        if (a11y < 100 || practices < 95) {
          const failed = Object.values(lhr?.audits ?? {})
            .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
            .map((a) => a.id);
          missed.push(`${path}: accessibility ${a11y}, best practices ${practices} (${failed.join(", ")})`);
        }
      }
    } finally {
      await browser.close();
    }
    expect(missed).toEqual([]);
  }, 600_000);
});
