import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Browser tests and the cluster test (fixed ports, nginx) have their own configs: npm run test:e2e, npm run test:cluster.
    exclude: ["test/e2e/**", "test/cluster/**", "node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
