import type { Scenario } from "./types.ts";

/** Authenticated read: tenant resolution + session lookup + actor/grants, no business query. */
export const authSession: Scenario = {
  name: "Balai GET /api/auth/session (logged in)",
  async setup(ctx) {
    return { path: "/api/auth/session", headers: { cookie: await ctx.login() } };
  },
};

/** Authenticated list: session + permission check + staff scope + a paged staff query. */
export const adminStaff: Scenario = {
  name: "Balai GET /api/admin/staff?limit=50",
  async setup(ctx) {
    return { path: "/api/admin/staff?limit=50", headers: { cookie: await ctx.login() } };
  },
};
