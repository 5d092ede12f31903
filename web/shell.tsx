/**
 * The prerendered first paint (issue 14): at build time (vite.config.ts prerenderShells) each first-load citizen page
 * is rendered to HTML as a visitor without a session sees it before any data has arrived — the header, the page's
 * heading and lead, the footer; a page that needs its data or a signed-in user shows the frame with "Memuat…". The
 * server puts that HTML in index.html's root (src/platform/web.ts) with the tenant's name for {@link CITY}, so the
 * phone paints the page before the JavaScript has arrived; main.tsx then renders the same markup over it.
 */
import { renderToString } from "react-dom/server";
import { Router } from "wouter";
import type { Session } from "./api.ts";
import { App, Frame, preloadRoute } from "./App.tsx";
import { Loading } from "./ui/misc.tsx";

/** Stands for the city's name in the HTML; the server writes the tenant's name there (HTML-escaped). */
export const CITY = "%BALAI_CITY%";

/** A visitor without a session of a tenant whose name is {@link CITY}. */
const visitor = { user: null, mfaPending: false, csrfToken: "", tenant: { name: CITY, timezone: "Asia/Jakarta" } } as unknown as Session;

/**
 * The shells: server path pattern (as in vite.config.ts ROUTE_CHUNKS), the path rendered, whether the page itself is
 * rendered (its first render needs no data) or only the frame with "Memuat…" (it waits for data or a sign-in), and
 * the API answers the page fetches at once, which the server preloads with the HTML (`$1`: the pattern's group).
 */
export const SHELLS: { pattern: string; path: string; page: boolean; fetches: string[] }[] = [
  { pattern: "^/$", path: "/", page: true, fetches: ["/api/catalog/popular?limit=6", "/api/catalog/taxa"] },
  { pattern: "^/layanan/?$", path: "/layanan", page: true, fetches: ["/api/catalog/taxa"] },
  { pattern: "^/layanan/([^/]+)/?$", path: "/layanan/x", page: false, fetches: ["/api/catalog/services/$1"] },
  { pattern: "^/permohonan/[^/]+/?$", path: "/permohonan/x", page: false, fetches: [] },
  { pattern: "^/lapor/?$", path: "/lapor", page: false, fetches: [] },
  { pattern: "^/laporan/?$", path: "/laporan", page: true, fetches: ["/api/regions", "/api/geo/config"] },
  { pattern: "^/harga/?$", path: "/harga", page: true, fetches: ["/api/public/prices/today"] },
];

/** Each shell's HTML (the root's content), by pattern. */
export async function renderShells(): Promise<{ pattern: string; html: string; fetches: string[] }[]> {
  const out: { pattern: string; html: string; fetches: string[] }[] = [];
  for (const s of SHELLS) {
    if (s.page) await preloadRoute(s.path);
    const html = renderToString(
      <Router ssrPath={s.path}>
        {s.page ? (
          <App initialSession={visitor} />
        ) : (
          <Frame initialSession={visitor}>
            <Loading />
          </Frame>
        )}
      </Router>,
    );
    out.push({ pattern: s.pattern, html, fetches: s.fetches });
  }
  return out;
}
