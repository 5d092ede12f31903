/**
 * Dates and times as the city reads them: every page shows instants in the tenant's time zone (WIB, WITA or WIT),
 * wherever the viewer's phone or computer is set. The session provider sets the zone once the session is known
 * (`setCityTimeZone`); until then, and for an unknown zone, the browser's own is used.
 */
import i18next from "../i18n/index.ts";
import { dateFormat } from "./intl.ts";

let cityZone: string | undefined;

/** The tenant's IANA zone (e.g. "Asia/Makassar"); ignored when the browser does not know it. */
export function setCityTimeZone(tz: string | undefined): void {
  if (!tz || tz === cityZone) return;
  // Indonesia's zones are in every browser's time zone data: no probe, whose first Intl call costs a cheap phone
  // ~100 ms of loading locale data before the first render (issue 14). Another zone is probed.
  if (INDONESIAN_ZONES.has(tz)) {
    cityZone = tz;
    return;
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    cityZone = tz;
  } catch {
    /* unknown zone: the browser's own */
  }
}

/** The city's IANA zone, once the session told it. */
export const cityTimeZone = (): string | undefined => cityZone;

const ABBR: Record<string, string> = {
  "Asia/Jakarta": "WIB",
  "Asia/Pontianak": "WIB",
  "Asia/Makassar": "WITA",
  "Asia/Jayapura": "WIT",
};
const INDONESIAN_ZONES = new Set(Object.keys(ABBR));
/** "WIB", "WITA" or "WIT" for Indonesian zones; the zone's short name otherwise. */
export function zoneName(tz = cityZone): string {
  if (!tz) return "";
  if (ABBR[tz]) return ABBR[tz];
  return new Intl.DateTimeFormat("en", { timeZone: tz, timeZoneName: "short" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")?.value ?? tz;
}

function fmt(opts: Intl.DateTimeFormatOptions, tz: string | undefined, locale?: string) {
  return dateFormat(locale ?? i18next.language, { ...opts, timeZone: tz });
}

/** "23 November 2026" (the day in the city). */
export function formatDate(iso: string | Date, tz = cityZone): string {
  return fmt({ day: "numeric", month: "long", year: "numeric" }, tz).format(new Date(iso));
}

/** "14.05" (id) / "14:05" (en), or with seconds; in the city's zone. */
export function formatTime(iso: string | Date, opts: { seconds?: boolean; tz?: string } = {}): string {
  return fmt({ hour: "2-digit", minute: "2-digit", second: opts.seconds ? "2-digit" : undefined }, opts.tz ?? cityZone).format(new Date(iso));
}

/** "23 November 2026, 14.05" in the city's zone. */
export function formatDateTime(iso: string | Date, tz = cityZone): string {
  const d = new Date(iso);
  return `${formatDate(d, tz)}, ${formatTime(d, { tz })}`;
}

/** Today's date in the city, "YYYY-MM-DD" (for date inputs and "today" queries). */
export function todayInCity(now: Date = new Date()): string {
  return fmt({ year: "numeric", month: "2-digit", day: "2-digit" }, cityZone, "en-CA").format(now);
}
