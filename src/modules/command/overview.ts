/**
 * The wall screen's picture of the city in one answer: counters, per-OPD rows, open incidents, open e-Lapor
 * reports clustered, cameras, the last 24 hours per hour and the newest events. Cached per tenant for 1 s, so
 * any number of walls and operators cost one computation per second; the counts over cases (the expensive part)
 * are refreshed every 15 s in the background.
 *
 * Built to stay fast with a million cases: every count over cases runs on a partial index
 *   - open and overdue per unit: cases_inbox (tenant_id, assignee_unit_id, sla_due_at) WHERE is_open AND state <> 'draft'
 *     (index-only, grouped by unit);
 *   - open reports: cases_complaint_nearby (tenant_id, service_key, h3) WHERE kind = 'complaint' AND is_open (index-only,
 *     grouped by res-9 cell, rolled up to res-7 cells here);
 *   - reports per hour: cases_complaint_submitted; applications per hour: cases_unit_all probed once per unit;
 *   - incidents: incidents_open and incidents_received.
 */
import { cellToLatLng, cellToParent, getResolution } from "h3-js";
import type { Db, Queryable } from "../../platform/db.ts";
import { hourlyIncidents, type IncidentView, incidentsByResponderUnit, incidentsSince, listIncidents, openIncidentCount } from "../emergency/index.ts";
import { type Camera, listCameras } from "./cameras.ts";
import { describeEvent, type Summary } from "./describe.ts";
import * as store from "./store-overview.ts";
import type { HourRow } from "./store-overview.ts";
import { LruMap } from "../../platform/lru.ts";

/** Reports are clustered by H3 cells of this resolution (~5 km², edge ~1.2 km). */
export const CLUSTER_RES = 7;
export const MAX_WALL_INCIDENTS = 200;
export const TICKER_SIZE = 30;
export const CACHE_MS = 1000;

/** The incidents on the wall: the emergency module's view, without the caller (name hidden, phone and notes masked). */
export type WallIncident = IncidentView;

export interface OpdRow {
  unitId: string;
  code: string;
  name: string;
  openCases: number;
  overdue: number;
  incidentsToday: number;
  avgResponseSeconds: number | null;
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
  opds: OpdRow[];
  incidents: WallIncident[];
  reports: { lat: number; lon: number; count: number }[];
  cameras: Camera[];
  /** The latest reading of each OPD sensor (source and kind) with a position, last 24 hours. */
  sensors: Sensor[];
  hourly: { hour: string; incidents: number; cases: number; reports: number }[];
  ticker: { id: number; topic: string; at: string; summary: Summary }[];
}

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

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());
const int = (v: unknown) => Number(v ?? 0);

// ---- queries (the SQL is in store-overview.ts) ---------------------------------------------------------

/** The latest positioned reading per (source, kind) of the last 24 hours (index ingest_events_source). */
async function latestSensors(q: Queryable, tenantId: string): Promise<Sensor[]> {
  const rows = await store.latestSensorRows(q, tenantId);
  return rows.map((r) => ({
    source: r.source,
    kind: r.kind,
    value: r.value,
    unit: r.unit,
    lat: Number(r.lat),
    lon: Number(r.lon),
    severity: r.severity,
    at: iso(r.occurred_at) as string,
  }));
}

/** The top-level OPDs (children of the pemda except kecamatan) and, for every unit under one, its OPD. */
async function opdTree(q: Queryable, tenantId: string) {
  const rows = await store.opdUnitRows(q, tenantId);
  const topOf = new Map<string, string>();
  const tops: { id: string; code: string; name: string }[] = [];
  for (const r of rows) {
    topOf.set(r.id, r.top_id);
    if (r.is_top) tops.push({ id: r.id, code: r.code, name: r.name });
  }
  return { topOf, tops };
}

const openByUnit = store.openByUnit;

async function clock(q: Queryable, tz: string) {
  const r = await store.clockRow(q, tz);
  return { today: new Date(r!.today), since: new Date(r!.since), now: new Date(r!.now) };
}

async function incidentCounters(q: Queryable, tenantId: string, today: Date) {
  const open = await openIncidentCount(q, tenantId);
  const day = await incidentsSince(q, tenantId, today);
  return { open: int(open?.n), today: int(day?.n), avg: day?.avg == null ? null : Math.round(Number(day.avg)) };
}

/** Open e-Lapor reports counted per res-9 cell on the index, rolled up to res-7 clusters (centre of the cell). */
export async function reportClusters(q: Queryable, tenantId: string): Promise<{ total: number; clusters: { lat: number; lon: number; count: number }[] }> {
  const rows = await store.openReportCells(q, tenantId);
  let total = 0;
  const counts = new Map<string, number>();
  for (const r of rows) {
    const n = int(r.n);
    total += n;
    if (!r.h3) continue;
    let parent: string;
    try {
      parent = getResolution(r.h3) > CLUSTER_RES ? cellToParent(r.h3, CLUSTER_RES) : r.h3;
    } catch {
      continue;
    }
    counts.set(parent, (counts.get(parent) ?? 0) + n);
  }
  const clusters = [...counts].map(([cell, count]) => {
    const [lat, lon] = cellToLatLng(cell);
    return { lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5, count };
  });
  clusters.sort((a, b) => b.count - a.count || a.lat - b.lat || a.lon - b.lon);
  return { total, clusters };
}

/** Reports and applications per hour since `since` (the slow part of the hourly series). */
async function hourlyCases(q: Queryable, tenantId: string, since: Date): Promise<{ reports: HourRow[]; cases: HourRow[] }> {
  const [reports, cases] = await Promise.all([store.hourlyReports(q, tenantId, since), store.hourlyApplications(q, tenantId, since)]);
  return { reports, cases };
}

function hourBuckets(since: Date, series: { incidents: HourRow[]; cases: HourRow[]; reports: HourRow[] }): Overview["hourly"] {
  const buckets = Array.from({ length: 24 }, (_, i) => ({ hour: new Date(since.getTime() + i * 3_600_000).toISOString(), incidents: 0, cases: 0, reports: 0 }));
  const index = new Map(buckets.map((b, i) => [b.hour, i]));
  for (const key of ["incidents", "cases", "reports"] as const)
    for (const r of series[key]) {
      const i = index.get(new Date(r.h).toISOString());
      if (i !== undefined) buckets[i][key] += int(r.n);
    }
  return buckets;
}

export async function ticker(q: Queryable, tenantId: string, limit = TICKER_SIZE): Promise<Overview["ticker"]> {
  const rows = await store.tickerRows(q, tenantId, limit);
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, at: iso(r.created_at)!, summary: describeEvent(r.topic, r.payload) }));
}

// ---- the overview ----------------------------------------------------------------------------------------

/**
 * The counts over cases: open and overdue per unit, open reports per cell, reports and applications per hour.
 * They scan a few hundred thousand index entries at a million cases (~0.2–0.9 s), so the cached overview
 * refreshes them at most every SLOW_CACHE_MS, in the background (the wall gets the previous counts meanwhile).
 */
interface CaseAggregates {
  open: Awaited<ReturnType<typeof openByUnit>>;
  reports: Awaited<ReturnType<typeof reportClusters>>;
  hourly: Awaited<ReturnType<typeof hourlyCases>>;
}

async function caseAggregates(db: Queryable, tenantId: string, since: Date): Promise<CaseAggregates> {
  const [open, reports, hourly] = await Promise.all([openByUnit(db, tenantId), reportClusters(db, tenantId), hourlyCases(db, tenantId, since)]);
  return { open, reports, hourly };
}

export const SLOW_CACHE_MS = 15_000;
const slowCache = new LruMap<string, { until: number; value: Promise<CaseAggregates>; refreshing: boolean }>(64);

function cachedCaseAggregates(db: Queryable, tenantId: string, since: Date): Promise<CaseAggregates> {
  const t = Date.now();
  const hit = slowCache.get(tenantId);
  if (hit && (hit.until > t || hit.refreshing)) return hit.value;
  if (hit) {
    // Stale: answer with the previous counts, refresh behind.
    hit.refreshing = true;
    caseAggregates(db, tenantId, since).then(
      (v) => slowCache.set(tenantId, { until: Date.now() + SLOW_CACHE_MS, value: Promise.resolve(v), refreshing: false }),
      () => {
        hit.refreshing = false;
      },
    );
    return hit.value;
  }
  const value = caseAggregates(db, tenantId, since);
  const entry = { until: t + SLOW_CACHE_MS, value, refreshing: false };
  slowCache.set(tenantId, entry);
  value.catch(() => {
    if (slowCache.get(tenantId) === entry) slowCache.delete(tenantId);
  });
  return value;
}

/** Computes the overview; `cachedCounts` takes the counts over cases from the slow cache (the HTTP route does). */
export async function buildOverview(db: Queryable, tenant: { id: string; timezone: string }, opts: { cachedCounts?: boolean } = {}): Promise<Overview> {
  const tenantId = tenant.id;
  const { today, since, now } = await clock(db, tenant.timezone);
  const [tree, agg, incCounters, byResponder, incidents, cameras, incidentHours, tick, sensors] = await Promise.all([
    opdTree(db, tenantId),
    opts.cachedCounts ? cachedCaseAggregates(db, tenantId, since) : caseAggregates(db, tenantId, since),
    incidentCounters(db, tenantId, today),
    incidentsByResponderUnit(db, tenantId, today),
    listIncidents(db, tenantId, undefined, { open: true, limit: MAX_WALL_INCIDENTS, wall: true }),
    listCameras(db, tenantId),
    hourlyIncidents(db, tenantId, since),
    ticker(db, tenantId),
    latestSensors(db, tenantId),
  ]);
  const { open, reports } = agg;
  const hours = hourBuckets(since, { incidents: incidentHours, ...agg.hourly });
  const rows = new Map<string, OpdRow & { secs: number[]; cases: Set<string> }>(
    tree.tops.map((t) => [
      t.id,
      { unitId: t.id, code: t.code, name: t.name, openCases: 0, overdue: 0, incidentsToday: 0, avgResponseSeconds: null, secs: [], cases: new Set() },
    ]),
  );
  let openCases = 0;
  let overdueCases = 0;
  for (const r of open) {
    openCases += int(r.open);
    overdueCases += int(r.overdue);
    const top = r.unit_id ? rows.get(tree.topOf.get(r.unit_id) ?? "") : undefined;
    if (!top) continue;
    top.openCases += int(r.open);
    top.overdue += int(r.overdue);
  }
  for (const r of byResponder) {
    const top = rows.get(tree.topOf.get(r.unit_id) ?? "");
    if (!top || top.cases.has(r.case_id)) continue;
    top.cases.add(r.case_id);
    if (r.secs != null) top.secs.push(Number(r.secs));
  }
  const opds = [...rows.values()]
    .map(({ secs, cases, ...o }) => ({
      ...o,
      incidentsToday: cases.size,
      avgResponseSeconds: secs.length ? Math.round(secs.reduce((a, b) => a + b, 0) / secs.length) : null,
    }))
    .sort((a, b) => b.openCases - a.openCases || b.incidentsToday - a.incidentsToday || a.code.localeCompare(b.code));
  return {
    generatedAt: now.toISOString(),
    counters: {
      openIncidents: incCounters.open,
      incidentsToday: incCounters.today,
      avgResponseSecondsToday: incCounters.avg,
      openCases,
      overdueCases,
      openReports: reports.total,
    },
    opds,
    incidents,
    reports: reports.clusters,
    cameras,
    sensors,
    hourly: hours,
    ticker: tick,
  };
}

const cache = new LruMap<string, { until: number; value: Promise<Overview> }>(64);

/** Forgets cached overviews (one tenant's, or all): for tests and after bulk changes. */
export function resetOverviewCache(tenantId?: string): void {
  if (tenantId) {
    cache.delete(tenantId);
    slowCache.delete(tenantId);
  } else {
    cache.clear();
    slowCache.clear();
  }
}

/**
 * The overview, computed at most once per second per tenant (concurrent callers share one computation); the
 * counts over cases at most every SLOW_CACHE_MS (see caseAggregates).
 */
export function overview(db: Db, tenant: { id: string; timezone: string }, opts: { fresh?: boolean } = {}): Promise<Overview> {
  const t = Date.now();
  const hit = cache.get(tenant.id);
  if (hit && hit.until > t && !opts.fresh) return hit.value;
  const value = buildOverview(db, tenant, { cachedCounts: true });
  cache.set(tenant.id, { until: t + CACHE_MS, value });
  value.catch(() => {
    if (cache.get(tenant.id)?.value === value) cache.delete(tenant.id);
  });
  return value;
}
