/**
 * Harga bahan pokok: Dinas Perdagangan's markets and PIHPS commodities, daily prices per market entered by
 * enumerators (grid or CSV/XLSX import; every correction is a new version, nothing is overwritten), the public
 * view (city average with day/week change, per market, cheapest market, series) and alert rules (week-on-week
 * rise above a commodity's percentage, city average above the national reference price HET/HAP). One area per
 * file: markets.ts, entry.ts, import.ts, reading.ts, alerts.ts, commodities.ts.
 *
 * This file: market kinds, thresholds, the locale type and date arithmetic on YYYY-MM-DD strings.
 */
import type { Queryable } from "../../platform/db.ts";
import { addDays, localDate } from "../../platform/workdays.ts";
import { subtreeOfCode } from "../admin/index.ts";

export const MARKET_KINDS = ["traditional", "modern", "wholesale", "producer"] as const;
export type Locale = "id" | "en";
/** A price this many times the previous one (or less than 1/this) is questioned before it is stored. */
export const QUESTION_RATIO = 2;
/** Prices above this (Rupiah per kg/liter) are questioned even without an earlier price. */
export const QUESTION_CEILING = 1_000_000;
export const MAX_IMPORT_ROWS = 20_000;

// ---- dates ------------------------------------------------------------------------------------------

/** Today's date (YYYY-MM-DD) in a time zone. */
export const todayIn = (tz: string, now = new Date()) => localDate(now, tz);
export { addDays };
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

export const rupiah = (n: number) => `Rp${new Intl.NumberFormat("id-ID").format(n)}`;

export const msg = (locale: Locale, id: string, en: string) => (locale === "en" ? en : id);

/** The units whose staff keep prices: Dinas Perdagangan (code DISDAG) and the units under it (the admin module's tree). */
export function disdagUnits(q: Queryable, tenantId: string): Promise<string[]> {
  return subtreeOfCode(q, tenantId, "DISDAG");
}
