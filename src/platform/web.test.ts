import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAs, MemoryAdapter, openTestDb, PALEMBANG, testConfig } from "../../test/helpers.ts";
import { createPlatform, type Platform } from "../server.ts";

// A tiny built web app, laid out like `vite build` writes it (vite.config.ts adds the .br/.gz siblings).
const dist = fs.mkdtempSync(path.join(os.tmpdir(), "balai-web-"));
const SCRIPT = "/assets/index-B3xq_9Zt.js";
const STYLE = "/assets/index-Cq1w-Aa2.css";
const js = `export const greetings = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `Selamat datang, warga ${i}`))};\n`;
const css = "body{margin:0}\n";
const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Balai</title><script type="module" src="${SCRIPT}"></script><link rel="stylesheet" href="${STYLE}"></head><body><div id="root"></div>${"<!-- padding -->".repeat(100)}</body></html>`;

let p: Platform;
beforeAll(async () => {
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), html);
  fs.writeFileSync(path.join(dist, "index.html.br"), zlib.brotliCompressSync(html));
  fs.writeFileSync(path.join(dist, SCRIPT), js);
  fs.writeFileSync(path.join(dist, `${SCRIPT}.br`), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(dist, `${SCRIPT}.gz`), zlib.gzipSync(js));
  fs.writeFileSync(path.join(dist, STYLE), css);
  fs.writeFileSync(path.join(dist, "favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dist, "sw.js"), "self.addEventListener('fetch', () => {});\n");
  const memory = new MemoryAdapter();
  const adapters = { email: memory, sms: memory, whatsapp: memory };
  p = await createPlatform(testConfig(), await openTestDb(), { adapters, background: false, webDist: dist });
});
afterAll(async () => {
  await p?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => p.app.inject({ method: "GET", url, headers: { "x-balai-tenant": PALEMBANG, ...headers } });

function decode(encoding: unknown, body: Buffer): string {
  if (encoding === "br") return zlib.brotliDecompressSync(body).toString();
  if (encoding === "gzip") return zlib.gunzipSync(body).toString();
  return body.toString();
}

describe("static web app", () => {
  it("serves a hashed script precompressed (br, else gzip) and cached for a year", async () => {
    for (const [accept, encoding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0.5, gzip;q=1", "gzip"],
    ]) {
      const res = await get(SCRIPT, { "accept-encoding": accept });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-encoding"], accept).toBe(encoding);
      expect(res.headers["content-type"]).toMatch(/javascript/);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(decode(res.headers["content-encoding"], res.rawPayload)).toBe(js);
      expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(js) / 3);
    }
    const plain = await get(SCRIPT);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(js);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("caches a hashed stylesheet for a year; unhashed files an hour; the service worker never without revalidation", async () => {
    const style = await get(STYLE, { "accept-encoding": "br" });
    expect(style.headers["content-encoding"]).toBeUndefined(); // too small for the build to compress; not compressed per request either
    expect(style.body).toBe(css);
    expect(style.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await get("/favicon.svg")).headers["cache-control"]).toBe("public, max-age=3600");
    expect((await get("/sw.js")).headers["cache-control"]).toBe("no-cache");
  });

  it("sends the HTML (home, SPA routes, index.html) with no-cache, compressed", async () => {
    for (const url of ["/", "/layanan", "/lacak/ABC-123", "/index.html", "/index.html?v=2"]) {
      const res = await get(url, { "accept-encoding": "br" });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.headers["content-encoding"], url).toBe("br");
      expect(decode("br", res.rawPayload)).toBe(html);
    }
    const plain = await get("/layanan");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(html);
    expect((await get("/layanan", { "accept-encoding": "br;q=0, gzip" })).headers["content-encoding"]).toBe("gzip");
    expect((await get("/layanan", { "accept-encoding": "*" })).headers["content-encoding"]).toBe("br");
    expect((await get("/layanan", { "accept-encoding": "identity, *;q=0" })).headers["content-encoding"]).toBeUndefined();
  });

  it("revalidates the HTML by ETag and serves a rebuilt index.html without a restart", async () => {
    const first = await get("/konsol");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get("/konsol", { "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    const rebuilt = html.replace("<title>Balai</title>", "<title>Balai baru</title>");
    fs.writeFileSync(path.join(dist, "index.html"), rebuilt);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dist, "index.html"), later, later);
    const fresh = await get("/konsol", { "if-none-match": etag });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toBe(rebuilt);
    expect(fresh.headers.etag).not.toBe(etag);
    fs.writeFileSync(path.join(dist, "index.html"), html);
  });

  it("preloads the chunks of a route's screen in its HTML, as the build's route-preloads.json lists them", async () => {
    const chunk = "/assets/Catalog-Dq3v_xY1.js";
    const style = "/assets/Catalog-Bk9x_aa2.css";
    const preloads = { routes: [{ pattern: "^/layanan(/[^/]+)?/?$", files: [chunk, style, "https://evil.example/x.js"] }] };
    fs.writeFileSync(path.join(dist, "route-preloads.json"), JSON.stringify(preloads));
    const touch = (ms: number) => fs.utimesSync(path.join(dist, "index.html"), new Date(ms), new Date(ms));
    touch(Date.now() + 120_000); // a new build: index.html and the list are read again
    try {
      for (const url of ["/layanan", "/layanan/surat-keterangan-usaha?dari=beranda"]) {
        const res = await get(url, { "accept-encoding": "br" });
        const body = decode(res.headers["content-encoding"], res.rawPayload);
        expect(body, url).toContain(`<link rel="modulepreload" crossorigin href="${chunk}">`);
        expect(body, url).toContain(`<link rel="preload" as="style" crossorigin href="${style}">`);
        expect(body, url).not.toContain("evil.example");
      }
      const withLinks = await get("/layanan");
      const home = await get("/");
      expect(home.body).toBe(html);
      expect(withLinks.headers.etag).not.toBe(home.headers.etag);
      expect((await get("/layanan", { "if-none-match": String(withLinks.headers.etag) })).statusCode).toBe(304);
      expect((await get("/layanan-saya")).body).toBe(html);
    } finally {
      fs.rmSync(path.join(dist, "route-preloads.json"));
      touch(Date.now() + 240_000);
    }
  });

  it("paints a page from the HTML: the build's prerendered shell with the tenant's name, the stylesheet inlined, the session preloaded", async () => {
    const shells = {
      shells: [
        { pattern: "^/layanan/?$", html: '<main><h1 class="page-title">Layanan %BALAI_CITY%</h1></main>', fetches: ["/api/catalog/taxa?limit=6"] },
        { pattern: "^/layanan/([^/]+)/?$", html: "<main></main>", fetches: ["/api/catalog/services/$1", "https://evil.example/$1"] },
      ],
      fetches: ["/api/auth/session", "https://evil.example/x"],
      inlineStyle: true,
    };
    fs.writeFileSync(path.join(dist, "shells.json"), JSON.stringify(shells));
    const touch = (ms: number) => fs.utimesSync(path.join(dist, "index.html"), new Date(ms), new Date(ms));
    touch(Date.now() + 300_000);
    try {
      const res = await get("/layanan", { "accept-encoding": "br" });
      const body = decode(res.headers["content-encoding"], res.rawPayload);
      expect(body).toContain('<div id="root"><main><h1 class="page-title">Layanan Kota Palembang</h1></main></div>');
      expect(body).toContain(`<style>${css}</style>`);
      expect(body).not.toContain(`href="${STYLE}"`);
      expect(body).toContain('<link rel="preload" as="fetch" crossorigin href="/api/auth/session">');
      expect(body).toContain('<link rel="preload" as="fetch" crossorigin href="/api/catalog/taxa?limit=6">');
      expect(body).not.toContain("evil.example");
      // The page's own answer, named by its path; a key that is not plain is not preloaded.
      const service = decode(undefined, (await get("/layanan/surat-keterangan-usaha")).rawPayload);
      expect(service).toContain('<link rel="preload" as="fetch" crossorigin href="/api/catalog/services/surat-keterangan-usaha">');
      expect(service).not.toContain("evil.example");
      const odd = decode(undefined, (await get("/layanan/a%22b")).rawPayload);
      expect(odd).not.toContain("/api/catalog/services/");
      // A page without a shell: the empty root, still with the inlined style and the session preload.
      const other = decode(undefined, (await get("/konsol")).rawPayload);
      expect(other).toContain('<div id="root"></div>');
      expect(other).toContain(`<style>${css}</style>`);
      // The shell is in Bahasa Indonesia: a visitor who chose English gets the empty root.
      const english = await get("/layanan", { cookie: "balai_lang=en" });
      expect(english.body).toContain('<div id="root"></div>');
    } finally {
      fs.rmSync(path.join(dist, "shells.json"));
      touch(Date.now() + 360_000);
    }
  });

  it("answers an unknown API path with problem+json, not the HTML", async () => {
    const res = await get("/api/nothing-here", { "accept-encoding": "br" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
  });
});

describe("API compression", () => {
  it("compresses JSON over 1 KB with br or gzip, as the client accepts", async () => {
    const plain = await get("/api/regions");
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const encoding of ["br", "gzip"]) {
      const res = await get("/api/regions", { "accept-encoding": encoding });
      expect(res.headers["content-encoding"]).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(JSON.parse(decode(encoding, res.rawPayload))).toEqual(plain.json());
    }
  });

  it("leaves small responses as they are", async () => {
    const res = await get("/api/tenant", { "accept-encoding": "br, gzip" });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.json().id).toBe(PALEMBANG);
  });

  it("never compresses the live stream, which flushes each event as it comes", async () => {
    const staff = await loginAs(p.app, "lawangjabo@palembang.go.id");
    await p.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = p.app.server.address() as AddressInfo;
    const first = await new Promise<{ headers: http.IncomingHttpHeaders; chunk: string }>((resolve, reject) => {
      const req = http.get({
        host: "127.0.0.1",
        port,
        path: "/api/live",
        headers: { accept: "text/event-stream", "accept-encoding": "br, gzip", "x-balai-tenant": PALEMBANG, cookie: staff.cookie ?? "" },
      });
      req.on("response", (res) => {
        res.once("data", (chunk: Buffer) => {
          resolve({ headers: res.headers, chunk: chunk.toString("utf8") });
          req.destroy();
        });
      });
      req.on("error", reject);
    });
    expect(first.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(first.headers["content-encoding"]).toBeUndefined();
    expect(first.chunk).toMatch(/^retry: \d+\n\n/);
  });
});

describe("the per-client limit and the build files", () => {
  it("counts pages and API calls, not the content-hashed build files a page loads", async () => {
    const memory = new MemoryAdapter();
    const limited = await createPlatform(testConfig({ BALAI_RATE_LIMIT: "3" }), await openTestDb(), {
      adapters: { email: memory, sms: memory, whatsapp: memory },
      background: false,
      webDist: dist,
    });
    try {
      const hit = async (url: string) => (await limited.app.inject({ method: "GET", url, headers: { "x-balai-tenant": PALEMBANG } })).statusCode;
      // A phone opening pages: the scripts and the service worker again and again, never refused.
      for (let i = 0; i < 6; i++) expect([await hit(SCRIPT), await hit("/sw.js")]).toEqual([200, 200]);
      // The API and the pages share the client's 3 a minute.
      expect([await hit("/api/catalog/services"), await hit("/layanan"), await hit("/api/catalog/services")]).toEqual([200, 200, 200]);
      expect(await hit("/api/catalog/services")).toBe(429);
      expect(await hit("/")).toBe(429);
      expect(await hit(STYLE)).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
