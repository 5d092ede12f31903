/**
 * Working-day arithmetic for SLA clocks, in a tenant's time zone: weekends and the tenant's holidays
 * (national holidays, cuti bersama, local days off) do not count.
 */

/**
 * The days off, by local date (YYYY-MM-DD). A plain Set will do; the tenant's calendar for every year
 * (SKB decree rows, else the `date-holidays` baseline, plus local days) comes from the calendar module's `holidaysOf`.
 */
export interface HolidaySet {
  has(day: string): boolean;
}

// Building an Intl.DateTimeFormat costs far more than using one: one of each per time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function formatOf(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  const hit = cache.get(timeZone);
  if (hit) return hit;
  const f = make();
  cache.set(timeZone, f);
  return f;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD
  return formatOf(dateFormats, timeZone, () => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })).format(at);
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** The local wall-clock parts of an instant in a time zone: two-digit month to second (hour 00–23), weekday Mon–Sun. */
export function localParts(at: Date, timeZone: string) {
  const f = formatOf(
    partFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat("en-GB", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        weekday: "short",
      }),
  );
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, weekday: p.weekday };
}

/** Offset of a time zone from UTC at an instant, in minutes (Asia/Jakarta = 420). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const name =
    formatOf(offsetFormats, timeZone, () => new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }))
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

/** The calendar date (YYYY-MM-DD) `n` days after `ymd` (before it when `n` is negative). */
export const addDays = (ymd: string, n: number): string => {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const isWeekend = (ymd: string) => {
  const day = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

export function isWorkingDay(ymd: string, holidays: HolidaySet): boolean {
  return !isWeekend(ymd) && !holidays.has(ymd);
}

/** The end (23:59:59.999 local) of a local calendar date, as an instant. */
export function endOfLocalDay(ymd: string, timeZone: string): Date {
  const guess = new Date(`${ymd}T23:59:59.999Z`);
  return new Date(guess.getTime() - zoneOffsetMinutes(guess, timeZone) * 60_000);
}

/**
 * When a clock of `days` working days started at `start` runs out: the end of the days-th working day
 * after the start date (the start date itself does not count, as a counter closes for the day).
 * days = 0 means the end of the start date's working day (or the next working day).
 */
export function addWorkingDays(start: Date, days: number, timeZone: string, holidays: HolidaySet): Date {
  let ymd = localDate(start, timeZone);
  if (days <= 0) {
    while (!isWorkingDay(ymd, holidays)) ymd = addDays(ymd, 1);
    return endOfLocalDay(ymd, timeZone);
  }
  let left = days;
  while (left > 0) {
    ymd = addDays(ymd, 1);
    if (isWorkingDay(ymd, holidays)) left--;
  }
  return endOfLocalDay(ymd, timeZone);
}

/** Working days from a to b (local dates, a exclusive, b inclusive); negative when b is before a. */
export function workingDaysBetween(a: Date, b: Date, timeZone: string, holidays: HolidaySet): number {
  let from = localDate(a, timeZone);
  const to = localDate(b, timeZone);
  if (from === to) return 0;
  const sign = from < to ? 1 : -1;
  let n = 0;
  while (from !== to) {
    from = addDays(from, sign);
    if (isWorkingDay(from, holidays)) n += sign;
  }
  return n;
}

export type SlaStatus = "on_time" | "due_soon" | "overdue" | "none";

/** Overdue past the due time; due soon within the last working day before it. */
export function slaStatus(due: Date | null, now: Date, timeZone: string, holidays: HolidaySet): SlaStatus {
  if (!due) return "none";
  if (due.getTime() < now.getTime()) return "overdue";
  return workingDaysBetween(now, due, timeZone, holidays) <= 1 ? "due_soon" : "on_time";
}
