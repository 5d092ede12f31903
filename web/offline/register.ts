/**
 * Registers the service worker vite-plugin-pwa builds (dist/web/sw.js: the app shell precached, an offline
 * fallback to it for page loads). workbox-window loads in its own small chunk after the page, so the first load
 * does not carry it; a new build takes over on the next load (registerType autoUpdate).
 */
export function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  const start = () => {
    void import("virtual:pwa-register").then(({ registerSW }) => registerSW({ immediate: true }));
  };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
}
