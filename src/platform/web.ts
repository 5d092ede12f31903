import fs from "node:fs";
import path from "node:path";
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
  const file = relPath.split(path.sep).join("/").replace(/\.(br|gz)$/, "");
  const name = file.split("/").pop() ?? "";
  if (/\.html?$/.test(name) || /^(sw|service-worker)\.js$/.test(name) || /(\.webmanifest|^manifest\.json)$/.test(name)) return REVALIDATE;
  if (file.startsWith("assets/") && /-[\w-]{8,}\.[a-z0-9]+$/i.test(name)) return IMMUTABLE;
  return SHORT;
}

const NOT_BUILT =
  '<!doctype html><html lang="id"><meta charset="utf-8"><title>Balai</title><p>Aplikasi web belum dibangun. Jalankan <code>npm run build</code>.</p><p lang="en">The web app is not built. Run <code>npm run build</code>.</p></html>';

/**
 * Serves the built web app from `dist`: files with their br/gzip siblings written by the build
 * (vite.config.ts), so static assets cost no compression per request, and returns the function
 * that sends index.html for the SPA's client-side routes.
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
  let indexCache: { mtimeMs: number; html: string } | undefined;
  const indexHtml = (): string | undefined => {
    try {
      const file = path.join(dist, "index.html");
      const { mtimeMs } = fs.statSync(file);
      if (indexCache?.mtimeMs !== mtimeMs) indexCache = { mtimeMs, html: fs.readFileSync(file, "utf8") };
      return indexCache.html;
    } catch {
      return undefined;
    }
  };
  return (reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", REVALIDATE)
      .send(indexHtml() ?? NOT_BUILT);
}
