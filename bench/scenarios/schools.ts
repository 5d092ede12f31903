// School reports (issue 18): Disdik's dashboard over 300 schools × 3 years of monthly reports (4 kinds: ~43,000
// reports, attendance per class), generated in SQL in the first scenario's setup. The targets: p99 of the period
// overview (per kecamatan: sent, accepted, late, missing) and of the 12-month attendance trend.
import { addMonths } from "../../src/modules/schools/common.ts";
import { createSchools } from "../../src/modules/schools/demo.ts";
import { generateReports } from "../../src/modules/schools/store-demo.ts";
import type { Db } from "../../src/platform/db.ts";
import { TENANT } from "../lib/generate.ts";
import type { BenchContext, RequestOptions, Scenario } from "./types.ts";

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 300);
const MONTHS = 36;
const LAST = new Date().toISOString().slice(0, 7);

async function generateSchools(db: Db): Promise<number> {
  const t = performance.now();
  const ids = await db.tx((q) => createSchools(q, TENANT, SCHOOLS, 20600001));
  const periods = Array.from({ length: MONTHS }, (_, i) => addMonths(LAST, i - MONTHS + 1));
  for (let i = 0; i < ids.length; i += 50) await db.tx((q) => generateReports(q, TENANT, ids.slice(i, i + 50), periods, 10));
  await db.query("VACUUM ANALYZE school_reports");
  const n = Number((await db.one<{ n: string }>("SELECT count(*) AS n FROM school_reports WHERE tenant_id = $1", [TENANT]))?.n ?? 0);
  console.log(`  schools: ${ids.length} schools, ${n} reports generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return n;
}

let prepared: Promise<number> | undefined;
const prepare = (ctx: BenchContext) => {
  prepared ??= ctx.withStore((db) => generateSchools(db));
  return prepared;
};
const disdik = (ctx: BenchContext) => ctx.login("operator.disdik@palembang.go.id");

export const schoolScenarios: Scenario[] = [
  {
    name: `schools dashboard (${SCHOOLS} schools × ${MONTHS} months)`,
    connections: 4,
    async setup(ctx): Promise<RequestOptions[]> {
      await prepare(ctx);
      const cookie = await disdik(ctx);
      return [0, 1, 2, 6, 12, 24].map((back) => ({ path: `/api/schools/dashboard?period=${addMonths(LAST, -back)}`, headers: { cookie } }));
    },
  },
  {
    name: "schools attendance trend (12 months per kecamatan)",
    connections: 4,
    async setup(ctx): Promise<RequestOptions[]> {
      await prepare(ctx);
      const cookie = await disdik(ctx);
      return [0, 12, 24].map((back) => ({ path: `/api/schools/dashboard/attendance?to=${addMonths(LAST, -back)}&months=12`, headers: { cookie } }));
    },
  },
];
