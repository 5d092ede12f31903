// e-Parking (issue 16 part 2): payment callbacks per second (signed development-gateway notifications for static
// QRIS payments, each verified, confirmed against the gateway's ledger and recorded once), and the revenue report
// over one year of payments for 500 points (generated in SQL in the setup). BENCH_PARKING=0 leaves these out;
// BENCH_PARKING_POINTS and BENCH_PARKING_PER_DAY scale the year (defaults 500 points × 20 payments a day = 3.65 M).
import { devCallbackBody, devSignature } from "../../src/modules/parking/gateways/dev.ts";
import { addDays, todayIn } from "../../src/modules/parking/common.ts";
import { generatePayments } from "../../src/modules/parking/store-payments.ts";
import type { Db } from "../../src/platform/db.ts";
import { TENANT } from "../lib/generate.ts";
import type { BenchContext, RequestOptions, Scenario } from "./types.ts";

const POINTS = Number(process.env.BENCH_PARKING_POINTS ?? 500);
const PER_DAY = Number(process.env.BENCH_PARKING_PER_DAY ?? 20);
const CALLBACKS = Number(process.env.BENCH_PARKING_CALLBACKS ?? 50_000);
const CAPACITY = 40;
/** The development gateway's default key (the bench server runs outside production). */
const DEV_SECRET = process.env.BALAI_PARKING_DEV_SECRET ?? "balai-dev-gateway";
const CALLBACK_POINT = "BENCH-CB";

/** 500 bench points (on- and off-street, motor + mobil tariffs) and a year of payments at PER_DAY per point. */
async function generateYear(db: Db) {
  const have = await db.one<{ n: number }>("SELECT count(*)::int AS n FROM parking_points WHERE tenant_id = $1 AND code LIKE 'BP-%'", [TENANT]);
  const codes = Array.from({ length: POINTS }, (_, i) => `BP-${String(i + 1).padStart(4, "0")}`);
  if ((have?.n ?? 0) < POINTS) {
    const t = performance.now();
    await db.query(
      `INSERT INTO parking_points (tenant_id, code, name, kind, capacity)
       SELECT $1, c, 'Titik bench ' || c, CASE WHEN i % 5 = 0 THEN 'off_street' ELSE 'on_street' END, $3
         FROM unnest($2::text[]) WITH ORDINALITY AS x(c, i) ON CONFLICT (tenant_id, code) DO NOTHING`,
      [TENANT, `{${codes.join(",")}}`, CAPACITY],
    );
    await db.query(
      `INSERT INTO parking_tariffs (tenant_id, point_id, vehicle_type, mode, amount)
       SELECT p.tenant_id, p.id, v.vt, 'entry', v.amount FROM parking_points p
        CROSS JOIN (VALUES ('motor', 2000), ('mobil', 5000)) AS v(vt, amount)
        WHERE p.tenant_id = $1 AND p.code LIKE 'BP-%' ON CONFLICT DO NOTHING`,
      [TENANT],
    );
    const today = todayIn("Asia/Jakarta");
    // Month by month: one statement per month keeps each transaction a sensible size.
    for (let m = 0; m < 12; m++) {
      const from = addDays(today, -364 + m * 30);
      const to = m === 11 ? today : addDays(from, 29);
      await generatePayments(db, TENANT, {
        from,
        to,
        pointCodes: codes,
        factors: codes.map((_, i) => (PER_DAY / CAPACITY) * (i % 37 === 0 ? 0.3 : 1)),
        gateway: "dev",
      });
    }
    await db.query("VACUUM ANALYZE parking_payments");
    console.log(`  parking: ${POINTS} points, a year of payments generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const rows = await db.one<{ n: number }>("SELECT count(*)::int AS n FROM parking_payments WHERE tenant_id = $1", [TENANT]);
  return rows?.n ?? 0;
}

let prepared: Promise<number> | undefined;
const prepare = (ctx: BenchContext) => {
  prepared ??= ctx.withStore((db) => generateYear(db));
  return prepared;
};

/** GET /api/parking/revenue over the last 365 days as Bapenda: per point, jukir and day against expected. */
export const parkingRevenueYear: Scenario = {
  name: `Balai GET /api/parking/revenue, 365 days (${POINTS} points × ~${PER_DAY} payments a day)`,
  async setup(ctx): Promise<RequestOptions> {
    const rows = await prepare(ctx);
    console.log(`  parking: ${rows} payments in the store`);
    const cookie = await ctx.login("operator.bapenda@palembang.go.id");
    const to = todayIn("Asia/Jakarta");
    return { path: `/api/parking/revenue?from=${addDays(to, -364)}&to=${to}`, headers: { cookie, "x-balai-tenant": TENANT } };
  },
};

/** The same report over one connection: its latency without queueing. */
export const parkingRevenueYearOne: Scenario = { ...parkingRevenueYear, name: `${parkingRevenueYear.name}, 1 connection (unloaded)`, connections: 1 };

/**
 * POST /api/parking/callbacks/dev: signed notifications of static-QRIS payments at one bench point, each a distinct
 * transaction the gateway's ledger knows as paid (so the status query confirms it). Once the list is used up,
 * connections cycle through it again: those are replays, answered "duplicate" without a write.
 */
export const parkingCallbacks: Scenario = {
  name: `Balai POST /api/parking/callbacks/dev (payment callbacks, ${CALLBACKS} distinct transactions, then replays)`,
  async setup(ctx): Promise<RequestOptions[]> {
    const run = Date.now().toString(36).toUpperCase();
    await ctx.withStore(async (db) => {
      await db.query(
        `INSERT INTO parking_points (tenant_id, code, name, kind, capacity) VALUES ($1, $2, 'Titik bench callback', 'on_street', 50) ON CONFLICT DO NOTHING`,
        [TENANT, CALLBACK_POINT],
      );
      await db.query(
        `INSERT INTO parking_tariffs (tenant_id, point_id, vehicle_type, mode, amount)
         SELECT tenant_id, id, 'motor', 'entry', 2000 FROM parking_points WHERE tenant_id = $1 AND code = $2 ON CONFLICT DO NOTHING`,
        [TENANT, CALLBACK_POINT],
      );
      await db.query(
        `INSERT INTO parking_dev_gateway (tenant_id, txn_id, order_id, amount, status)
         SELECT $1, 'BENCH-' || $3 || '-' || i, 'S-' || $2 || '-motor', 2000, 'PAID' FROM generate_series(1, $4::int) i`,
        [TENANT, CALLBACK_POINT, run, CALLBACKS],
      );
    });
    return Array.from({ length: CALLBACKS }, (_, i) => {
      const body = devCallbackBody({ txnId: `BENCH-${run}-${i + 1}`, orderId: `S-${CALLBACK_POINT}-motor`, amount: 2000 });
      return {
        method: "POST" as const,
        path: "/api/parking/callbacks/dev",
        headers: { "content-type": "application/json", "x-balai-tenant": TENANT, "x-balai-signature": devSignature(DEV_SECRET, body) },
        body,
      };
    });
  },
};

export const parkingScenarios: Scenario[] = process.env.BENCH_PARKING === "0" ? [] : [parkingRevenueYear, parkingRevenueYearOne, parkingCallbacks];
