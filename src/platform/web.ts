import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";

/** Hashed build output never changes under its name: cache it for a year. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Entry points (HTML, service worker, manifest) are revalidated on every load, so a new build shows at once. */
export const REVALIDATE = "no-cache";
/** Anything else the build copies as is (icons, robots.txt): an hour. */
export const SHORT = "public, max-age=3600";

/**
 * Cache-Control for a file of the built web app, by its path relative to the build root. Vite names
 * what it emits under assets/ `<name>-<8+ char hash>.<ext>`; a precompressed sibling (`.br`, `.gz`)
 * gets the policy of the file it encodes.
 */
export function cacheControlFor(relPath: string): string {
  const file = relPath
    .split(path.sep)
    .join("/")
    .replace(/\.(br|gz)$/, "");
  const name = file.split("/").pop() ?? "";
  if (/\.html?$/.test(name) || /^(sw|service-worker)\.js$/.test(name) || /(\.webmanifest|^manifest\.json)$/.test(name)) return REVALIDATE;
  if (file.startsWith("assets/") && /-[\w-]{8,}\.[a-z0-9]+$/i.test(name)) return IMMUTABLE;
  return SHORT;
}

/** The route of the built files (`prefix: "/"`, wildcard); http.ts keeps runtime compression off it. */
export const STATIC_ROUTE = "/*";

const NOT_BUILT =
  '<!doctype html><html lang="id"><meta charset="utf-8"><title>Balai</title><p>Aplikasi web belum dibangun. Jalankan <code>npm run build</code>.</p><p lang="en">The web app is not built. Run <code>npm run build</code>.</p></html>';

/**
 * Serves the built web app from `dist`: files with their br/gzip siblings written by the build
 * (vite.config.ts), so static assets cost no compression per request, and returns the function
 * that sends index.html for the SPA's client-side routes (the route of `/` and the not-found handler).
 */
export async function registerWebApp(app: FastifyInstance, dist: string): Promise<(reply: FastifyReply) => FastifyReply> {
  if (fs.existsSync(path.join(dist, "index.html"))) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: dist,
      prefix: "/",
      wildcard: true,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header("cache-control", cacheControlFor(path.relative(dist, file)));
      },
    });
  }
  // index.html, for every client-side route: kept in memory with its br/gzip forms (rebuilt when the file
  // changes), revalidated by ETag. Sent as one buffer rather than through the static route a second time.
  let index: { mtimeMs: number; etag: string; identity: Buffer; br: Buffer; gzip: Buffer } | undefined;
  const loadIndex = () => {
    const file = path.join(dist, "index.html");
    try {
      const { mtimeMs } = fs.statSync(file);
      if (index?.mtimeMs !== mtimeMs) {
        const identity = fs.readFileSync(file);
        const etag = `"${createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`;
        index = { mtimeMs, etag, identity, br: zlib.brotliCompressSync(identity), gzip: zlib.gzipSync(identity, { level: 9 }) };
      }
      return index;
    } catch {
      return undefined;
    }
  };
  return (reply) => {
    reply.type("text/html; charset=utf-8").header("cache-control", REVALIDATE);
    const page = loadIndex();
    if (!page) return reply.send(NOT_BUILT);
    reply.header("etag", page.etag).header("vary", "accept-encoding");
    if (reply.request.headers["if-none-match"] === page.etag) return reply.code(304).send();
    const encoding = pickEncoding(reply.request.headers["accept-encoding"]);
    if (encoding === "identity" || page[encoding].length >= page.identity.length) return reply.send(page.identity);
    return reply.header("content-encoding", encoding).send(page[encoding]);
  };
}

/** br or gzip as an Accept-Encoding header allows (q-values, `*`), preferring br on a tie; else identity. */
export function pickEncoding(header: string | string[] | undefined): "br" | "gzip" | "identity" {
  const q = new Map<string, number>();
  for (const part of String(header ?? "")
    .toLowerCase()
    .split(",")) {
    const [name, ...params] = part.split(";").map((x) => x.trim());
    if (!name) continue;
    const qParam = params.find((x) => x.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get("*") ?? 0;
  const br = weight("br");
  const gzip = weight("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return "identity";
}
