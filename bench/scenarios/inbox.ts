import type { Scenario } from "./types.ts";

const OPERATOR = "operator.kelurahan@palembang.go.id";
const ADMIN = "admin@palembang.go.id";

function inboxScenario(name: string, identifier: string, query: string): Scenario {
  return {
    name,
    role: "inbox",
    async setup(ctx) {
      return { path: `/api/inbox?${query}`, headers: { cookie: await ctx.login(identifier) } };
    },
  };
}

/** Kelurahan operator (one unit): open cases by due date, the default inbox view. */
export const inboxOperatorDue = inboxScenario("Balai inbox operator ?sort=due&limit=50", OPERATOR, "sort=due&limit=50");
/** Same operator, only overdue cases. */
export const inboxOperatorOverdue = inboxScenario("Balai inbox operator ?sla=overdue", OPERATOR, "sla=overdue");
/** Same operator, search by number over open and closed cases. */
export const inboxOperatorSearch = inboxScenario("Balai inbox operator ?status=all&q=SKTM-2025-00012", OPERATOR, "status=all&q=SKTM-2025-00012");
/** Kominfo admin sees every unit: the worst case for the default view. */
export const inboxAdminDue = inboxScenario("Balai inbox admin (all units) ?sort=due&limit=50", ADMIN, "sort=due&limit=50");
/** Kominfo admin, search by number over all cases. */
export const inboxAdminSearch = inboxScenario("Balai inbox admin (all units) ?status=all&q=SKTM-2025-00012", ADMIN, "status=all&q=SKTM-2025-00012");
