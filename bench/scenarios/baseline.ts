import type { Scenario } from "./types.ts";

/** Bare Fastify hello-world in a separate process: the ceiling for this machine. */
export const baseline: Scenario = {
  name: "baseline GET / (bare Fastify)",
  target: "baseline",
  baseline: true,
  setup: () => ({ path: "/" }),
};
