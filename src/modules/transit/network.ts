/**
 * BRT tracking with GTFS (docs/transit.md): the tenant's static network (imported GTFS zip, parsed into memory
 * once per feed version), vehicle positions from AVL devices (HTTP with an `avl` API key, MQTT, the simulator),
 * next arrivals at a stop (schedule adjusted by the live position of the vehicle on its trip), and the
 * GTFS-realtime feeds built from both. One file per area: network.ts (this file: feed import, cache), schedule.ts
 * (service days, trip progress), vehicles.ts (positions, fleet), timetable.ts (routes, stops, arrivals),
 * realtime.ts (GTFS-realtime).
 */
import { audit } from "../../platform/audit.ts";
import { unitsByCode } from "../admin/index.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { GtfsInvalid, type FeedSummary, type Network, type Progress, readFeed } from "./gtfs.ts";
import * as store from "./store.ts";
import { LruMap } from "../../platform/lru.ts";

// ---------------------------------------------------------------------------------------------
// Network cache

interface Cached {
  version: number;
  checkedAt: number;
  network: Network;
  summary: FeedSummary;
}
// A parsed GTFS network is megabytes: the 16 most recently used tenants keep theirs.
const networks = new LruMap<string, Cached>(16);
const VERSION_CHECK_MS = 10_000;

export function invalidateNetwork(tenantId?: string) {
  if (tenantId) networks.delete(tenantId);
  else networks.clear();
}

/** The tenant's network, or null when no feed was imported. Rechecks the stored version every 10 s (several processes). */
export async function getNetwork(q: Queryable, tenantId: string): Promise<Cached | null> {
  const c = networks.get(tenantId);
  if (c && Date.now() - c.checkedAt < VERSION_CHECK_MS) return c;
  const v = await store.feedVersion(q, tenantId);
  if (!v) {
    networks.delete(tenantId);
    return null;
  }
  if (c && c.version === v) {
    c.checkedAt = Date.now();
    return c;
  }
  const zip = await store.feedZip(q, tenantId);
  if (!zip) return null;
  const { network, summary } = await readFeed(zip.zip);
  const fresh = { version: zip.version, checkedAt: Date.now(), network, summary };
  networks.set(tenantId, fresh);
  return fresh;
}

export async function requireNetwork(q: Queryable, tenantId: string): Promise<Network> {
  const c = await getNetwork(q, tenantId);
  if (!c) throw notFound("transit-feed-missing");
  return c.network;
}

export function gtfsProblem(e: GtfsInvalid): AppError {
  return new AppError("gtfs-invalid", 400, {
    detail: e.message,
    fields: e.errors.map((x) => ({ field: `${x.file}${x.line ? `:${x.line}` : ""}${x.field ? `:${x.field}` : ""}`, code: "gtfs", message: x.message })),
  });
}

/** The unit whose admins manage the network besides Kominfo: Dinas Perhubungan (code DISHUB), if the tenant has one. */
export async function dishubUnits(q: Queryable, tenantId: string): Promise<string[]> {
  return (await unitsByCode(q, tenantId, ["DISHUB"])).map((u) => u.id);
}

/** Validates and stores a GTFS zip as the tenant's network (replacing the previous one); a bad feed changes nothing. */
export async function importFeed(
  db: Db,
  tenantId: string,
  zip: Uint8Array,
  actorId: string | null,
  onProgress?: Progress,
): Promise<FeedSummary & { version: number }> {
  let parsed: Awaited<ReturnType<typeof readFeed>>;
  try {
    parsed = await readFeed(zip, onProgress);
  } catch (e) {
    if (e instanceof GtfsInvalid) throw gtfsProblem(e);
    throw e;
  }
  const version = await db.tx(async (q) => {
    const v = await store.saveFeed(q, tenantId, Buffer.from(zip), parsed.summary, actorId);
    await audit(q, {
      tenantId,
      actorId,
      action: "transit.feed-imported",
      subjectType: "transit_feed",
      subjectId: tenantId,
      data: { ...parsed.summary, version: v },
    });
    return v;
  });
  networks.set(tenantId, { version, checkedAt: Date.now(), network: parsed.network, summary: parsed.summary });
  return { ...parsed.summary, version };
}

export async function feedInfo(q: Queryable, tenantId: string) {
  const row = await store.feedMeta(q, tenantId);
  if (!row) return null;
  return { version: row.version, importedAt: new Date(row.imported_at).toISOString(), summary: row.summary };
}

/** The demo Trans Musi network for the demo city (on seed). */
export async function seedDemoTransit(db: Db, tenantId: string) {
  const { demoFeedZip } = await import("./demo.ts");
  return importFeed(db, tenantId, await demoFeedZip(), null);
}
