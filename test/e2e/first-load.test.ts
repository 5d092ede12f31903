import lighthouse from "lighthouse";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM, freePort, MOBILE, setupBrowserTests } from "./helpers.ts";
import { citizenPages, citizenWithDraft, landedElsewhere, setSignedIn } from "./lighthouse-pages.ts";
import { chromium } from "playwright-core";

/**
 * What the citizen's first visit costs, in figures that do not depend on the machine's speed: the compressed
 * JavaScript each citizen page loads (budget 150 KB, issue 14), and Lighthouse's accessibility (100) and best
 * practices (≥ 95) on the mobile profile. Of performance, only what does not depend on the CPU is asserted: no
 * render-blocking request, and on the pages prerendered with their heading (web/shell.tsx) the largest contentful
 * paint is text the server's HTML already holds. The score and its metrics are printed; `npm run lighthouse`
 * measures them properly (several runs, medians).
 * BALAI_E2E_URL measures a demo server already running there.
 */
const t = setupBrowserTests(process.env.BALAI_E2E_URL ? { url: process.env.BALAI_E2E_URL } : {});
const BUDGET_KB = 150;
/**
 * Known to be over the budget, with the figure it must not grow past. Leave an entry out once the page is under the
 * budget (/laporan left it: its map mounts when it comes into view, below the list on a phone).
 */
const OVER_BUDGET_KB: Record<string, number> = {};

/** The pages whose prerendered HTML holds their heading and lead (web/shell.tsx SHELLS with `page: true`). */
const PRERENDERED = new Set(["/", "/layanan", "/laporan", "/harga"]);

/** The page's text as the server sends it, comments (React's text separators) and tags out, spaces collapsed. */
async function htmlText(url: string, cookie?: string): Promise<string> {
  const html = await (await fetch(url, { headers: cookie ? { cookie } : {} })).text();
  const body = html.slice(html.indexOf("<body"));
  return body
    .replace(/<!--.*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

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
  expect(new URL(page.url()).pathname, `${path} stays on its page`).toBe(path);
  const sizes = await Promise.all(scripts);
  await context.close();
  return { total: sizes.reduce((n, [, b]) => n + b, 0), files: sizes.map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`) };
}

describe("the citizen's first load", () => {
  it(`loads at most ${BUDGET_KB} KB of compressed JavaScript on each citizen page`, async () => {
    const { cookie, form } = await citizenWithDraft(t.server.url);
    const over: string[] = [];
    for (const { path, signedIn } of citizenPages(form)) {
      const { total, files } = await scriptBytes(t.browser, t.server.url, path, signedIn ? cookie : undefined);
      expect(files.length, path).toBeGreaterThan(0);
      console.log(`${path}: ${(total / 1024).toFixed(1)} KB of JavaScript`);
      if (total > (OVER_BUDGET_KB[path] ?? BUDGET_KB) * 1024) over.push(`${path}: ${(total / 1024).toFixed(1)} KB\n  ${files.join("\n  ")}`);
    }
    expect(over, "pages over the first-load budget").toEqual([]);
  });

  it("scores accessibility 100 and best practices ≥ 95 in Lighthouse (mobile) on each citizen page, painting from the HTML", async () => {
    const { cookie, form } = await citizenWithDraft(t.server.url);
    const port = await freePort();
    // Lighthouse drives a Chromium of its own over the DevTools protocol.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: [`--remote-debugging-port=${port}`, "--no-sandbox"] });
    const missed: string[] = [];
    try {
      for (const { path, signedIn } of citizenPages(form)) {
        await setSignedIn(browser, t.server.url, signedIn ? cookie : null);
        const result = await lighthouse(
          t.server.url + path,
          {
            port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["accessibility", "best-practices", "performance"],
          },
          undefined,
        );
        const lhr = result?.lhr;
        // The page measured is the page asked for (a signed-in page that redirects to sign in is not measured).
        expect(lhr && landedElsewhere(lhr, path), path).toBeNull();
        const a11y = Math.round((lhr?.categories.accessibility?.score ?? 0) * 100);
        const practices = Math.round((lhr?.categories["best-practices"]?.score ?? 0) * 100);
        const metric = (id: string) => lhr?.audits[id]?.numericValue ?? Number.NaN;
        console.log(
          `${path}: accessibility ${a11y}, best practices ${practices}; performance ${Math.round((lhr?.categories.performance?.score ?? 0) * 100)} ` +
            `(FCP ${Math.round(metric("first-contentful-paint"))} ms, LCP ${Math.round(metric("largest-contentful-paint"))} ms, ` +
            `TBT ${Math.round(metric("total-blocking-time"))} ms, CLS ${metric("cumulative-layout-shift").toFixed(3)}; this machine's speed)`,
        );
        if (a11y < 100 || practices < 95) {
          const failed = Object.values(lhr?.audits ?? {})
            .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
            .map((a) => a.id);
          missed.push(`${path}: accessibility ${a11y}, best practices ${practices} (${failed.join(", ")})`);
        }
        // The first paint waits for no stylesheet or script: the entry's style is inlined, the scripts are modules.
        const blocking = (lhr?.audits["render-blocking-insight"]?.details as { items?: { url?: string }[] } | undefined)?.items ?? [];
        if (blocking.length) missed.push(`${path}: render-blocking ${blocking.map((b) => b.url).join(", ")}`);
        // The largest contentful paint is in the HTML, so it does not wait for the JavaScript.
        if (PRERENDERED.has(path)) {
          type LcpDetails = { items?: { items?: { node?: { nodeLabel?: string } }[] }[] };
          const lcp = (lhr?.audits["largest-contentful-paint-element"]?.details as LcpDetails | undefined)?.items?.[0]?.items?.[0]?.node?.nodeLabel;
          const text = (lcp ?? "").replace(/…$/, "").replace(/\s+/g, " ").trim().slice(0, 40);
          // Lighthouse does not always name the element (a busy machine's trace can lack it): then only printed.
          if (!text) console.log(`${path}: Lighthouse named no largest-contentful-paint element`);
          else if (!(await htmlText(t.server.url + path, signedIn ? cookie : undefined)).includes(text))
            missed.push(`${path}: the largest contentful paint "${lcp}" is not in the server's HTML`);
        }
      }
    } finally {
      await browser.close();
    }
    expect(missed).toEqual([]);
  }, 600_000);
});
