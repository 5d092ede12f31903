/**
 * The prerendered first paint (issue 14): at build time (vite.config.ts prerenderShells) each first-load citizen page
 * is rendered to HTML as a visitor without a session sees it before any data has arrived — the header, the page's
 * heading and lead, the footer; a page that needs its data or a signed-in user shows the frame with "Memuat…". The
 * server puts that HTML in index.html's root (src/platform/web.ts) with the tenant's name for {@link CITY}, so the
 * phone paints the page before the JavaScript has arrived; main.tsx then hydrates it (the pages of PRERENDERED_PAGES,
 * for a visitor) or draws the page in its place.
 */
import { renderToString } from "react-dom/server";
import { Router } from "wouter";
import type { Session } from "./api.ts";
import { App, Frame, PRERENDERED_PAGES, preloadRoute } from "./App.tsx";
import { Loading } from "./ui/misc.tsx";

/** Stands for the city's name in the HTML; the server writes the tenant's name there (HTML-escaped). */
export const CITY = "%BALAI_CITY%";

/** A visitor without a session of a tenant whose name is {@link CITY}. */
const visitor = { user: null, mfaPending: false, csrfToken: "", tenant: { name: CITY, timezone: "Asia/Jakarta" } } as unknown as Session;

/**
 * The shells: server path pattern (as in vite.config.ts ROUTE_CHUNKS), the path rendered, and the API answers the
 * page fetches at once, which the server preloads with the HTML (`$1`: the pattern's group). The pages of
 * {@link PRERENDERED_PAGES} are rendered themselves (their first render needs no data; main.tsx hydrates them), the
 * others only as the frame with "Memuat…" (they wait for data or a sign-in).
 */
export const SHELLS: { pattern: string; path: string; fetches: string[] }[] = [
  { pattern: "^/$", path: "/", fetches: ["/api/catalog/popular?limit=6", "/api/catalog/taxa"] },
  { pattern: "^/layanan/?$", path: "/layanan", fetches: ["/api/catalog/taxa"] },
  { pattern: "^/layanan/([^/]+)/?$", path: "/layanan/x", fetches: ["/api/catalog/services/$1"] },
  { pattern: "^/permohonan/[^/]+/?$", path: "/permohonan/x", fetches: [] },
  { pattern: "^/lapor/?$", path: "/lapor", fetches: [] },
  { pattern: "^/laporan/?$", path: "/laporan", fetches: ["/api/regions", "/api/geo/config"] },
  { pattern: "^/harga/?$", path: "/harga", fetches: ["/api/public/prices/today"] },
];

/** Each shell's HTML (the root's content), by pattern. */
export async function renderShells(): Promise<{ pattern: string; html: string; fetches: string[] }[]> {
  const out: { pattern: string; html: string; fetches: string[] }[] = [];
  for (const s of SHELLS) {
    const page = PRERENDERED_PAGES.includes(s.path);
    if (page) await preloadRoute(s.path);
    const html = renderToString(
      <Router ssrPath={s.path}>
        {page ? (
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
