import { createRequire } from "node:module";
import type Holidays from "date-holidays";

/**
 * The library baseline: Indonesia's public holidays for any year from `date-holidays` (fixed dates, Easter-based
 * days, Imlek, and the Islamic days by the tabular Hijri calendar). It knows Nyepi and Waisak only for the years its
 * data lists (up to 2027 in 3.37), and nothing of cuti bersama: the SKB rows in the holiday table override it.
 */
export interface BaselineDay {
  day: string;
  name: { id: string; en: string };
}

// The library holds every country's rules (~8 MB of heap): loaded when a year without SKB rows is first asked for.
let library: Holidays | undefined;
const holidaysID = () => {
  library ??= new (createRequire(import.meta.url)("date-holidays") as typeof Holidays)("ID");
  return library;
};
const byYear = new Map<number, BaselineDay[]>();

// The library's Indonesian name of 27 Rajab is "Maulid Nabi Muhammad" (its 12 Rabi al-awwal name); the holiday is Isra Mikraj.
const ID_NAMES: Record<string, string> = { "27 Rajab": "Isra Mikraj Nabi Muhammad SAW" };

function publicDays(year: number, lang: "id" | "en") {
  // For Islamic days the library's `start` carries an odd time zone (-06:00); its `date` string holds the calendar date.
  return holidaysID()
    .getHolidays(year, lang)
    .filter((h) => h.type === "public");
}

/** The library's public holidays of a year, one entry per date (two holidays on one date are joined), by date. */
export function baselineHolidays(year: number): BaselineDay[] {
  const hit = byYear.get(year);
  if (hit) return hit;
  const en = new Map(publicDays(year, "en").map((h) => [`${h.date}|${h.rule}`, h.name]));
  const days = new Map<string, BaselineDay>();
  for (const h of publicDays(year, "id")) {
    const day = h.date.slice(0, 10);
    const name = { id: ID_NAMES[h.rule] ?? h.name, en: en.get(`${h.date}|${h.rule}`) ?? h.name };
    const same = days.get(day);
    days.set(day, same ? { day, name: { id: `${same.name.id}; ${name.id}`, en: `${same.name.en}; ${name.en}` } } : { day, name });
  }
  const list = [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  byYear.set(year, list);
  return list;
}
