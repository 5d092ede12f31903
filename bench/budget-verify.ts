// `node bench/budget-verify.ts`: time of `balai budget verify` for BUDGET_LINES lines (default 50,000) and
// BUDGET_REVISIONS revisions (default 500), generated through the real use cases on a fresh PGlite store (or
// DATABASE_URL, a database you created for it). Prints one JSON line.
import { openDb } from "../src/platform/db.ts";
import { migrate } from "../src/platform/migrate.ts";
import { seedDemo } from "../src/modules/tenants/demo.ts";
import { benchBudgetVerify } from "../src/modules/budget/bench.ts";

const lines = Number(process.env.BUDGET_LINES ?? 50_000);
const revisions = Number(process.env.BUDGET_REVISIONS ?? 500);
const db = await openDb(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {});
try {
  await migrate(db);
  await seedDemo(db);
  const r = await benchBudgetVerify(db, "16.71", { lines, revisions, log: (m) => console.error(m) });
  console.log(JSON.stringify({ bench: "budget verify", store: process.env.DATABASE_URL ? "postgres" : "pglite", ...r }));
} finally {
  await db.close();
}
