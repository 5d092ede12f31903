import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { AppError, type FieldError, validationFailed } from "../../platform/errors.ts";
import * as store from "./store.ts";
import { type Locale, QUESTION_CEILING, QUESTION_RATIO, addDays, isDate, msg, rupiah } from "./common.ts";
import { type Commodity, type Market, listCommodities, listMarkets } from "./markets.ts";
import { evaluateAlerts } from "./alerts.ts";

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
    const norm = (v: unknown) =>
      String(v ?? "")
        .trim()
        .toLowerCase();
    const market = lk.markets.get(norm(inp.market));
    const commodity = lk.commodities.get(norm(inp.commodity));
    let ok = true;
    const fail = (col: "market" | "commodity" | "date" | "price", code: string, id: string, en: string) => {
      ok = false;
      errors.push({ field: where(i, col), code, message: msg(locale, id, en) });
    };
    if (!market) fail("market", "price-unknown-market", `Pasar tidak dikenal: "${inp.market}"`, `Unknown market: "${inp.market}"`);
    if (!commodity) fail("commodity", "price-unknown-commodity", `Komoditas tidak dikenal: "${inp.commodity}"`, `Unknown commodity: "${inp.commodity}"`);
    if (!isDate(inp.date)) fail("date", "price-invalid-date", `Tanggal tidak valid: "${inp.date}" (TTTT-BB-HH)`, `Invalid date: "${inp.date}" (YYYY-MM-DD)`);
    else if (inp.date > opts.today) fail("date", "price-future-date", `Tanggal ${inp.date} belum tiba`, `Date ${inp.date} is in the future`);
    if (typeof inp.price !== "number" || !Number.isFinite(inp.price) || !Number.isInteger(inp.price) || inp.price <= 0)
      fail(
        "price",
        "price-not-positive",
        `Harga harus bilangan bulat lebih dari 0 (Rupiah), bukan "${inp.price}"`,
        `Price must be a whole number above 0 (Rupiah), not "${inp.price}"`,
      );
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
