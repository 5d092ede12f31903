import type { Queryable } from "../../platform/db.ts";
import { validationFailed } from "../../platform/errors.ts";
import * as store from "./store.ts";
import { addDays, average, changePct, isDate } from "./common.ts";
import { type Commodity, type Market, listCommodities, listMarkets, commodityByCode, marketByCode } from "./markets.ts";

// ---- reading ----------------------------------------------------------------------------------------

export interface CommodityToday {
  code: string;
  name: { id: string; en: string };
  unit: string;
  group: string;
  referencePrice: number | null;
  referenceLabel: string | null;
  average: number | null;
  markets: number;
  min: number | null;
  max: number | null;
  previousDay: number | null;
  previousWeek: number | null;
  changeDayPct: number | null;
  changeWeekPct: number | null;
  cheapest: { market: string; name: string; price: number } | null;
}

export interface TodayView {
  date: string | null;
  previousDay: string | null;
  previousWeek: string | null;
  commodities: CommodityToday[];
  markets: (Market & { prices: Record<string, number> })[];
}

/**
 * The public "today" view for a date (default: today in the tenant's time zone): the latest day with prices on
 * or before it (within 14 days), the day before that with prices, and the latest day 7–10 days earlier.
 */
export async function todayView(q: Queryable, tenantId: string, asOf: string): Promise<TodayView> {
  const date = await store.latestDate(q, tenantId, asOf, addDays(asOf, -14));
  const markets = await listMarkets(q, tenantId, true);
  const commodities = await listCommodities(q, tenantId, true);
  if (!date)
    return {
      date: null,
      previousDay: null,
      previousWeek: null,
      commodities: commodities.map((c) => emptyToday(c)),
      markets: markets.map((m) => ({ ...m, prices: {} })),
    };
  const previousDay = await store.latestDate(q, tenantId, addDays(date, -1), addDays(date, -6));
  const previousWeek = await store.latestDate(q, tenantId, addDays(date, -7), addDays(date, -10));
  const cells = await store.pricesOn(
    q,
    tenantId,
    [date, previousDay, previousWeek].filter((d): d is string => d !== null),
  );
  const byMarket = new Map(markets.map((m) => [m.id, { ...m, prices: {} as Record<string, number> }]));
  const grouped = new Map<string, store.PriceCell[]>();
  for (const x of cells) {
    if (!byMarket.has(x.market_id)) continue;
    const k = `${x.commodity_id}|${x.date}`;
    const list = grouped.get(k);
    if (list) list.push(x);
    else grouped.set(k, [x]);
  }
  const list = commodities.map((c) => {
    const on = (d: string | null) => (d ? (grouped.get(`${c.id}|${d}`) ?? []) : []);
    const today = on(date);
    const avg = average(today.map((x) => x.price));
    const prevDay = average(on(previousDay).map((x) => x.price));
    const prevWeek = average(on(previousWeek).map((x) => x.price));
    let cheapest: CommodityToday["cheapest"] = null;
    for (const x of today) {
      const m = byMarket.get(x.market_id)!;
      m.prices[c.code] = x.price;
      if (!cheapest || x.price < cheapest.price || (x.price === cheapest.price && m.name < cheapest.name))
        cheapest = { market: m.code, name: m.name, price: x.price };
    }
    return {
      ...emptyToday(c),
      average: avg,
      markets: today.length,
      min: today.length ? Math.min(...today.map((x) => x.price)) : null,
      max: today.length ? Math.max(...today.map((x) => x.price)) : null,
      previousDay: prevDay,
      previousWeek: prevWeek,
      changeDayPct: changePct(avg, prevDay),
      changeWeekPct: changePct(avg, prevWeek),
      cheapest,
    };
  });
  return { date, previousDay, previousWeek, commodities: list, markets: [...byMarket.values()] };
}

function emptyToday(c: Commodity): CommodityToday {
  return {
    code: c.code,
    name: c.name,
    unit: c.unit,
    group: c.group,
    referencePrice: c.referencePrice,
    referenceLabel: c.referenceLabel,
    average: null,
    markets: 0,
    min: null,
    max: null,
    previousDay: null,
    previousWeek: null,
    changeDayPct: null,
    changeWeekPct: null,
    cheapest: null,
  };
}

export async function priceSeries(q: Queryable, tenantId: string, opts: { commodity: string; market?: string; from: string; to: string }) {
  const c = await commodityByCode(q, tenantId, opts.commodity);
  const m = opts.market ? await marketByCode(q, tenantId, opts.market) : null;
  const points = await store.series(q, tenantId, c.id, m?.id ?? null, opts.from, opts.to);
  return {
    commodity: { code: c.code, name: c.name, unit: c.unit, referencePrice: c.referencePrice },
    market: m ? { code: m.code, name: m.name } : null,
    from: opts.from,
    to: opts.to,
    points: points.map((p) => ({ date: p.date, price: Number(p.price), min: Number(p.min), max: Number(p.max), markets: Number(p.n) })),
  };
}

export async function exportPrices(q: Queryable, tenantId: string, opts: { from: string; to: string; commodity?: string; market?: string }) {
  const c = opts.commodity ? await commodityByCode(q, tenantId, opts.commodity) : null;
  const m = opts.market ? await marketByCode(q, tenantId, opts.market) : null;
  return (await store.exportRows(q, tenantId, opts.from, opts.to, c?.id ?? null, m?.id ?? null)).map((r) => ({
    date: r.date,
    market: r.market,
    marketName: r.market_name,
    commodity: r.commodity,
    commodityName: r.commodity_name,
    unit: r.unit,
    price: Number(r.price),
  }));
}

const csvCell = (v: unknown) => {
  const s = v == null ? "" : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
export function toCsv(rows: Awaited<ReturnType<typeof exportPrices>>): string {
  const head = "tanggal,pasar,nama_pasar,komoditas,nama_komoditas,satuan,harga";
  return `${[head, ...rows.map((r) => [r.date, r.market, r.marketName, r.commodity, r.commodityName, r.unit, r.price].map(csvCell).join(","))].join("\n")}\n`;
}

/** The enumerator's grid for a market and date: each commodity's current price (with version) and the previous price. */
export async function entrySheet(q: Queryable, tenantId: string, marketCode: string, date: string) {
  if (!isDate(date)) throw validationFailed([{ field: "date", code: "price-invalid-date", message: date }]);
  const m = await marketByCode(q, tenantId, marketCode);
  const cs = await listCommodities(q, tenantId, true);
  const rows = await store.sheet(q, tenantId, m.id, date);
  return {
    market: m,
    date,
    rows: rows.map((r) => {
      const c = cs.find((x) => x.id === r.commodity_id)!;
      return {
        commodity: c.code,
        name: c.name,
        unit: c.unit,
        price: r.price == null ? null : Number(r.price),
        version: r.version,
        enteredAt: r.entered_at ? new Date(r.entered_at).toISOString() : null,
        enteredBy: r.entered_by_name,
        previousPrice: r.prev_price == null ? null : Number(r.prev_price),
        previousDate: r.prev_date,
      };
    }),
  };
}

/** Every version of one cell, newest first: who entered what, when, and how. */
export async function cellHistory(q: Queryable, tenantId: string, marketCode: string, commodityCode: string, date: string) {
  if (!isDate(date)) throw validationFailed([{ field: "date", code: "price-invalid-date", message: date }]);
  const m = await marketByCode(q, tenantId, marketCode);
  const c = await commodityByCode(q, tenantId, commodityCode);
  return (await store.history(q, tenantId, m.id, c.id, date)).map((h) => ({
    version: h.version,
    price: Number(h.price),
    source: h.source,
    confirmed: h.confirmed,
    enteredAt: new Date(h.entered_at).toISOString(),
    enteredBy: h.entered_by_name,
    current: h.superseded_at == null,
    supersededAt: h.superseded_at ? new Date(h.superseded_at).toISOString() : null,
  }));
}
