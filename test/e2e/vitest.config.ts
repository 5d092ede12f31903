import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.resolve(here, "../.."),
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: [path.join(here, "global-setup.ts")],
    testTimeout: 120_000,
    hookTimeout: 360_000,
    fileParallelism: false,
    pool: "forks",
  },
});
