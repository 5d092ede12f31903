import { adminStaff, authSession } from "./auth.ts";
import { baseline } from "./baseline.ts";
import { health } from "./health.ts";
import type { Scenario } from "./types.ts";

/**
 * Every scenario the bench runs, in order. Add new ones (catalog search, case submission,
 * inbox query, …) as a file in this folder and an entry here.
 */
export const scenarios: Scenario[] = [baseline, health, authSession, adminStaff];
