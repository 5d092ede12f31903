import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { AppError, type FieldError, notFound, validationFailed } from "../../platform/errors.ts";
import { PIHPS_COMMODITIES } from "./commodities.ts";
import { unitsByCode } from "../admin/index.ts";
import * as store from "./store.ts";
import { MARKET_KINDS } from "./common.ts";

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
    const [k] = await unitsByCode(q, tenantId, [m.kecamatanCode]);
    if (k?.kind !== "kecamatan") fields.push({ field: "kecamatanCode", code: "price-unknown-kecamatan", message: `kecamatan ${m.kecamatanCode}` });
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

export async function commodityByCode(q: Queryable, tenantId: string, code: string) {
  const c = (await listCommodities(q, tenantId, false)).find((x) => x.code === code);
  if (!c) throw new AppError("price-commodity-not-found", 404, { fields: [{ field: "commodity", code: "price-unknown-commodity", message: code }] });
  return c;
}
export async function marketByCode(q: Queryable, tenantId: string, code: string) {
  const m = (await listMarkets(q, tenantId, false)).find((x) => x.code === code);
  if (!m) throw new AppError("price-market-not-found", 404, { fields: [{ field: "market", code: "price-unknown-market", message: code }] });
  return m;
}

/** A commodity's daily series over [from, to]: one market's price, or the city average with min and max. */
