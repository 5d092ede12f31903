import type { Queryable } from "../../platform/db.ts";
import { insertHolidayIfMissing } from "./store.ts";

/**
 * National holidays (libur nasional) and cuti bersama for 2026, after the SKB 3 Menteri for 2026: the decree rows
 * seeded for every tenant. Kominfo enters later years' SKB in the console; until then a year runs on the library
 * baseline (`date-holidays`). Local days off are added to the same table.
 */
export const NATIONAL_DAYS_OFF: { day: string; name: string; kind: "national" | "cuti_bersama" }[] = [
  { day: "2026-01-01", name: "Tahun Baru 2026 Masehi", kind: "national" },
  { day: "2026-01-16", name: "Isra Mikraj Nabi Muhammad SAW", kind: "national" },
  { day: "2026-02-16", name: "Cuti bersama Tahun Baru Imlek", kind: "cuti_bersama" },
  { day: "2026-02-17", name: "Tahun Baru Imlek 2577 Kongzili", kind: "national" },
  { day: "2026-03-18", name: "Cuti bersama Hari Suci Nyepi", kind: "cuti_bersama" },
  { day: "2026-03-19", name: "Hari Suci Nyepi Tahun Baru Saka 1948", kind: "national" },
  { day: "2026-03-20", name: "Cuti bersama Idul Fitri 1447 H", kind: "cuti_bersama" },
  { day: "2026-03-21", name: "Hari Raya Idul Fitri 1447 H", kind: "national" },
  { day: "2026-03-22", name: "Hari Raya Idul Fitri 1447 H", kind: "national" },
  { day: "2026-03-23", name: "Cuti bersama Idul Fitri 1447 H", kind: "cuti_bersama" },
  { day: "2026-03-24", name: "Cuti bersama Idul Fitri 1447 H", kind: "cuti_bersama" },
  { day: "2026-04-03", name: "Wafat Yesus Kristus", kind: "national" },
  { day: "2026-04-05", name: "Kebangkitan Yesus Kristus (Paskah)", kind: "national" },
  { day: "2026-05-01", name: "Hari Buruh Internasional", kind: "national" },
  { day: "2026-05-14", name: "Kenaikan Yesus Kristus", kind: "national" },
  { day: "2026-05-15", name: "Cuti bersama Kenaikan Yesus Kristus", kind: "cuti_bersama" },
  { day: "2026-05-27", name: "Hari Raya Idul Adha 1447 H", kind: "national" },
  { day: "2026-05-28", name: "Cuti bersama Idul Adha 1447 H", kind: "cuti_bersama" },
  { day: "2026-05-31", name: "Hari Raya Waisak 2570 BE", kind: "national" },
  { day: "2026-06-01", name: "Hari Lahir Pancasila", kind: "national" },
  { day: "2026-06-16", name: "Tahun Baru Islam 1448 H", kind: "national" },
  { day: "2026-08-17", name: "Hari Kemerdekaan Republik Indonesia", kind: "national" },
  { day: "2026-08-25", name: "Maulid Nabi Muhammad SAW", kind: "national" },
  { day: "2026-12-24", name: "Cuti bersama Hari Raya Natal", kind: "cuti_bersama" },
  { day: "2026-12-25", name: "Hari Raya Natal", kind: "national" },
];

/** Enters the 2026 SKB for a new tenant; other years start on the library baseline (see service.ts). */
export async function seedHolidays(q: Queryable, tenantId: string): Promise<number> {
  for (const h of NATIONAL_DAYS_OFF) await insertHolidayIfMissing(q, tenantId, h);
  return NATIONAL_DAYS_OFF.length;
}
