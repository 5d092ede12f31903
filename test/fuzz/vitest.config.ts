import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = path.dirname(fileURLToPath(import.meta.url));

/** `npm run fuzz`: the OpenAPI-driven fuzzer (test/fuzz/*.fuzz.ts), on a copy of the seeded store like `npm test`. */
export default defineConfig({
  root: path.resolve(here, "../.."),
  test: {
    include: ["test/fuzz/**/*.fuzz.ts"],
    globalSetup: [path.resolve(here, "../global-setup.ts")],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
