import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { createServer, defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const root = path.dirname(fileURLToPath(import.meta.url));
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every text file of the build over 1 KB, for
 * @fastify/static's `preCompressed` (src/platform/web.ts): the server then spends no CPU compressing them per request.
 * A sibling that would not be smaller is not written.
 */
function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|map)$/;
  return {
    name: "balai-precompress",
    apply: "build",
    async writeBundle(options) {
      const dir = options.dir ?? path.join(root, "dist/web");
      const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && compressible.test(e.name))
        .map((e) => path.join(e.parentPath, e.name));
      await Promise.all(
        files.map(async (file) => {
          const raw = await fs.readFile(file);
          if (raw.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < raw.length) await fs.writeFile(`${file}.br`, br);
          if (gz.length < raw.length) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/** The built files the service worker precaches: filled by offlineShell() while bundling, read by the SW build. */
const shellFiles = new Set<string>();

/**
 * Collects the app shell for the precache: the entry and the citizen screens a report or an application needs
 * without signal (home, catalog, e-Lapor flow, application form, check, confirmation, my cases), with every chunk and
 * style they import. Chunk names carry hashes and repeat ("shared-…"), so the set comes from the bundle graph.
 */
function offlineShell(): Plugin {
  const roots = /web\/(main|pages\/Home|pages\/lapor\/Report|pages\/citizen\/(ApplicationForm|CheckAnswers|Confirmation|MyCases|Catalog))\.tsx$/;
  return {
    name: "balai-offline-shell",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])));
      const add = (file: string) => {
        if (shellFiles.has(file)) return;
        shellFiles.add(file);
        const c = chunks.get(file);
        if (!c) return;
        for (const css of c.viteMetadata?.importedCss ?? []) shellFiles.add(css);
        for (const f of c.imports) add(f);
      };
      // The map library too (loaded on demand by the report's location step), so a pin can be placed offline.
      const leaflet = (c: { moduleIds: string[] }) => c.moduleIds.some((m) => m.includes("/node_modules/leaflet/"));
      for (const c of chunks.values()) if (c.isEntry || (c.facadeModuleId && roots.test(c.facadeModuleId)) || leaflet(c)) add(c.fileName);
    },
  };
}

/**
 * The citizen routes whose screen is a lazy chunk, and the module of that screen. The build writes
 * `route-preloads.json` (path pattern → the chunk, its static imports and styles, minus what index.html already
 * loads); the server (src/platform/web.ts) puts them in index.html for a matching path as `modulepreload` links,
 * so the phone fetches the screen's code together with the entry instead of after it has run.
 */
const ROUTE_CHUNKS: [pattern: string, module: RegExp][] = [
  ["^/$", /web\/pages\/Home\.tsx$/],
  ["^/masuk/?$", /web\/pages\/Login\.tsx$/],
  ["^/layanan(/[^/]+)?/?$", /web\/pages\/citizen\/Catalog\.tsx$/],
  ["^/permohonan/[^/]+/?$", /web\/pages\/citizen\/ApplicationForm\.tsx$/],
  ["^/permohonan/[^/]+/periksa/?$", /web\/pages\/citizen\/CheckAnswers\.tsx$/],
  ["^/(layanan-saya|lacak)(/[^/]+)?/?$", /web\/pages\/citizen\/MyCases\.tsx$/],
  ["^/lapor/?$", /web\/pages\/lapor\/Report\.tsx$/],
  ["^/laporan(/(?!statistik/?$)[^/]+)?/?$", /web\/pages\/lapor\/Public\.tsx$/],
  ["^/harga/?$", /web\/pages\/prices\/Public\.tsx$/],
  ["^/bus/?$", /web\/pages\/transit\/Public\.tsx$/],
  ["^/puskesmas/?$", /web\/pages\/health\/Book\.tsx$/],
  ["^/darurat/?$", /web\/pages\/command\/Darurat\.tsx$/],
];

function routePreloads(): Plugin {
  return {
    name: "balai-route-preloads",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])));
      const closure = (file: string, into: Set<string>) => {
        if (into.has(file)) return into;
        into.add(file);
        const c = chunks.get(file);
        for (const css of c?.viteMetadata?.importedCss ?? []) into.add(css);
        for (const f of c?.imports ?? []) closure(f, into);
        return into;
      };
      const entry = new Set<string>();
      for (const c of chunks.values()) if (c.isEntry) closure(c.fileName, entry);
      const routes = ROUTE_CHUNKS.flatMap(([pattern, module]) => {
        const chunk = [...chunks.values()].find((c) => c.facadeModuleId && module.test(c.facadeModuleId));
        if (!chunk) return [];
        const files = [...closure(chunk.fileName, new Set())].filter((f) => !entry.has(f)).map((f) => `/${f}`);
        return [{ pattern, files }];
      });
      this.emitFile({ type: "asset", fileName: "route-preloads.json", source: JSON.stringify({ routes }) });
    },
  };
}

/**
 * Writes `shells.json`: each first-load citizen page's HTML as a visitor first sees it (web/shell.tsx renders the real
 * app with React's server renderer, through a Vite server in SSR mode), which the server puts in index.html's root
 * (src/platform/web.ts) so the phone paints the page before the JavaScript has arrived. A page that fails to render
 * is left out (it keeps the empty root) and named in the build's output.
 */
function prerenderShells(): Plugin {
  let outDir = "";
  return {
    name: "balai-prerender-shells",
    apply: "build",
    writeBundle(options) {
      outDir = options.dir ?? path.join(root, "dist/web");
    },
    async closeBundle() {
      const vite = await createServer({
        configFile: false,
        root: path.join(root, "web"),
        logLevel: "error",
        plugins: [react()],
        server: { middlewareMode: true, hmr: false, ws: false },
        appType: "custom",
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const { renderShells } = (await vite.ssrLoadModule("/shell.tsx")) as typeof import("./web/shell.tsx");
        const shells = await renderShells();
        // main.tsx fetches the session before its first render: the server preloads it with the HTML. The entry
        // stylesheet is inlined, so the shell paints without waiting for another request.
        await fs.writeFile(path.join(outDir, "shells.json"), JSON.stringify({ shells, fetches: ["/api/auth/session"], inlineStyle: true }));
      } catch (err) {
        this.warn(`prerendered shells not written: ${(err as Error).stack ?? err}`);
      } finally {
        await vite.close();
      }
    },
  };
}

/** Paths the server answers itself (API, OIDC provider, BPJS, Open311, webhooks, probes): never the app shell. */
const SERVER_PATHS = /^\/(api|oidc|bpjs|open311|webhooks|fhir-r4|metrics|health|ready|\.well-known)(\/|$)/;

/**
 * The installable PWA (docs/offline.md): web manifest, and a Workbox service worker that precaches the app shell
 * (index.html, the entry script and style, icons) and the citizen chunks a report or an application needs without
 * signal (and the map library). Other hashed chunks are cached as they are first loaded. Page loads fall back to
 * the cached shell when the network is gone. API answers are not cached, except the public lookups the report flow needs and the session
 * (network first: the cached copy is used only when there is no network at all).
 */
const pwa = VitePWA({
  registerType: "autoUpdate",
  injectRegister: false, // web/offline/register.ts registers it after the page has loaded
  manifestFilename: "manifest.webmanifest",
  includeAssets: ["icons/apple-touch-icon-180.png"],
  manifest: {
    name: "Balai — layanan publik digital",
    short_name: "Balai",
    description: "Layanan publik pemerintah daerah dalam satu aplikasi: permohonan, e-Lapor, antrean puskesmas.",
    lang: "id",
    dir: "ltr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    theme_color: "#0b4a47",
    background_color: "#ffffff",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  },
  workbox: {
    globPatterns: ["index.html", "assets/*.{js,css}"], // the icons: from the manifest and includeAssets
    globIgnores: ["**/*.br", "**/*.gz"],
    // Of the built chunks, only the app shell (offlineShell above); the others are cached when first used.
    manifestTransforms: [async (entries) => ({ manifest: entries.filter((e) => !e.url.startsWith("assets/") || shellFiles.has(e.url)), warnings: [] })],
    navigateFallback: "index.html",
    navigateFallbackDenylist: [SERVER_PATHS],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
    runtimeCaching: [
      {
        // Hashed chunks never change under their name: cache each the first time it loads.
        urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/assets/"),
        handler: "CacheFirst",
        options: { cacheName: "balai-assets", expiration: { maxEntries: 300, maxAgeSeconds: 60 * 60 * 24 * 60 } },
      },
      {
        // Safe to keep: public lookups (categories, map settings, regions, the catalog) and the user's own session.
        urlPattern: ({ url, sameOrigin }) =>
          sameOrigin && /^\/api\/(auth\/session|lapor\/categories|geo\/config|regions|catalog\/services)(\/|$|\?)/.test(url.pathname),
        handler: "NetworkFirst",
        options: { cacheName: "balai-api-safe", expiration: { maxEntries: 60, maxAgeSeconds: 60 * 60 * 24 * 7 } },
      },
    ],
  },
});

export default defineConfig({
  root: path.join(root, "web"),
  plugins: [react(), offlineShell(), routePreloads(), pwa, precompress(), prerenderShells()],
  // The chart chunk (ECharts, ~184 KB gzip) loads only on the statistics page; the first load stays ~133 KB gzip (budget 150).
  build: {
    outDir: path.join(root, "dist/web"),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    // The precompression step (br quality 11) is slow by design; no timing report in a newcomer's first start.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
