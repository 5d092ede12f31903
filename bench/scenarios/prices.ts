// Harga bahan pokok (issue 7): the price-series query over 3 years × 40 markets × 25 commodities (~1.1 M price
// rows), generated in SQL with generate_series in the first scenario's setup. BENCH_PRICES=0 leaves these out.
import { seedCommodities } from "../../src/modules/prices/markets.ts";
import type { Db } from "../../src/platform/db.ts";
import { TENANT } from "../lib/generate.ts";
import type { BenchContext, RequestOptions, Scenario } from "./types.ts";

const MARKETS = 40;
const COMMODITIES = 25;
const DAYS = 3 * 365;

/** 40 bench markets, 4 extra commodities (the PIHPS 21 + 4 = 25) and a daily price for each pair over 3 years. */
async function generatePrices(db: Db): Promise<{ commodities: string[]; markets: string[]; rows: number }> {
  await db.tx((q) => seedCommodities(q, TENANT));
  const have = await db.one("SELECT 1 FROM price_markets WHERE tenant_id = $1 AND code = 'BENCH-01'", [TENANT]);
  if (!have) {
    const t = performance.now();
    await db.query(
      `INSERT INTO price_markets (tenant_id, code, name, kind) SELECT $1, 'BENCH-' || lpad(i::text, 2, '0'), 'Pasar Bench ' || i, 'traditional' FROM generate_series(1, $2::int) i`,
      [TENANT, MARKETS],
    );
    await db.query(
      `INSERT INTO price_commodities (tenant_id, code, name_id, name_en, unit, grp, sort)
       SELECT $1, 'bench-' || i, 'Komoditas Bench ' || i, 'Bench commodity ' || i, 'kg', 'bench', 1000 + i FROM generate_series(1, 4) i
       ON CONFLICT (tenant_id, code) DO NOTHING`,
      [TENANT],
    );
    // A deterministic wobble around a per-commodity level: no random(), the same data on every run.
    await db.query(
      `INSERT INTO price_entries (tenant_id, market_id, commodity_id, date, price, source)
       SELECT $1, m.id, c.id, d::date,
              greatest(100, (10000 + (c.sort % 97) * 900) * (1 + 0.08 * sin(extract(doy FROM d) / 58.0 + c.sort) + 0.03 * sin(hashtext(m.code) + extract(doy FROM d))))::int,
              'seed'
         FROM (SELECT id, sort FROM price_commodities WHERE tenant_id = $1 ORDER BY sort LIMIT $3) c
         CROSS JOIN (SELECT id, code FROM price_markets WHERE tenant_id = $1 AND code LIKE 'BENCH-%') m
         CROSS JOIN generate_series(CURRENT_DATE - ($2::int - 1), CURRENT_DATE, interval '1 day') d
       ON CONFLICT DO NOTHING`,
      [TENANT, DAYS, COMMODITIES],
    );
    // VACUUM sets the visibility map (index-only scans without heap fetches), as autovacuum would after a bulk load.
    await db.query("VACUUM ANALYZE price_entries");
    console.log(`  prices: generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const commodities = (
    await db.query<{ code: string }>("SELECT code FROM price_commodities WHERE tenant_id = $1 ORDER BY sort LIMIT $2", [TENANT, COMMODITIES])
  ).map((r) => r.code);
  const markets = (await db.query<{ code: string }>("SELECT code FROM price_markets WHERE tenant_id = $1 AND code LIKE 'BENCH-%' ORDER BY code", [TENANT])).map(
    (r) => r.code,
  );
  const rows = Number(
    (await db.one<{ n: string }>("SELECT count(*) AS n FROM price_entries WHERE tenant_id = $1 AND superseded_at IS NULL", [TENANT]))?.n ?? 0,
  );
  return { commodities, markets, rows };
}

let prepared: Promise<{ commodities: string[]; markets: string[]; rows: number }> | undefined;
const prepare = (ctx: BenchContext) => {
  prepared ??= ctx.withStore((db) => generatePrices(db));
  return prepared;
};

/** GET /api/public/prices/series, city average over 40 markets for a year, cycling the 25 commodities. */
export const pricesSeriesCity: Scenario = {
  name: `Balai GET /api/public/prices/series city average, 365 days (${MARKETS} markets × ${COMMODITIES} commodities × 3 years)`,
  async setup(ctx): Promise<RequestOptions[]> {
    const { commodities } = await prepare(ctx);
    return commodities.map((c) => ({ path: `/api/public/prices/series?commodity=${c}&days=365` }));
  },
};

/** The city series over one connection: the query's latency without queueing behind 15 others (PGlite is one connection). */
export const pricesSeriesCityOne: Scenario = {
  ...pricesSeriesCity,
  name: `Balai GET /api/public/prices/series city average, 365 days, 1 connection (unloaded)`,
  connections: 1,
};

/** The same endpoint for one market over the whole 3 years, cycling 25 commodities × 40 markets. */
export const pricesSeriesMarket: Scenario = {
  name: `Balai GET /api/public/prices/series one market, 3 years (${MARKETS} markets × ${COMMODITIES} commodities)`,
  async setup(ctx): Promise<RequestOptions[]> {
    const { commodities, markets } = await prepare(ctx);
    return markets.flatMap((m, i) =>
      commodities.map((_, j) => ({ path: `/api/public/prices/series?commodity=${commodities[(i + j) % commodities.length]}&market=${m}&days=${DAYS}` })),
    );
  },
};

/** GET /api/public/prices/today over the same data: every commodity's average, change and cheapest market. */
export const pricesToday: Scenario = {
  name: `Balai GET /api/public/prices/today (${MARKETS}+ markets × ${COMMODITIES} commodities)`,
  async setup(ctx): Promise<RequestOptions> {
    await prepare(ctx);
    return { path: "/api/public/prices/today" };
  },
};

export const priceScenarios: Scenario[] = process.env.BENCH_PRICES === "0" ? [] : [pricesSeriesCity, pricesSeriesCityOne, pricesSeriesMarket, pricesToday];
