/** SQL of the prices module (PGlite and PostgreSQL alike). Dates travel as 'YYYY-MM-DD' text. */
import type { Queryable } from "../../platform/db.ts";

export interface MarketRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  kecamatan_code: string | null;
  kecamatan_name: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  active: boolean;
}

export interface CommodityRow {
  id: string;
  code: string;
  name_id: string;
  name_en: string;
  unit: string;
  grp: string;
  sort: number;
  reference_price: number | null;
  reference_label: string | null;
  alert_week_pct: string | number;
  active: boolean;
}

export async function markets(q: Queryable, tenantId: string, activeOnly: boolean): Promise<MarketRow[]> {
  return q.query<MarketRow>(
    `SELECT m.id, m.code, m.name, m.kind, m.kecamatan_code, u.name AS kecamatan_name, m.address, m.lat, m.lon, m.active
       FROM price_markets m LEFT JOIN directory_units u ON u.tenant_id = m.tenant_id AND u.code = m.kecamatan_code
      WHERE m.tenant_id = $1 AND ($2::boolean = false OR m.active) ORDER BY m.name`,
    [tenantId, activeOnly],
  );
}

export async function commodities(q: Queryable, tenantId: string, activeOnly: boolean): Promise<CommodityRow[]> {
  return q.query<CommodityRow>(
    `SELECT id, code, name_id, name_en, unit, grp, sort, reference_price, reference_label, alert_week_pct, active
       FROM price_commodities WHERE tenant_id = $1 AND ($2::boolean = false OR active) ORDER BY sort, code`,
    [tenantId, activeOnly],
  );
}

/** The latest date with any price on or before `date`, within `days` days before it. */
export async function latestDate(q: Queryable, tenantId: string, onOrBefore: string, notBefore: string): Promise<string | null> {
  const r = await q.one<{ d: string | null }>(
    "SELECT max(date)::text AS d FROM price_entries WHERE tenant_id = $1 AND superseded_at IS NULL AND date <= $2::date AND date >= $3::date",
    [tenantId, onOrBefore, notBefore],
  );
  return r?.d ?? null;
}

export interface PriceCell {
  commodity_id: string;
  market_id: string;
  date: string;
  price: number;
}

/** Current prices on the given dates, at most three (every market, every commodity). */
export async function pricesOn(q: Queryable, tenantId: string, dates: string[]): Promise<PriceCell[]> {
  if (!dates.length) return [];
  return q.query<PriceCell>(
    `SELECT commodity_id, market_id, date::text AS date, price FROM price_entries
      WHERE tenant_id = $1 AND superseded_at IS NULL AND date IN ($2::date, $3::date, $4::date)`,
    [tenantId, dates[0], dates[1] ?? dates[0], dates[2] ?? dates[0]],
  );
}

export interface SheetRow {
  commodity_id: string;
  price: number | null;
  version: number | null;
  entered_at: Date | null;
  entered_by_name: string | null;
  prev_price: number | null;
  prev_date: string | null;
}

/** For one market and date: the current price of every commodity and its latest earlier price (within 30 days). */
export async function sheet(q: Queryable, tenantId: string, marketId: string, date: string): Promise<SheetRow[]> {
  return q.query<SheetRow>(
    `SELECT c.id AS commodity_id, e.price, e.version, e.entered_at, u.name AS entered_by_name, p.price AS prev_price, p.date::text AS prev_date
       FROM price_commodities c
       LEFT JOIN price_entries e ON e.tenant_id = c.tenant_id AND e.commodity_id = c.id AND e.market_id = $2 AND e.date = $3::date AND e.superseded_at IS NULL
       LEFT JOIN directory_people u ON u.id = e.entered_by
       LEFT JOIN LATERAL (
         SELECT x.price, x.date FROM price_entries x
          WHERE x.tenant_id = c.tenant_id AND x.commodity_id = c.id AND x.market_id = $2 AND x.superseded_at IS NULL
            AND x.date < $3::date AND x.date >= $3::date - 30
          ORDER BY x.date DESC LIMIT 1) p ON true
      WHERE c.tenant_id = $1 AND c.active ORDER BY c.sort, c.code`,
    [tenantId, marketId, date],
  );
}

export interface HistoryRow {
  version: number;
  price: number;
  source: string;
  confirmed: boolean;
  entered_at: Date;
  entered_by_name: string | null;
  superseded_at: Date | null;
}

export async function history(q: Queryable, tenantId: string, marketId: string, commodityId: string, date: string): Promise<HistoryRow[]> {
  return q.query<HistoryRow>(
    `SELECT e.version, e.price, e.source, e.confirmed, e.entered_at, u.name AS entered_by_name, e.superseded_at
       FROM price_entries e LEFT JOIN directory_people u ON u.id = e.entered_by
      WHERE e.tenant_id = $1 AND e.market_id = $2 AND e.commodity_id = $3 AND e.date = $4::date ORDER BY e.version DESC`,
    [tenantId, marketId, commodityId, date],
  );
}

/** Current row of cells (locked), to decide insert / correct / unchanged. */
export async function currentFor(q: Queryable, tenantId: string, marketId: string, commodityId: string, date: string) {
  return q.one<{ id: string; price: number; version: number }>(
    `SELECT id, price, version FROM price_entries
      WHERE tenant_id = $1 AND market_id = $2 AND commodity_id = $3 AND date = $4::date AND superseded_at IS NULL FOR UPDATE`,
    [tenantId, marketId, commodityId, date],
  );
}

/** The latest current price of a market+commodity strictly before a date (within 30 days). */
export async function previousPrice(q: Queryable, tenantId: string, marketId: string, commodityId: string, date: string) {
  return q.one<{ price: number; date: string }>(
    `SELECT price, date::text AS date FROM price_entries
      WHERE tenant_id = $1 AND market_id = $2 AND commodity_id = $3 AND superseded_at IS NULL AND date < $4::date AND date >= $4::date - 30
      ORDER BY date DESC LIMIT 1`,
    [tenantId, marketId, commodityId, date],
  );
}

/** City average of a commodity on the latest date with prices within [from, to]. */
export async function cityAverage(q: Queryable, tenantId: string, commodityId: string, from: string, to: string) {
  return q.one<{ date: string; avg: number; n: number }>(
    `SELECT date::text AS date, round(avg(price))::int AS avg, count(*)::int AS n FROM price_entries
      WHERE tenant_id = $1 AND commodity_id = $2 AND superseded_at IS NULL AND date BETWEEN $3::date AND $4::date
      GROUP BY date ORDER BY date DESC LIMIT 1`,
    [tenantId, commodityId, from, to],
  );
}

/** Daily series of one commodity: one market's price, or the city average (with min and max) over markets. */
export async function series(q: Queryable, tenantId: string, commodityId: string, marketId: string | null, from: string, to: string) {
  if (marketId)
    return q.query<{ date: string; price: number; min: number; max: number; n: number }>(
      `SELECT e.date::text AS date, e.price, e.price AS min, e.price AS max, 1 AS n FROM price_entries e
        WHERE e.tenant_id = $1 AND e.commodity_id = $2 AND e.market_id = $3 AND e.superseded_at IS NULL AND e.date BETWEEN $4::date AND $5::date
        ORDER BY e.date`,
      [tenantId, commodityId, marketId, from, to],
    );
  return q.query<{ date: string; price: number; min: number; max: number; n: number }>(
    // Integer arithmetic (sum of int is bigint; rounded half up) is cheaper than avg()'s numeric; rows come in date order from the index.
    `SELECT e.date::text AS date, ((sum(e.price) * 2 + count(*)) / (2 * count(*)))::int AS price, min(e.price) AS min, max(e.price) AS max, count(*)::int AS n
       FROM price_entries e
      WHERE e.tenant_id = $1 AND e.commodity_id = $2 AND e.superseded_at IS NULL AND e.date BETWEEN $3::date AND $4::date
      GROUP BY e.date ORDER BY e.date`,
    [tenantId, commodityId, from, to],
  );
}

/** Open-data export rows: every current price in a date range (optionally one commodity / market). */
export async function exportRows(q: Queryable, tenantId: string, from: string, to: string, commodityId: string | null, marketId: string | null) {
  return q.query<{ date: string; market: string; market_name: string; commodity: string; commodity_name: string; unit: string; price: number }>(
    `SELECT e.date::text AS date, m.code AS market, m.name AS market_name, c.code AS commodity, c.name_id AS commodity_name, c.unit, e.price
       FROM price_entries e JOIN price_markets m ON m.id = e.market_id JOIN price_commodities c ON c.id = e.commodity_id
      WHERE e.tenant_id = $1 AND e.superseded_at IS NULL AND e.date BETWEEN $2::date AND $3::date
        AND ($4::uuid IS NULL OR e.commodity_id = $4) AND ($5::uuid IS NULL OR e.market_id = $5)
      ORDER BY e.date, c.sort, m.name LIMIT 200000`,
    [tenantId, from, to, commodityId, marketId],
  );
}

export interface AlertRow {
  id: string;
  commodity_code: string;
  name_id: string;
  name_en: string;
  unit: string;
  date: string;
  kind: string;
  value: string;
  threshold: string;
  change_pct: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

export async function alerts(q: Queryable, tenantId: string, openOnly: boolean): Promise<AlertRow[]> {
  return q.query<AlertRow>(
    `SELECT a.id, c.code AS commodity_code, c.name_id, c.name_en, c.unit, a.date::text AS date, a.kind, a.value, a.threshold, a.change_pct, a.created_at, a.resolved_at
       FROM price_alerts a JOIN price_commodities c ON c.id = a.commodity_id
      WHERE a.tenant_id = $1 AND ($2::boolean = false OR a.resolved_at IS NULL) ORDER BY a.date DESC, a.created_at DESC LIMIT 200`,
    [tenantId, openOnly],
  );
}
