/**
 * Harga bahan pokok: Dinas Perdagangan's markets and PIHPS commodities, daily prices per market entered by
 * enumerators (grid or CSV/XLSX import; every correction is a new version, nothing is overwritten), the public
 * view (city average with day/week change, per market, cheapest market, series) and alert rules (week-on-week
 * rise above a commodity's percentage, city average above the national reference price HET/HAP).
 */
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { AppError, type FieldError, notFound, validationFailed } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { PIHPS_COMMODITIES } from "./commodities.ts";
import * as store from "./store.ts";

export const MARKET_KINDS = ["traditional", "modern", "wholesale", "producer"] as const;
export type Locale = "id" | "en";
/** A price this many times the previous one (or less than 1/this) is questioned before it is stored. */
export const QUESTION_RATIO = 2;
/** Prices above this (Rupiah per kg/liter) are questioned even without an earlier price. */
export const QUESTION_CEILING = 1_000_000;
export const MAX_IMPORT_ROWS = 20_000;

// ---- dates ------------------------------------------------------------------------------------------

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Change in percent, one decimal; null without both values. */
export function changePct(now: number | null | undefined, before: number | null | undefined): number | null {
  if (now == null || before == null || before === 0) return null;
  return Math.round(((now - before) / before) * 1000) / 10;
}

/** Rounded mean of the values; null when there are none. */
export function average(values: number[]): number | null {
  return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

const rupiah = (n: number) => `Rp${new Intl.NumberFormat("id-ID").format(n)}`;

// ---- markets and commodities ------------------------------------------------------------------------

export interface Market {
  id: string;
  code: string;
  name: string;
  kind: string;
  kecamatanCode: string | null;
  kecamatanName: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  active: boolean;
}
export interface Commodity {
  id: string;
  code: string;
  name: { id: string; en: string };
  unit: string;
  group: string;
  sort: number;
  referencePrice: number | null;
  referenceLabel: string | null;
  alertWeekPct: number;
  active: boolean;
}

const toMarket = (r: store.MarketRow): Market => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  kecamatanCode: r.kecamatan_code,
  kecamatanName: r.kecamatan_name,
  address: r.address,
  lat: r.lat == null ? null : Number(r.lat),
  lon: r.lon == null ? null : Number(r.lon),
  active: r.active,
});
const toCommodity = (r: store.CommodityRow): Commodity => ({
  id: r.id,
  code: r.code,
  name: { id: r.name_id, en: r.name_en },
  unit: r.unit,
  group: r.grp,
  sort: r.sort,
  referencePrice: r.reference_price == null ? null : Number(r.reference_price),
  referenceLabel: r.reference_label,
  alertWeekPct: Number(r.alert_week_pct),
  active: r.active,
});

export const listMarkets = async (q: Queryable, tenantId: string, activeOnly = true) => (await store.markets(q, tenantId, activeOnly)).map(toMarket);
export const listCommodities = async (q: Queryable, tenantId: string, activeOnly = true) => (await store.commodities(q, tenantId, activeOnly)).map(toCommodity);

/** The PIHPS grid for a tenant (idempotent: existing codes are kept as the tenant edited them). */
export async function seedCommodities(q: Queryable, tenantId: string): Promise<number> {
  const rows = PIHPS_COMMODITIES.map((c, i) => ({
    code: c.code,
    name_id: c.nameId,
    name_en: c.nameEn,
    unit: c.unit,
    grp: c.group,
    sort: (i + 1) * 10,
    reference_price: c.referencePrice,
    reference_label: c.referenceLabel,
  }));
  const r = await q.query(
    `INSERT INTO price_commodities (tenant_id, code, name_id, name_en, unit, grp, sort, reference_price, reference_label)
     SELECT $1, x.code, x.name_id, x.name_en, x.unit, x.grp, x.sort, x.reference_price, x.reference_label
       FROM jsonb_to_recordset($2::jsonb) AS x(code text, name_id text, name_en text, unit text, grp text, sort int, reference_price int, reference_label text)
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
    [tenantId, rows],
  );
  return r.length;
}

export interface MarketInput {
  code: string;
  name: string;
  kind: string;
  kecamatanCode?: string | null;
  address?: string | null;
  lat?: number | null;
  lon?: number | null;
  active?: boolean;
}

async function checkMarket(q: Queryable, tenantId: string, m: MarketInput) {
  const fields: FieldError[] = [];
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(m.code)) fields.push({ field: "code", code: "price-code", message: "A–Z, 0–9, - dan _, maks. 40" });
  if (!m.name.trim()) fields.push({ field: "name", code: "required" });
  if (!(MARKET_KINDS as readonly string[]).includes(m.kind)) fields.push({ field: "kind", code: "enum" });
  if ((m.lat == null) !== (m.lon == null) || (m.lat != null && (Math.abs(m.lat) > 90 || Math.abs(m.lon as number) > 180)))
    fields.push({ field: "lat", code: "price-coordinates", message: "lat/lon" });
  if (m.kecamatanCode) {
    const k = await q.one("SELECT 1 FROM org_units WHERE tenant_id = $1 AND code = $2 AND kind = 'kecamatan'", [tenantId, m.kecamatanCode]);
    if (!k) fields.push({ field: "kecamatanCode", code: "price-unknown-kecamatan", message: `kecamatan ${m.kecamatanCode}` });
  }
  if (fields.length) throw validationFailed(fields);
}

export async function createMarket(q: Queryable, tenantId: string, m: MarketInput, actorId: string | null): Promise<Market> {
  await checkMarket(q, tenantId, m);
  const row = await q.one<{ id: string }>(
    `INSERT INTO price_markets (tenant_id, code, name, kind, kecamatan_code, address, lat, lon, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
    [tenantId, m.code, m.name.trim(), m.kind, m.kecamatanCode || null, m.address ?? null, m.lat ?? null, m.lon ?? null, m.active ?? true],
  );
  if (!row) throw new AppError("code-taken", 409, { fields: [{ field: "code", code: "price-code-taken", message: m.code }] });
  await audit(q, { tenantId, actorId, action: "prices.market-created", subjectType: "price_market", subjectId: row.id, data: { ...m } });
  return (await listMarkets(q, tenantId, false)).find((x) => x.id === row.id) as Market;
}

export async function updateMarket(q: Queryable, tenantId: string, code: string, m: MarketInput, actorId: string | null): Promise<Market> {
  await checkMarket(q, tenantId, m);
  const row = await q.one<{ id: string }>(
    `UPDATE price_markets SET code = $3, name = $4, kind = $5, kecamatan_code = $6, address = $7, lat = $8, lon = $9, active = $10
      WHERE tenant_id = $1 AND code = $2 RETURNING id`,
    [tenantId, code, m.code, m.name.trim(), m.kind, m.kecamatanCode || null, m.address ?? null, m.lat ?? null, m.lon ?? null, m.active ?? true],
  );
  if (!row) throw notFound("price-market-not-found");
  await audit(q, { tenantId, actorId, action: "prices.market-updated", subjectType: "price_market", subjectId: row.id, data: { ...m } });
  return (await listMarkets(q, tenantId, false)).find((x) => x.id === row.id) as Market;
}

export interface CommodityInput {
  nameId?: string;
  nameEn?: string;
  unit?: "kg" | "liter";
  referencePrice?: number | null;
  referenceLabel?: string | null;
  alertWeekPct?: number;
  active?: boolean;
}

export async function updateCommodity(q: Queryable, tenantId: string, code: string, c: CommodityInput, actorId: string | null): Promise<Commodity> {
  const fields: FieldError[] = [];
  if (c.nameId !== undefined && !c.nameId.trim()) fields.push({ field: "nameId", code: "required" });
  if (c.nameEn !== undefined && !c.nameEn.trim()) fields.push({ field: "nameEn", code: "required" });
  if (c.referencePrice != null && (!Number.isInteger(c.referencePrice) || c.referencePrice <= 0))
    fields.push({ field: "referencePrice", code: "price-not-positive", message: "> 0" });
  if (c.alertWeekPct !== undefined && !(c.alertWeekPct > 0 && c.alertWeekPct <= 1000))
    fields.push({ field: "alertWeekPct", code: "price-percent", message: "0–1000" });
  if (fields.length) throw validationFailed(fields);
  const row = await q.one<{ id: string }>(
    `UPDATE price_commodities SET
        name_id = coalesce($3, name_id), name_en = coalesce($4, name_en), unit = coalesce($5, unit),
        reference_price = CASE WHEN $6::boolean THEN $7::int ELSE reference_price END,
        reference_label = CASE WHEN $8::boolean THEN $9 ELSE reference_label END,
        alert_week_pct = coalesce($10, alert_week_pct), active = coalesce($11, active)
      WHERE tenant_id = $1 AND code = $2 RETURNING id`,
    [
      tenantId,
      code,
      c.nameId?.trim() ?? null,
      c.nameEn?.trim() ?? null,
      c.unit ?? null,
      c.referencePrice !== undefined,
      c.referencePrice ?? null,
      c.referenceLabel !== undefined,
      c.referenceLabel?.trim() || null,
      c.alertWeekPct ?? null,
      c.active ?? null,
    ],
  );
  if (!row) throw notFound("price-commodity-not-found");
  await audit(q, { tenantId, actorId, action: "prices.commodity-updated", subjectType: "price_commodity", subjectId: row.id, data: { code, ...c } });
  return (await listCommodities(q, tenantId, false)).find((x) => x.id === row.id) as Commodity;
}

// ---- entry ------------------------------------------------------------------------------------------

export interface PriceInput {
  market: string;
  commodity: string;
  date: string;
  price: number;
}

export interface EntryResult {
  created: number;
  corrected: number;
  unchanged: number;
  alerts: number;
}

interface Lookup {
  markets: Map<string, Market>;
  commodities: Map<string, Commodity>;
}

async function lookup(q: Queryable, tenantId: string): Promise<Lookup> {
  const markets = new Map<string, Market>();
  for (const m of await listMarkets(q, tenantId, true)) {
    markets.set(m.code.toLowerCase(), m);
    markets.set(m.name.toLowerCase(), m);
  }
  const commodities = new Map<string, Commodity>();
  for (const c of await listCommodities(q, tenantId, true)) {
    commodities.set(c.code.toLowerCase(), c);
    commodities.set(c.name.id.toLowerCase(), c);
  }
  return { markets, commodities };
}

const msg = (locale: Locale, id: string, en: string) => (locale === "en" ? en : id);

/**
 * Stores prices (one transaction, all or nothing). Per cell: a new price is version 1; a different price on a
 * cell that has one supersedes it (version + 1, the old row kept); the same price changes nothing. Refuses
 * unknown markets/commodities, bad dates and non-positive prices (400 with field errors); questions a price far
 * from the previous one (422 `price-questioned`, field code `questioned`) unless `confirm`. `where(i, col)`
 * names the field of input i (grid: prices[i].price; import: line/column).
 */
export async function storePrices(
  q: Queryable,
  opts: {
    tenantId: string;
    today: string;
    inputs: PriceInput[];
    confirm: boolean;
    actorId: string | null;
    source: "grid" | "import" | "api" | "seed";
    locale: Locale;
    where: (i: number, col: "market" | "commodity" | "date" | "price") => string;
  },
): Promise<EntryResult> {
  const { tenantId, inputs, locale, where } = opts;
  const lk = await lookup(q, tenantId);
  const errors: FieldError[] = [];
  const resolved: { market: Market; commodity: Commodity; date: string; price: number; i: number }[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((inp, i) => {
    const market = lk.markets.get(
      String(inp.market ?? "")
        .trim()
        .toLowerCase(),
    );
    const commodity = lk.commodities.get(
      String(inp.commodity ?? "")
        .trim()
        .toLowerCase(),
    );
    let ok = true;
    if (!market) {
      ok = false;
      errors.push({
        field: where(i, "market"),
        code: "price-unknown-market",
        message: msg(locale, `Pasar tidak dikenal: "${inp.market}"`, `Unknown market: "${inp.market}"`),
      });
    }
    if (!commodity) {
      ok = false;
      errors.push({
        field: where(i, "commodity"),
        code: "price-unknown-commodity",
        message: msg(locale, `Komoditas tidak dikenal: "${inp.commodity}"`, `Unknown commodity: "${inp.commodity}"`),
      });
    }
    if (!isDate(inp.date)) {
      ok = false;
      errors.push({
        field: where(i, "date"),
        code: "price-invalid-date",
        message: msg(locale, `Tanggal tidak valid: "${inp.date}" (TTTT-BB-HH)`, `Invalid date: "${inp.date}" (YYYY-MM-DD)`),
      });
    } else if (inp.date > opts.today) {
      ok = false;
      errors.push({
        field: where(i, "date"),
        code: "price-future-date",
        message: msg(locale, `Tanggal ${inp.date} belum tiba`, `Date ${inp.date} is in the future`),
      });
    }
    if (typeof inp.price !== "number" || !Number.isFinite(inp.price) || !Number.isInteger(inp.price) || inp.price <= 0) {
      ok = false;
      errors.push({
        field: where(i, "price"),
        code: "price-not-positive",
        message: msg(
          locale,
          `Harga harus bilangan bulat lebih dari 0 (Rupiah), bukan "${inp.price}"`,
          `Price must be a whole number above 0 (Rupiah), not "${inp.price}"`,
        ),
      });
    }
    if (ok && market && commodity) {
      const key = `${market.id}|${commodity.id}|${inp.date}`;
      if (seen.has(key)) {
        errors.push({
          field: where(i, "commodity"),
          code: "price-duplicate",
          message: msg(
            locale,
            `Harga ${commodity.name.id} di ${market.name} tanggal ${inp.date} muncul dua kali`,
            `${commodity.name.en} at ${market.name} on ${inp.date} appears twice`,
          ),
        });
      } else {
        seen.set(key, i);
        resolved.push({ market, commodity, date: inp.date, price: inp.price, i });
      }
    }
  });
  if (errors.length) throw validationFailed(errors);

  // Question values far from the previous price of that market (or absurd ones with no previous price).
  const questioned: FieldError[] = [];
  const current = new Map<number, { id: string; price: number; version: number } | undefined>();
  for (const r of resolved) {
    const cur = await store.currentFor(q, tenantId, r.market.id, r.commodity.id, r.date);
    current.set(r.i, cur);
    if (cur && cur.price === r.price) continue;
    const prev = await store.previousPrice(q, tenantId, r.market.id, r.commodity.id, r.date);
    const unit = r.commodity.unit === "liter" ? "liter" : "kg";
    if (prev) {
      const ratio = r.price / prev.price;
      if (ratio >= QUESTION_RATIO || ratio <= 1 / QUESTION_RATIO) {
        const times = ratio >= 1 ? `${Math.round(ratio * 10) / 10}×` : `1/${Math.round((1 / ratio) * 10) / 10}`;
        questioned.push({
          field: where(r.i, "price"),
          code: "questioned",
          message: msg(
            locale,
            `${r.commodity.name.id} di ${r.market.name}: ${rupiah(r.price)}/${unit} adalah ${times} harga sebelumnya ${rupiah(prev.price)} (${prev.date}). Periksa lalu konfirmasi bila benar`,
            `${r.commodity.name.en} at ${r.market.name}: ${rupiah(r.price)}/${unit} is ${times} the previous price ${rupiah(prev.price)} (${prev.date}). Check it and confirm if it is right`,
          ),
        });
      }
    } else if (r.price > QUESTION_CEILING) {
      questioned.push({
        field: where(r.i, "price"),
        code: "questioned",
        message: msg(
          locale,
          `${rupiah(r.price)}/${unit} sangat tinggi untuk ${r.commodity.name.id}. Konfirmasi bila benar`,
          `${rupiah(r.price)}/${unit} is very high for ${r.commodity.name.en}. Confirm if it is right`,
        ),
      });
    }
  }
  if (questioned.length && !opts.confirm) throw new AppError("price-questioned", 422, { fields: questioned });
  const questionedFields = new Set(questioned.map((f) => f.field));

  const result: EntryResult = { created: 0, corrected: 0, unchanged: 0, alerts: 0 };
  const rows: Record<string, unknown>[] = [];
  const superseded: string[] = [];
  const corrections: Record<string, unknown>[] = [];
  for (const r of resolved) {
    const cur = current.get(r.i);
    if (cur && cur.price === r.price) {
      result.unchanged++;
      continue;
    }
    if (cur) {
      superseded.push(cur.id);
      corrections.push({ market: r.market.code, commodity: r.commodity.code, date: r.date, from: cur.price, to: r.price, version: cur.version + 1 });
      result.corrected++;
    } else result.created++;
    rows.push({
      market_id: r.market.id,
      commodity_id: r.commodity.id,
      date: r.date,
      price: r.price,
      version: (cur?.version ?? 0) + 1,
      confirmed: questionedFields.has(where(r.i, "price")),
    });
  }
  if (superseded.length)
    await q.query("UPDATE price_entries SET superseded_at = now() WHERE tenant_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb)::bigint)", [
      tenantId,
      superseded,
    ]);
  if (rows.length)
    await insertEntries(
      q,
      `INSERT INTO price_entries (tenant_id, market_id, commodity_id, date, price, version, source, confirmed, entered_by)
       SELECT $1, x.market_id, x.commodity_id, x.date, x.price, x.version, $3, x.confirmed, $4
         FROM jsonb_to_recordset($2::jsonb) AS x(market_id uuid, commodity_id uuid, date date, price int, version int, confirmed boolean)`,
      [tenantId, rows, opts.source, opts.actorId],
    );
  if (rows.length) {
    const markets = [...new Set(resolved.map((r) => r.market.code))];
    const dates = [...new Set(resolved.map((r) => r.date))].sort();
    await audit(q, {
      tenantId,
      actorId: opts.actorId,
      action: "prices.entered",
      subjectType: "price_market",
      subjectId: resolved[0].market.id,
      data: {
        source: opts.source,
        markets,
        dates: [dates[0], dates[dates.length - 1]],
        created: result.created,
        corrected: result.corrected,
        corrections: corrections.slice(0, 50),
        confirmed: questioned.length,
      },
    });
    // Rules run for the days written within the last week (a back-filled year raises no alerts for old days).
    const recent = dates.filter((d) => d >= addDays(opts.today, -7));
    const byDate = new Map<string, Set<string>>();
    for (const r of resolved) if (recent.includes(r.date)) byDate.set(r.date, (byDate.get(r.date) ?? new Set()).add(r.commodity.id));
    for (const [date, ids] of byDate) result.alerts += await evaluateAlerts(q, tenantId, [...ids], date);
  }
  return result;
}

/** Two officers entering the same new cell at once: the second gets 409 (reload and look), not a 500. */
async function insertEntries(q: Queryable, sql: string, params: unknown[]) {
  try {
    await q.query(sql, params);
  } catch (e) {
    if ((e as { code?: string }).code === "23505") throw new AppError("conflict", 409);
    throw e;
  }
}

// ---- alerts -----------------------------------------------------------------------------------------

/**
 * Runs the rules for commodities on a date: the city average (all markets with a price that day) against the
 * average a week earlier (the latest day with prices 7–10 days before) and against the reference price. Each
 * (commodity, date, rule) raises at most one alert: stored, audited, and emitted as `prices.alert`.
 */
export async function evaluateAlerts(q: Queryable, tenantId: string, commodityIds: string[], date: string): Promise<number> {
  const all = await listCommodities(q, tenantId, false);
  let raised = 0;
  for (const id of commodityIds) {
    const c = all.find((x) => x.id === id);
    if (!c) continue;
    const now = await store.cityAverage(q, tenantId, id, date, date);
    if (!now) continue;
    const before = await store.cityAverage(q, tenantId, id, addDays(date, -10), addDays(date, -7));
    const change = changePct(now.avg, before?.avg);
    const candidates: { kind: string; value: number; threshold: number; change: number | null }[] = [];
    if (change != null && change > c.alertWeekPct) candidates.push({ kind: "week-rise", value: now.avg, threshold: c.alertWeekPct, change });
    if (c.referencePrice != null && now.avg > c.referencePrice)
      candidates.push({ kind: "above-reference", value: now.avg, threshold: c.referencePrice, change: changePct(now.avg, c.referencePrice) });
    for (const a of candidates) {
      const row = await q.one<{ id: string }>(
        `INSERT INTO price_alerts (tenant_id, commodity_id, date, kind, value, threshold, change_pct) VALUES ($1, $2, $3::date, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, commodity_id, date, kind) DO NOTHING RETURNING id`,
        [tenantId, id, date, a.kind, a.value, a.threshold, a.change],
      );
      if (!row) continue;
      raised++;
      const payload = {
        alertId: row.id,
        commodity: c.code,
        commodityName: c.name.id,
        unit: c.unit,
        date,
        kind: a.kind,
        cityAverage: a.value,
        threshold: a.threshold,
        changePct: a.change,
        previousAverage: before?.avg ?? null,
        referenceLabel: a.kind === "above-reference" ? c.referenceLabel : null,
      };
      await emit(q, tenantId, "prices.alert", payload);
      await audit(q, { tenantId, actorId: null, action: "prices.alert-raised", subjectType: "price_alert", subjectId: row.id, data: payload });
    }
  }
  return raised;
}

export interface Alert {
  id: string;
  commodity: string;
  name: { id: string; en: string };
  unit: string;
  date: string;
  kind: string;
  value: number;
  threshold: number;
  changePct: number | null;
  createdAt: string;
  resolvedAt: string | null;
}

export async function listAlerts(q: Queryable, tenantId: string, openOnly: boolean): Promise<Alert[]> {
  return (await store.alerts(q, tenantId, openOnly)).map((a) => ({
    id: a.id,
    commodity: a.commodity_code,
    name: { id: a.name_id, en: a.name_en },
    unit: a.unit,
    date: a.date,
    kind: a.kind,
    value: Number(a.value),
    threshold: Number(a.threshold),
    changePct: a.change_pct == null ? null : Number(a.change_pct),
    createdAt: new Date(a.created_at).toISOString(),
    resolvedAt: a.resolved_at ? new Date(a.resolved_at).toISOString() : null,
  }));
}

export async function resolveAlert(q: Queryable, tenantId: string, id: string, actorId: string): Promise<void> {
  const row = await q.one<{ id: string }>(
    "UPDATE price_alerts SET resolved_at = coalesce(resolved_at, now()), resolved_by = coalesce(resolved_by, $3) WHERE tenant_id = $1 AND id = $2 RETURNING id",
    [tenantId, id, actorId],
  );
  if (!row) throw notFound("price-alert-not-found");
  await audit(q, { tenantId, actorId, action: "prices.alert-resolved", subjectType: "price_alert", subjectId: id, data: {} });
}

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

async function commodityByCode(q: Queryable, tenantId: string, code: string) {
  const c = (await listCommodities(q, tenantId, false)).find((x) => x.code === code);
  if (!c) throw new AppError("price-commodity-not-found", 404, { fields: [{ field: "commodity", code: "price-unknown-commodity", message: code }] });
  return c;
}
async function marketByCode(q: Queryable, tenantId: string, code: string) {
  const m = (await listMarkets(q, tenantId, false)).find((x) => x.code === code);
  if (!m) throw new AppError("price-market-not-found", 404, { fields: [{ field: "market", code: "price-unknown-market", message: code }] });
  return m;
}

/** A commodity's daily series over [from, to]: one market's price, or the city average with min and max. */
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

// ---- import -----------------------------------------------------------------------------------------

const COLUMNS = {
  date: ["tanggal", "date", "tgl"],
  market: ["pasar", "market", "kode_pasar"],
  commodity: ["komoditas", "commodity", "kode_komoditas"],
  price: ["harga", "price"],
} as const;
type Col = keyof typeof COLUMNS;

/** "13500", "13.500", "Rp 13.500", "13,500" → 13500; decimals and text → NaN. */
export function parsePrice(raw: string): number {
  let s = raw
    .trim()
    .replace(/^rp\.?\s*/i, "")
    .replace(/\s/g, "");
  if (/^\d{1,3}([.,]\d{3})+$/.test(s)) s = s.replace(/[.,]/g, "");
  if (/^\d+$/.test(s)) return Number(s);
  if (/^-\d+$/.test(s)) return Number(s);
  return Number.NaN;
}

/** "2026-11-23", "23/11/2026", "23-11-2026" → "2026-11-23" (invalid stays as given, the checks report it). */
export function parseDate(raw: string): string {
  const s = raw.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (dmy) return `${dmy[3]}-${dmy[2].padStart(2, "0")}-${dmy[1].padStart(2, "0")}`;
  return s;
}

function importError(locale: Locale, line: number, column: string, code: string, id: string, en: string): FieldError {
  return {
    field: `line ${line}, column ${column}`,
    code,
    message: msg(locale, `Baris ${line}, kolom ${column}: ${id}`, `Line ${line}, column ${column}: ${en}`),
  };
}

/** Table rows (the header first) from CSV or XLSX bytes; each row carries its line number in the file. */
export async function readTable(filename: string, bytes: Buffer, locale: Locale): Promise<{ line: number; cells: string[] }[]> {
  const isXlsx = /\.xlsx$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b);
  if (isXlsx) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw validationFailed([
        { field: "file", code: "price-bad-file", message: msg(locale, "Berkas XLSX tidak dapat dibaca", "The XLSX file cannot be read") },
      ]);
    }
    const ws = wb.worksheets[0];
    const out: { line: number; cells: string[] }[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let i = 1; i <= Math.max(row.cellCount, 4); i++) {
        const v = row.getCell(i).value;
        cells.push(
          v instanceof Date
            ? v.toISOString().slice(0, 10)
            : v && typeof v === "object" && "result" in v
              ? String((v as { result: unknown }).result ?? "")
              : v && typeof v === "object" && "text" in v
                ? String((v as { text: unknown }).text)
                : v == null
                  ? ""
                  : String(v),
        );
      }
      out.push({ line: n, cells });
    });
    return out;
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  try {
    const records = parseCsv(text, { delimiter, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return records.map((r) => ({ line: r.info.lines, cells: r.record }));
  } catch (e) {
    const err = e as { lines?: number; code?: string; message?: string };
    const line = err.lines ?? 0;
    throw validationFailed([
      {
        field: `line ${line}`,
        code: "price-malformed-csv",
        message: msg(
          locale,
          `Baris ${line}: CSV rusak (${err.code ?? "parse"}): ${err.message ?? ""}`,
          `Line ${line}: malformed CSV (${err.code ?? "parse"}): ${err.message ?? ""}`,
        ),
      },
    ]);
  }
}

/**
 * Imports prices from a CSV or XLSX table with the columns tanggal (date), pasar (market code or name),
 * komoditas (commodity code or name) and harga (price). All rows or none: every problem is reported with its
 * line and column; questioned prices need `confirm` like the grid.
 */
export async function importPrices(
  q: Queryable,
  opts: { tenantId: string; today: string; filename: string; bytes: Buffer; confirm: boolean; actorId: string | null; locale: Locale },
): Promise<EntryResult & { rows: number }> {
  const { locale } = opts;
  const table = await readTable(opts.filename, opts.bytes, locale);
  if (table.length < 2)
    throw validationFailed([
      { field: "file", code: "price-empty-file", message: msg(locale, "Berkas tidak berisi baris harga", "The file has no price rows") },
    ]);
  if (table.length - 1 > MAX_IMPORT_ROWS)
    throw validationFailed([
      {
        field: "file",
        code: "price-too-many-rows",
        message: msg(locale, `Paling banyak ${MAX_IMPORT_ROWS} baris per berkas`, `At most ${MAX_IMPORT_ROWS} rows per file`),
      },
    ]);
  const header = table[0].cells.map((h) => h.trim().toLowerCase());
  const index = {} as Record<Col, number>;
  const missing: FieldError[] = [];
  for (const col of Object.keys(COLUMNS) as Col[]) {
    index[col] = header.findIndex((h) => (COLUMNS[col] as readonly string[]).includes(h));
    if (index[col] < 0)
      missing.push(
        importError(locale, table[0].line, COLUMNS[col][0], "price-missing-column", "kolom tidak ada di baris judul", "column missing from the header row"),
      );
  }
  if (missing.length) throw validationFailed(missing);
  const body = table.slice(1);
  const inputs: PriceInput[] = [];
  const parseErrors: FieldError[] = [];
  for (const r of body) {
    const raw = r.cells[index.price] ?? "";
    const price = parsePrice(raw);
    if (Number.isNaN(price))
      parseErrors.push(importError(locale, r.line, "harga", "price-not-a-number", `"${raw}" bukan angka Rupiah`, `"${raw}" is not a Rupiah amount`));
    inputs.push({
      date: parseDate(r.cells[index.date] ?? ""),
      market: r.cells[index.market] ?? "",
      commodity: r.cells[index.commodity] ?? "",
      price: Number.isNaN(price) ? 0 : price,
    });
  }
  const colName: Record<Col, string> = { date: "tanggal", market: "pasar", commodity: "komoditas", price: "harga" };
  const where = (i: number, col: Col) => `line ${body[i].line}, column ${colName[col]}`;
  const prefix = (f: FieldError): FieldError => {
    const m = /^line (\d+), column (\w+)$/.exec(f.field);
    return m && !f.message?.startsWith(msg(locale, "Baris", "Line"))
      ? { ...f, message: msg(locale, `Baris ${m[1]}, kolom ${m[2]}: ${f.message}`, `Line ${m[1]}, column ${m[2]}: ${f.message}`) }
      : f;
  };
  try {
    const result = await storePrices(q, {
      tenantId: opts.tenantId,
      today: opts.today,
      inputs,
      confirm: opts.confirm,
      actorId: opts.actorId,
      source: "import",
      locale,
      where,
    });
    if (parseErrors.length) throw validationFailed(parseErrors);
    return { ...result, rows: inputs.length };
  } catch (e) {
    if (e instanceof AppError && e.fields) {
      // Unparseable prices were sent as 0: report them once, as "not a number".
      const bad = new Set(parseErrors.map((p) => p.field));
      const fields = [...parseErrors, ...e.fields.filter((f) => !(bad.has(f.field) && f.code === "price-not-positive"))].map(prefix);
      const cols = ["tanggal", "pasar", "komoditas", "harga"];
      const order = (f: FieldError) => {
        const m = /^line (\d+)(?:, column (\w+))?/.exec(f.field);
        return Number(m?.[1] ?? 0) * 10 + cols.indexOf(m?.[2] ?? "");
      };
      fields.sort((a, b) => order(a) - order(b));
      throw new AppError(e.code, e.status, { fields });
    }
    throw e;
  }
}
