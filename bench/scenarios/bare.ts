import { barePglite, barePostgres } from "../lib/bare.ts";
import type { Scenario } from "./types.ts";

/**
 * The store's physical limit: BEGIN; INSERT; INSERT; COMMIT with no HTTP and no Balai code.
 * PostgreSQL: a pg.Pool of BENCH_CONNECTIONS clients on the bench database. PGlite: sequential
 * transactions on a separate PGlite in a temp dir, in the bench process (PGlite is single-connection).
 */
export const bareInsert: Scenario = {
  name: "bare tx: 2 single-row INSERTs (no HTTP)",
  role: "bare-insert",
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    if (ctx.store === "postgres") {
      const m = await barePostgres(ctx.databaseUrl!, connections, warmupSeconds, seconds);
      return { ...m, note: `pg.Pool, ${connections} clients` };
    }
    const m = await barePglite(warmupSeconds, seconds);
    return { ...m, note: "PGlite temp dir, sequential" };
  },
};
