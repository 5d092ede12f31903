import "./styles.css";
import { StrictMode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { App, PRERENDERED_PAGES, preloadRoute } from "./App.tsx";
import { get, type Session } from "./api.ts";
import { registerServiceWorker } from "./offline/register.ts";
import { adoptSession } from "./session.tsx";

registerServiceWorker();

/**
 * The first render waits for the session and the current page's code (the server preloads both with the HTML), so
 * it draws the page as the server's prerendered shell shows it (src/platform/web.ts), not a "Memuat…" in between.
 */
const session = get<Session>("/api/auth/session").then(
  (s) => {
    adoptSession(s);
    return s;
  },
  () => null,
);

/**
 * Whether the root holds the shell of exactly this first render: a page prerendered as itself (web/shell.tsx) at its
 * own path without a query, seen by a visitor without a sign-in, as the build rendered it. React then hydrates it,
 * adopting the server's markup instead of drawing every element again (issue 14: main-thread time on cheap phones).
 */
function shellMatches(root: HTMLElement, initial: Session | null): boolean {
  return !!root.firstElementChild && PRERENDERED_PAGES.includes(location.pathname) && !location.search && !!initial && !initial.user;
}

void Promise.all([session, preloadRoute(location.pathname)]).then(([initialSession]) => {
  const root = document.getElementById("root")!;
  const app = (
    <StrictMode>
      <App initialSession={initialSession} />
    </StrictMode>
  );
  if (shellMatches(root, initialSession)) hydrateRoot(root, app);
  else createRoot(root).render(app);
});
