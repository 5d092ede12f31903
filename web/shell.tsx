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
 * The shells: server path pattern (as in vite.config.ts ROUTE_CHUNKS), the path rendered, and whether the page itself
 * is rendered (its first render needs no data) or only the frame with "Memuat…" (it waits for data or a sign-in).
 */
export const SHELLS: { pattern: string; path: string; page: boolean }[] = [
  { pattern: "^/$", path: "/", page: true },
  { pattern: "^/layanan/?$", path: "/layanan", page: true },
  { pattern: "^/layanan/[^/]+/?$", path: "/layanan/x", page: false },
  { pattern: "^/permohonan/[^/]+/?$", path: "/permohonan/x", page: false },
  { pattern: "^/lapor/?$", path: "/lapor", page: false },
  { pattern: "^/laporan/?$", path: "/laporan", page: true },
  { pattern: "^/harga/?$", path: "/harga", page: true },
];

/** Each shell's HTML (the root's content), by pattern. */
export async function renderShells(): Promise<{ pattern: string; html: string }[]> {
  const out: { pattern: string; html: string }[] = [];
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
    out.push({ pattern: s.pattern, html });
  }
  return out;
}
