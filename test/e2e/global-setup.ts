import path from "node:path";
import { fileURLToPath } from "node:url";

/** Build the web app once so the server under test serves the current sources (skip with BALAI_E2E_SKIP_BUILD=1). */
export default async function setup() {
  if (process.env.BALAI_E2E_SKIP_BUILD === "1") return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const { build } = await import("vite");
  // A production build, as `npm run build` makes: vitest sets NODE_ENV=test, which Vite would take for a development
  // build (React's dev copy, and import.meta.env.DEV — no service worker).
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn", mode: "production" });
  } finally {
    process.env.NODE_ENV = env;
  }
}
