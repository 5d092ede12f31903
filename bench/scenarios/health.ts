import type { Scenario } from "./types.ts";

/** Balai's liveness route: the full plugin stack (helmet, cookies, rate limiter…) without database or tenant work. */
export const health: Scenario = {
  name: "Balai GET /health",
  setup: () => ({ path: "/health" }),
};
