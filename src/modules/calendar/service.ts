import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import type { Locale } from "../../platform/i18n.ts";
import { type HolidaySet, localDate } from "../../platform/workdays.ts";
import { baselineHolidays } from "./baseline.ts";
import * as store from "./store.ts";
import { LruMap } from "../../platform/lru.ts";

/**
 * The holiday calendar SLA working days skip, for any year: the SKB decree rows a tenant's Kominfo enters (national
 * holidays and cuti bersama) are the truth for a year that has any; a year without them takes the `date-holidays`
 * baseline. Local days off (`local` rows) count on top of either.
 */
export type HolidaySource = "decree" | "library" | "local";
export interface CalendarDay {
  day: string;
  name: string;
  kind: store.HolidayRow["kind"];
  source: HolidaySource;
}

interface YearCalendar {
  source: "decree" | "library";
  decreeDays: number;
  localDays: number;
  days: (Omit<CalendarDay, "name"> & { name: { id: string; en: string } })[];
  set: Set<string>;
}

/** One year from its table rows: decree rows replace the library baseline; local rows are added. */
function mergeYear(year: number, rows: store.HolidayRow[]): YearCalendar {
  const decree = rows.filter((r) => r.kind !== "local");
  const local = rows.filter((r) => r.kind === "local");
  const byDay = new Map<string, YearCalendar["days"][number]>();
  if (decree.length > 0) for (const r of decree) byDay.set(r.day, { day: r.day, name: { id: r.name, en: r.name }, kind: r.kind, source: "decree" });
  else for (const b of baselineHolidays(year)) byDay.set(b.day, { day: b.day, name: b.name, kind: "national", source: "library" });
  for (const r of local) byDay.set(r.day, { day: r.day, name: { id: r.name, en: r.name }, kind: "local", source: "local" });
  const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  return { source: decree.length > 0 ? "decree" : "library", decreeDays: decree.length, localDays: local.length, days, set: new Set(byDay.keys()) };
}

/** A tenant's table rows by year (one query) and, computed on first use, each year's merged calendar. */
class TenantCalendar implements HolidaySet {
  readonly years = new Map<number, YearCalendar>();
  readonly loadedAt: number;
  private readonly rows: Map<number, store.HolidayRow[]>;
  constructor(loadedAt: number, rows: Map<number, store.HolidayRow[]>) {
    this.loadedAt = loadedAt;
    this.rows = rows;
  }
  year(year: number): YearCalendar {
    const hit = this.years.get(year);
    if (hit) return hit;
    const merged = mergeYear(year, this.rows.get(year) ?? []);
    this.years.set(year, merged);
    return merged;
  }
  has(day: string): boolean {
    return this.year(Number(day.slice(0, 4))).set.has(day);
  }
}

/** Other processes sharing a PostgreSQL store see a change within this time (a monotonic clock); this process at once. */
const TTL_MS = 60_000;
const calendars = new LruMap<string, Promise<TenantCalendar>>(128);

async function loadCalendar(q: Queryable, tenantId: string): Promise<TenantCalendar> {
  const byYear = new Map<number, store.HolidayRow[]>();
  for (const r of await store.allHolidayRows(q, tenantId)) {
    const y = Number(r.day.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), r]);
  }
  return new TenantCalendar(performance.now(), byYear);
}

function calendarOf(q: Queryable, tenantId: string): Promise<TenantCalendar> {
  const hit = calendars.get(tenantId);
  if (hit) return hit.then((c) => (performance.now() - c.loadedAt < TTL_MS ? c : reload(q, tenantId)));
  return reload(q, tenantId);
}

function reload(q: Queryable, tenantId: string): Promise<TenantCalendar> {
  const p = loadCalendar(q, tenantId);
  calendars.set(tenantId, p);
  p.catch(() => calendars.get(tenantId) === p && calendars.delete(tenantId));
  return p;
}

/** Forgets a tenant's cached calendar (after its holiday table changed). */
export function invalidateHolidays(tenantId: string): void {
  calendars.delete(tenantId);
}

/** The merged holiday calendar of a tenant for every year, for the working-day functions in platform/workdays.ts. */
export function holidaysOf(q: Queryable, tenantId: string): Promise<HolidaySet> {
  return calendarOf(q, tenantId);
}

/** A year's merged list with the source of each date; library names in the caller's language. */
export async function listCalendar(q: Queryable, tenantId: string, year: number, locale: Locale): Promise<CalendarDay[]> {
  const cal = await calendarOf(q, tenantId);
  return cal.year(year).days.map((d) => ({ ...d, name: d.name[locale] }));
}

export interface YearStatus {
  year: number;
  source: "decree" | "library";
  decreeDays: number;
  localDays: number;
}
export interface DecreeStatus {
  today: string;
  years: YearStatus[];
  /** Next year's SKB (libur nasional and cuti bersama) has no rows and it is November or December: Kominfo must enter it. */
  nextYearMissing: { year: number } | null;
}

/** Whether this and next year run on an entered decree; warns from 1 November (tenant's local date) when next year has none. */
export async function decreeStatus(q: Queryable, tenant: { id: string; timezone: string }, now: Date): Promise<DecreeStatus> {
  const cal = await calendarOf(q, tenant.id);
  const today = localDate(now, tenant.timezone);
  const year = Number(today.slice(0, 4));
  const years = [year, year + 1].map((y) => {
    const c = cal.year(y);
    return { year: y, source: c.source, decreeDays: c.decreeDays, localDays: c.localDays };
  });
  const missing = Number(today.slice(5, 7)) >= 11 && years[1].source !== "decree";
  return { today, years, nextYearMissing: missing ? { year: year + 1 } : null };
}

// ---- changes to the table (Kominfo) ----------------------------------------------------------

export async function saveHoliday(db: Db, tenantId: string, actorId: string, row: store.HolidayRow): Promise<void> {
  await db.tx(async (q) => {
    await store.upsertHoliday(q, tenantId, row);
    await audit(q, { tenantId, actorId, action: "holiday.saved", subjectType: "holiday", subjectId: row.day, data: { name: row.name, kind: row.kind } });
    q.afterCommit(() => invalidateHolidays(tenantId));
  });
}

export async function removeHoliday(db: Db, tenantId: string, actorId: string, day: string): Promise<void> {
  await db.tx(async (q) => {
    if (!(await store.deleteHoliday(q, tenantId, day))) throw notFound();
    await audit(q, { tenantId, actorId, action: "holiday.deleted", subjectType: "holiday", subjectId: day });
    q.afterCommit(() => invalidateHolidays(tenantId));
  });
}

/**
 * Starts a year's decree from the library baseline (as national holidays), for Kominfo to edit into the SKB: move a
 * day, add cuti bersama, delete a cancelled one. Refused when the year already has decree rows.
 */
export async function adoptBaseline(db: Db, tenantId: string, actorId: string, year: number): Promise<{ year: number; inserted: number }> {
  return db.tx(async (q) => {
    if ((await store.countDecreeRows(q, tenantId, year)) > 0) throw conflict("holiday-decree-exists");
    let inserted = 0;
    for (const b of baselineHolidays(year)) {
      if (await store.insertHolidayIfMissing(q, tenantId, { day: b.day, name: b.name.id, kind: "national" })) inserted++;
    }
    await audit(q, { tenantId, actorId, action: "holiday.baseline_adopted", subjectType: "holiday", subjectId: String(year), data: { inserted } });
    q.afterCommit(() => invalidateHolidays(tenantId));
    return { year, inserted };
  });
}
