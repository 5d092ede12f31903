import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The cluster test: PostgreSQL, three `balai start` processes, nginx and s3rver, all started by the test. */
export default defineConfig({
  root: path.resolve(here, "../.."),
  test: {
    include: ["test/cluster/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: "forks",
  },
});
