/**
 * Demo data of the command center for Kota Palembang: Dishub's 13 CCTV points at the city's main intersections
 * (approximate coordinates) as registry entries, and a few OPD integration threshold rules.
 *
 * The cameras have no stream URL: Dishub's streams are not public, so an admin (cameras.manage) sets each URL in
 * the registry (PATCH /api/command/cameras/:id). For a demo with real or test streams, BALAI_CCTV_URLS may hold
 * JSON `{ "<code>": "<url>" }`, e.g. `{"CCTV-AMPERA": "https://example.org/ampera/index.m3u8"}`; the seed then sets
 * those URLs on cameras that have none.
 */
import type { Db, Queryable } from "../../platform/db.ts";
import { ingestEvents } from "./ingest.ts";
import { isStreamUrl } from "./cameras.ts";
import * as cameraStore from "./store-cameras.ts";
import * as ingestStore from "./store-ingest.ts";

export const DEMO_CAMERAS = [
  { code: "CCTV-CHARITAS", name: "Simpang Charitas", lat: -2.9792, lon: 104.7498 },
  { code: "CCTV-POLDA", name: "Simpang Polda", lat: -2.9642, lon: 104.7416 },
  { code: "CCTV-PATAL", name: "Simpang Patal", lat: -2.9601, lon: 104.7805 },
  { code: "CCTV-LIMA-DPRD", name: "Simpang Lima DPRD", lat: -2.9672, lon: 104.7487 },
  { code: "CCTV-AIR-MANCUR", name: "Bundaran Air Mancur", lat: -2.9878, lon: 104.7582 },
  { code: "CCTV-AMPERA", name: "Jembatan Ampera", lat: -2.9918, lon: 104.7636 },
  { code: "CCTV-ANGKATAN-66", name: "Simpang Angkatan 66", lat: -2.9702, lon: 104.7339 },
  { code: "CCTV-RAJAWALI", name: "Simpang Rajawali", lat: -2.9745, lon: 104.7708 },
  { code: "CCTV-JAKABARING", name: "Simpang Jakabaring", lat: -3.0232, lon: 104.7812 },
  { code: "CCTV-SEKIP", name: "Simpang Sekip", lat: -2.9603, lon: 104.7503 },
  { code: "CCTV-KM5", name: "Simpang Km 5", lat: -2.9431, lon: 104.7248 },
  { code: "CCTV-BANDARA", name: "Simpang Bandara", lat: -2.9135, lon: 104.7036 },
  { code: "CCTV-KERTAPATI", name: "Simpang Kertapati", lat: -3.0181, lon: 104.7417 },
] as const;

/** Stream URLs from BALAI_CCTV_URLS (JSON {code: url}); bad JSON or non-http(s) URLs are ignored. */
export function cctvUrlsFromEnv(raw = process.env.BALAI_CCTV_URLS): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string" && isStreamUrl(e[1])));
  } catch {
    return {};
  }
}

/** Dishub's 13 CCTV points (owner DISHUB, HLS, no URL unless BALAI_CCTV_URLS names one). Idempotent; returns how many were added. */
export async function seedDemoCameras(q: Queryable, tenantId: string, urls: Record<string, string> = cctvUrlsFromEnv()): Promise<number> {
  const dishub = await cameraStore.unitIdByCode(q, tenantId, "DISHUB");
  let added = 0;
  for (const c of DEMO_CAMERAS) {
    if (await cameraStore.seedCamera(q, tenantId, { ...c, ownerUnitId: dishub?.id ?? null, streamUrl: urls[c.code] ?? null })) added++;
  }
  return added;
}

export const DEMO_INGEST_RULES = [
  {
    kind: "water_level",
    op: ">=",
    threshold: 250,
    severity: "critical",
    messageId: "Tinggi muka air {value} {unit} di {source}: siaga banjir",
    messageEn: "Water level {value} {unit} at {source}: flood alert",
  },
  {
    kind: "water_level",
    op: ">=",
    threshold: 180,
    severity: "warning",
    messageId: "Tinggi muka air {value} {unit} di {source}: waspada",
    messageEn: "Water level {value} {unit} at {source}: watch",
  },
  {
    kind: "rainfall",
    op: ">=",
    threshold: 50,
    severity: "warning",
    messageId: "Curah hujan {value} {unit} ({source})",
    messageEn: "Rainfall {value} {unit} ({source})",
  },
  {
    kind: "water_pressure",
    op: "<",
    threshold: 0.5,
    severity: "warning",
    messageId: "Tekanan air PDAM rendah: {value} {unit}",
    messageEn: "Low PDAM water pressure: {value} {unit}",
  },
] as const;

/** A few threshold rules for flood sensors, rain gauges and the water utility (only when the tenant has none). */
export async function seedDemoIngestRules(q: Queryable, tenantId: string): Promise<number> {
  if (await ingestStore.hasRules(q, tenantId)) return 0;
  for (const r of DEMO_INGEST_RULES) await ingestStore.insertRule(q, tenantId, { ...r, source: null, active: true }, null);
  return DEMO_INGEST_RULES.length;
}

/** The command center's demo data: cameras and ingestion rules. */
export async function seedDemoCommand(q: Queryable, tenantId: string): Promise<{ cameras: number; rules: number }> {
  return { cameras: await seedDemoCameras(q, tenantId), rules: await seedDemoIngestRules(q, tenantId) };
}

/**
 * The last hours of three OPD systems, so the ingestion log and the wall are not empty on a fresh start:
 * PUPR's water-level sensor on the Bendung river (rising past the watch level), a rain gauge in Kenten, and
 * PDAM Tirta Musi's pressure at a reservoir. Sent through ingestEvents, as an API key would (rules apply).
 */
export async function seedDemoIngestEvents(db: Db, tenantId: string): Promise<number> {
  if (await ingestStore.hasEvents(db, tenantId)) return 0;
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const levels = [142, 148, 155, 161, 170, 176, 179, 183, 188, 186];
  const water = levels.map((value, i) => ({ kind: "water_level", value, unit: "cm", lat: -2.9622, lon: 104.7301, occurredAt: at((levels.length - i) * 30) }));
  const rain = [12, 35, 58, 22].map((value, i) => ({ kind: "rainfall", value, unit: "mm", lat: -2.9512, lon: 104.7786, occurredAt: at((4 - i) * 60) }));
  const pressure = [1.2, 1.1, 0.4, 0.9].map((value, i) => ({
    kind: "water_pressure",
    value,
    unit: "bar",
    lat: -2.9765,
    lon: 104.7461,
    occurredAt: at((4 - i) * 45),
  }));
  let n = 0;
  for (const [name, events] of [
    ["Sensor TMA Sungai Bendung (PUPR)", water],
    ["Pos Hujan Kenten (BPBD)", rain],
    ["PDAM Tirta Musi", pressure],
  ] as const) {
    n += (await ingestEvents(db, tenantId, { id: null, name }, [...events], { batch: true })).accepted;
  }
  return n;
}
