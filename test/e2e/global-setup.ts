import path from "node:path";
import { fileURLToPath } from "node:url";

/** Build the web app once so the server under test serves the current sources (skip with BALAI_E2E_SKIP_BUILD=1). */
export default async function setup() {
  if (process.env.BALAI_E2E_SKIP_BUILD === "1") return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const { build } = await import("vite");
  await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
}
