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
  // changes), revalidated by ETag. Sent as one buffer rather than through the static route a second time. The page's
  // variant: `modulepreload` links to that screen's chunks (the build's route-preloads.json), the entry stylesheet
  // inlined (no render-blocking request), a preload of the session, and the page's prerendered first paint in the
  // root (the build's shells.json, web/shell.tsx) with the tenant's name written in.
  let index:
    | { mtimeMs: number; html: string; css: Stylesheet | undefined; routes: RoutePreload[]; first: FirstPaint; variants: Map<string, IndexVariant> }
    | undefined;
  const loadIndex = () => {
    const file = path.join(dist, "index.html");
    try {
      const { mtimeMs } = fs.statSync(file);
      if (index?.mtimeMs !== mtimeMs) {
        const html = fs.readFileSync(file, "utf8");
        const first = readFirstPaint(dist);
        const css = first.inlineStyle ? readEntryStylesheet(dist, html) : undefined;
        index = { mtimeMs, html, css, routes: readRoutePreloads(dist), first, variants: new Map() };
      }
      return index;
    } catch {
      return undefined;
    }
  };
  return (reply) => {
    reply.type("text/html; charset=utf-8").header("cache-control", REVALIDATE);
    const loaded = loadIndex();
    if (!loaded) return reply.send(NOT_BUILT);
    const req = reply.request as typeof reply.request & { tenant?: { name?: string }; locale?: string };
    const pathname = req.url.split("?")[0] ?? "/";
    const route = loaded.routes.find((r) => r.pattern.test(pathname));
    // The shells are in Bahasa Indonesia: a visitor who chose English gets the empty root, as before.
    const shell = req.locale === "en" ? undefined : loaded.first.shells.find((s) => s.pattern.test(pathname));
    const city = req.tenant?.name ?? "";
    // The page's own API answers to preload: `$1` is the path's part the pattern captured (a plain key only).
    const part = shell?.pattern.exec(pathname)?.[1];
    const own = (shell?.fetches ?? []).flatMap((f) => (!f.includes("$1") ? [f] : part && /^[\w.-]+$/.test(part) ? [f.replace("$1", part)] : []));
    const fetches = [...loaded.first.fetches, ...own];
    const key = `${route?.pattern.source ?? ""}\n${shell ? `${shell.pattern.source}\n${city}` : ""}\n${fetches.join(" ")}`;
    let page = loaded.variants.get(key);
    if (!page) {
      // One per page pattern and tenant; a bound in case of very many tenants.
      if (loaded.variants.size > 1000) loaded.variants.clear();
      const html = pageHtml(loaded.html, {
        preloads: route?.files ?? [],
        fetches,
        css: loaded.css,
        shell: shell?.html.replaceAll(CITY, escapeHtml(city)),
      });
      page = indexVariant(html);
      loaded.variants.set(key, page);
    }
    reply.header("etag", page.etag).header("vary", "accept-encoding");
    if (reply.request.headers["if-none-match"] === page.etag) return reply.code(304).send();
    const encoding = pickEncoding(reply.request.headers["accept-encoding"]);
    if (encoding === "identity" || page[encoding].length >= page.identity.length) return reply.send(page.identity);
    return reply.header("content-encoding", encoding).send(page[encoding]);
  };
}

/** Stands for the city's name in a prerendered shell (web/shell.tsx CITY). */
const CITY = "%BALAI_CITY%";

interface Stylesheet {
  /** The `<link rel="stylesheet">` tag in index.html. */
  tag: string;
  css: string;
}

interface Shell {
  pattern: RegExp;
  html: string;
  /** API answers the page fetches at once (`$1`: the pattern's first group). */
  fetches: string[];
}

/** The entry's stylesheet (the one `<link rel="stylesheet">` of index.html under /assets/) and its text, to inline. */
function readEntryStylesheet(dist: string, html: string): Stylesheet | undefined {
  const tag = html.match(/<link rel="stylesheet"[^>]*href="\/(assets\/[\w.-]+\.css)"[^>]*>/);
  if (!tag?.[1]) return undefined;
  try {
    const css = fs.readFileSync(path.join(dist, tag[1]), "utf8");
    return css.includes("</") ? undefined : { tag: tag[0], css };
  } catch {
    return undefined;
  }
}

/** What the build's shells.json (vite.config.ts prerenderShells) says about the first paint; nothing if absent. */
interface FirstPaint {
  shells: Shell[];
  /** API answers the app fetches before its first render (main.tsx), to preload with the HTML. */
  fetches: string[];
  /** Whether to inline the entry stylesheet. */
  inlineStyle: boolean;
}

/** A same-origin API path (with a plain query) that may be preloaded. */
const apiPath = (f: string) => /^\/api\/[\w/$.-]+(\?[\w=&.-]*)?$/.test(f);

function readFirstPaint(dist: string): FirstPaint {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dist, "shells.json"), "utf8")) as {
      shells?: { pattern: string; html: string; fetches?: string[] }[];
      fetches?: string[];
      inlineStyle?: boolean;
    };
    return {
      shells: (raw.shells ?? []).map((s) => ({ pattern: new RegExp(s.pattern), html: s.html, fetches: (s.fetches ?? []).filter(apiPath) })),
      fetches: (raw.fetches ?? []).filter(apiPath),
      inlineStyle: raw.inlineStyle === true,
    };
  } catch {
    return { shells: [], fetches: [], inlineStyle: false };
  }
}

/**
 * A page's index.html: preload links for its chunks and for the API answers the app fetches first (the session:
 * main.tsx waits for it before the first render), the entry stylesheet inlined, and the prerendered shell in the root.
 */
export function pageHtml(html: string, page: { preloads: string[]; fetches: string[]; css?: Stylesheet; shell?: string }): string {
  let out = withPreloads(html, page.preloads, page.fetches);
  if (page.css) out = out.replace(page.css.tag, () => `<style>${page.css?.css}</style>`);
  if (page.shell) out = out.replace('<div id="root"></div>', () => `<div id="root">${page.shell}</div>`);
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface IndexVariant {
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

interface RoutePreload {
  pattern: RegExp;
  files: string[];
}

function indexVariant(html: string): IndexVariant {
  const identity = Buffer.from(html);
  const etag = `"${createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`;
  return { etag, identity, br: zlib.brotliCompressSync(identity), gzip: zlib.gzipSync(identity, { level: 9 }) };
}

/** The build's path patterns and the files each route's screen needs (vite.config.ts routePreloads); none if absent. */
function readRoutePreloads(dist: string): RoutePreload[] {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dist, "route-preloads.json"), "utf8")) as { routes?: { pattern: string; files: string[] }[] };
    return (raw.routes ?? []).map((r) => ({ pattern: new RegExp(r.pattern), files: r.files.filter((f) => /^\/assets\/[\w.-]+\.(js|css)$/.test(f)) }));
  } catch {
    return [];
  }
}

/**
 * index.html with a preload link per file (scripts as module preloads, styles as style preloads) and per API answer
 * the page fetches at once (`fetch` preloads, credentials as `fetch()`'s same-origin default) before </head>.
 */
export function withPreloads(html: string, files: string[], fetches: string[] = []): string {
  const links = files
    .map((f) => (f.endsWith(".css") ? `<link rel="preload" as="style" crossorigin href="${f}">` : `<link rel="modulepreload" crossorigin href="${f}">`))
    .concat(fetches.map((f) => `<link rel="preload" as="fetch" crossorigin href="${f}">`))
    .join("");
  return html.includes("</head>") ? html.replace("</head>", `${links}</head>`) : html;
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
