/**
 * BRT tracking with GTFS (docs/transit.md): the tenant's static network (imported GTFS zip, parsed into memory
 * once per feed version), vehicle positions from AVL devices (HTTP with an `avl` API key, MQTT, the simulator),
 * next arrivals at a stop (schedule adjusted by the live position of the vehicle on its trip), and the
 * GTFS-realtime feeds built from both. The module's use cases, one file per area (re-exported here):
 * network.ts (feed import, cache), schedule.ts (service days, trip progress), vehicles.ts (positions, fleet),
 * timetable.ts (routes, stops, arrivals), realtime.ts (GTFS-realtime).
 */
import type { Db } from "../../platform/db.ts";
import { importFeed } from "./network.ts";

/** The demo Trans Musi network for the demo city (on seed). */
export async function seedDemoTransit(db: Db, tenantId: string) {
  const { demoFeedZip } = await import("./demo.ts");
  return importFeed(db, tenantId, await demoFeedZip(), null);
}
export * from "./network.ts";
export * from "./schedule.ts";
export * from "./vehicles.ts";
export * from "./timetable.ts";
export * from "./realtime.ts";
