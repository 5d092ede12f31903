/**
 * Harga bahan pokok: Dinas Perdagangan's markets and PIHPS commodities, daily prices per market entered by
 * enumerators (grid or CSV/XLSX import; every correction is a new version, nothing is overwritten), the public
 * view (city average with day/week change, per market, cheapest market, series) and alert rules (week-on-week
 * rise above a commodity's percentage, city average above the national reference price HET/HAP).
 */

export * from "./alerts.ts";
export * from "./common.ts";
export * from "./entry.ts";
export * from "./import.ts";
export * from "./markets.ts";
export * from "./reading.ts";
