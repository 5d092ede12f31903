import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, preloadRoute } from "./App.tsx";
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
void Promise.all([session, preloadRoute(location.pathname)]).then(([initialSession]) => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App initialSession={initialSession} />
    </StrictMode>,
  );
});
