/**
 * Command center & Call Center 112: the lazy "command" i18n namespace, API shapes (docs/command-center.md) and small
 * formatters. No CSS and no heavy libraries here: the citizen page /darurat imports this too.
 */
import type { ApiResponse, schemas } from "../../api.ts";
import en from "../../i18n/command.en.json" with { type: "json" };
import id from "../../i18n/command.id.json" with { type: "json" };
import { cityTimeZone, formatTime, setCityTimeZone } from "../../ui/time.ts";
import { lazyNamespace } from "../../ui/namespace.ts";

// The namespace ships with the lazy command chunks, not with the first load.

export const useCommandT = lazyNamespace("command", id, en);

export type L = schemas["L"];
export const pick = (l: L | null | undefined, lang: string) => (l ? (lang === "en" ? l.en : l.id) : "");

/** Incident types in the order of the number keys 1–8. */
export const INCIDENT_TYPES = ["fire", "medical", "traffic", "crime", "disaster", "tree", "missing", "other"] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export type DispatchStatus = "dispatched" | "en_route" | "on_scene" | "finished" | "cancelled";

export interface DispatchRow {
  id: string;
  responderId: string;
  responderName: string;
  agency: string;
  status: DispatchStatus;
  dispatchedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  note?: string | null;
}

export interface Incident {
  id: string;
  number: string;
  type: string;
  priority: number;
  state: string;
  source?: string;
  lat: number;
  lon: number;
  address: string | null;
  kelurahan?: string | null;
  kelurahanName?: string | null;
  kecamatan?: string | null;
  kecamatanName?: string | null;
  callerName?: string | null;
  callerPhone?: string | null;
  notes?: string | null;
  callCount: number;
  receivedAt: string;
  firstDispatchedAt?: string | null;
  firstArrivedAt?: string | null;
  closedAt?: string | null;
  outcome?: string | null;
  dispatches?: DispatchRow[];
}

export interface Call {
  id: string;
  callerName?: string | null;
  callerPhone?: string | null;
  notes?: string | null;
  receivedAt?: string;
  at?: string;
  createdAt?: string;
}

export interface TimelineEvent {
  id?: string | number;
  at: string;
  kind?: string;
  action?: string | null;
  from?: string | null;
  to?: string | null;
  toLabel?: L | null;
  actorName?: string | null;
  comment?: string | null;
  note?: string | null;
  summary?: L | null;
}

export interface IncidentDetail extends Incident {
  calls: Call[];
  dispatches: DispatchRow[];
  timeline: TimelineEvent[];
}

export interface Responder {
  id: string;
  code: string;
  name: string;
  agency: string;
  phone?: string | null;
  active: boolean;
  /** The server sends a count of active dispatches (0 = free). */
  busy: boolean | number;
}

export interface Meta {
  types: { key: string; label: L; priority: number; agencies: string[] }[];
  responders: Responder[];
}

/** A camera as GET /api/command/cameras lists it. */
export type Camera = ApiResponse<"/api/command/cameras", "get">["items"][number];

export interface LiveEvent {
  id: number;
  topic: string;
  at: string;
  summary: L | null;
  // biome-ignore lint/suspicious/noExplicitAny: payloads differ per topic
  payload?: any;
}

export interface Overview {
  generatedAt: string;
  counters: {
    openIncidents: number;
    incidentsToday: number;
    avgResponseSecondsToday: number | null;
    openCases: number;
    overdueCases: number;
    openReports: number;
  };
  opds: { unitId: string; code: string; name: string; openCases: number; overdue: number; incidentsToday: number; avgResponseSeconds: number | null }[];
  incidents: Incident[];
  reports: { lat: number; lon: number; count: number }[];
  cameras: Camera[];
  sensors?: Sensor[];
  hourly: { hour: string; incidents: number; cases: number; reports: number }[];
  ticker: LiveEvent[];
}

/** The latest positioned reading of an OPD sensor (source + kind); severity when it raised an alert. */
export interface Sensor {
  source: string;
  kind: string;
  value: number | null;
  unit: string | null;
  lat: number;
  lon: number;
  severity: string | null;
  at: string;
}

export const OPEN_STATES = new Set(["received", "dispatched", "on_scene"]);

/** "4 mnt 20 dtk", "35 dtk", "1 jam 5 mnt" in the UI language. */
export function duration(seconds: number | null | undefined, lang: string): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  const en = lang === "en";
  const mn = en ? "min" : "mnt";
  const sc = en ? "s" : "dtk";
  const hr = en ? "h" : "jam";
  if (s < 60) return `${s} ${sc}`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r ? `${m} ${mn} ${r} ${sc}` : `${m} ${mn}`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m ? `${h} ${hr} ${m} ${mn}` : `${h} ${hr}`;
}

/** "4 mnt 20 dtk", "45 dtk", "1 jam 2 mnt 5 dtk": exact to the second (reports); "—" when unknown. */
export function durationExact(seconds: number | null | undefined, lang: string): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  const en = lang === "en";
  const parts: string[] = [];
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) parts.push(`${h} ${en ? "h" : "jam"}`);
  if (m) parts.push(`${m} ${en ? "min" : "mnt"}`);
  if (r || parts.length === 0) parts.push(`${r} ${en ? "s" : "dtk"}`);
  return parts.join(" ");
}

/** "2 mnt" since an instant (coarse, for lists). */
export function age(iso: string | null | undefined, lang: string, now = Date.now()): string {
  if (!iso) return "—";
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return duration(s, lang);
  return duration(Math.round(s / 60) * 60, lang);
}

/** Times on these pages are the city's (the tenant's time zone): the one setting in web/ui/time.ts. */
export function useCityTimeZone(tz: string | undefined) {
  setCityTimeZone(tz);
}
export { cityTimeZone };

/** "14.05" (id) / "14:05" (en), in the city's time zone when known. */
export function hhmm(iso: string | null | undefined, _lang: string, seconds = false): string {
  if (!iso) return "—";
  return formatTime(iso, { seconds });
}

/**
 * Reads a location a caller shared: "-2.97, 104.75", "-2.97 104.75", a Google Maps link with "@lat,lon" or
 * "q=lat,lon" / "ll=" / "query=" / "/place/lat,lon". Returns null when nothing plausible is found.
 */
export function parseSharedLocation(text: string): { lat: number; lon: number } | null {
  const s = decodeURIComponentSafe(text.trim());
  if (!s) return null;
  const num = "(-?\\d{1,3}(?:\\.\\d+)?)";
  const patterns = [
    new RegExp(`@${num},\\s*${num}`),
    new RegExp(`[?&](?:q|ll|query|destination|daddr|center)=(?:loc:)?${num},\\s*${num}`),
    new RegExp(`!3d${num}!4d${num}`),
    new RegExp(`/place/${num},\\s*${num}`),
    new RegExp(`^${num}\\s*[,;\\s]\\s*${num}$`),
    new RegExp(`(?:^|[^\\d.])${num},\\s*${num}(?:[^\\d]|$)`),
  ];
  for (const re of patterns) {
    const m = s.match(re);
    if (!m) continue;
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat, lon };
  }
  return null;
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    return s;
  }
}
