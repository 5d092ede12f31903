// Bus Trans Musi (issue 7 part 2): AVL position ingestion (500 buses reporting every 5 s need 100 positions/s)
// and the GTFS-realtime feed generation time, over HTTP on the demo feed the server seeded.
import { readFeed } from "../../src/modules/transit/gtfs.ts";
import { pointAt } from "../../src/modules/transit/gtfs.ts";
import { TENANT } from "../lib/generate.ts";
import { drive } from "../lib/drive.ts";
import type { BenchContext, Scenario } from "./types.ts";

export const FLEET = 500;
export const REPORT_EVERY_SECONDS = 5;
const NEEDED_PER_SECOND = FLEET / REPORT_EVERY_SECONDS;

/** An AVL key (scope avl) and 500 buses spread along the demo feed's trips, created once per run. */
async function fleet(ctx: BenchContext) {
  const cached = ctx.shared.get("transit.fleet") as Awaited<ReturnType<typeof build>> | undefined;
  if (cached) return cached;
  const built = await build(ctx);
  ctx.shared.set("transit.fleet", built);
  return built;
}

async function build(ctx: BenchContext) {
  const s = await ctx.session("admin@palembang.go.id");
  const res = await fetch(`${ctx.balaiUrl}/api/admin/api-keys`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrfToken, "x-balai-tenant": TENANT },
    body: JSON.stringify({ name: "Bench AVL", scopes: ["avl"] }),
  });
  if (res.status !== 201) throw new Error(`creating the AVL key: HTTP ${res.status} ${await res.text()}`);
  const key = ((await res.json()) as { key: string }).key;
  const zip = await fetch(`${ctx.balaiUrl}/gtfs/static.zip`, { headers: { "x-balai-tenant": TENANT } });
  if (!zip.ok) throw new Error(`GET /gtfs/static.zip: HTTP ${zip.status}`);
  const { network } = await readFeed(new Uint8Array(await zip.arrayBuffer()));
  const trips = [...network.trips.values()];
  // Bus i runs trip i (every trip of the day has a bus; the feed has ~500), placed along its line.
  const buses = Array.from({ length: FLEET }, (_, i) => {
    const trip = trips[i % trips.length];
    const total = trip.line.cum[trip.line.cum.length - 1];
    return { vehicleId: `BENCH-${String(i).padStart(3, "0")}`, tripId: trip.id, line: trip.line, total, offset: (i * 0.37) % 1 };
  });
  return { key, buses };
}

function position(bus: Awaited<ReturnType<typeof build>>["buses"][number], n: number) {
  const p = pointAt(bus.line, ((bus.offset + n * 0.001) % 1) * bus.total);
  return {
    vehicleId: bus.vehicleId,
    tripId: bus.tripId,
    lat: p.lat,
    lon: p.lon,
    bearing: Math.round(p.bearing),
    speed: 8.3,
    timestamp: Math.floor(Date.now() / 1000),
  };
}

/** POST /api/transit/positions, one position per request (as most AVL devices send), 500 buses round-robin. */
export const transitIngestHttp: Scenario = {
  name: `Balai POST /api/transit/positions (1 position/request, ${FLEET} buses)`,
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    const { key, buses } = await fleet(ctx);
    let i = 0;
    const step = async () => {
      const n = i++;
      const res = await fetch(`${ctx.balaiUrl}/api/transit/positions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "x-balai-tenant": TENANT },
        body: JSON.stringify(position(buses[n % FLEET], Math.floor(n / FLEET))),
      });
      const text = await res.text();
      if (res.status !== 202) throw new Error(`POST /api/transit/positions: HTTP ${res.status} ${text.slice(0, 200)}`);
    };
    await step();
    await drive(connections, warmupSeconds, step);
    const m = await drive(connections, seconds, step);
    return {
      ...m,
      note: `${FLEET} buses every ${REPORT_EVERY_SECONDS} s need ${NEEDED_PER_SECOND}/s; sustained ${Math.round(m.requestsPerSec)}/s = ${(m.requestsPerSec / NEEDED_PER_SECOND).toFixed(1)}× the need (${connections} fetch loops)`,
    };
  },
};

/** The same positions sent as batches of 50 (a gateway forwarding several buses at once). */
export const transitIngestBatchHttp: Scenario = {
  name: `Balai POST /api/transit/positions (batches of 50, ${FLEET} buses)`,
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    const { key, buses } = await fleet(ctx);
    let i = 0;
    const step = async () => {
      const n = i++;
      const positions = Array.from({ length: 50 }, (_, k) => position(buses[(n * 50 + k) % FLEET], n));
      const res = await fetch(`${ctx.balaiUrl}/api/transit/positions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "x-balai-tenant": TENANT },
        body: JSON.stringify({ positions }),
      });
      const text = await res.text();
      if (res.status !== 202) throw new Error(`POST /api/transit/positions: HTTP ${res.status} ${text.slice(0, 200)}`);
    };
    await step();
    await drive(connections, warmupSeconds, step);
    const m = await drive(connections, seconds, step);
    return {
      ...m,
      note: `${Math.round(m.requestsPerSec * 50)} positions/s = ${((m.requestsPerSec * 50) / NEEDED_PER_SECOND).toFixed(1)}× the ${NEEDED_PER_SECOND}/s needed`,
    };
  },
};

/** Report all 500 buses once (fresh, < 120 s), then read a GTFS-rt feed on one connection: its generation time. */
function realtime(kind: "vehicle-positions" | "trip-updates"): Scenario {
  return {
    name: `Balai GET /gtfs/realtime/${kind} (${FLEET} live buses, protobuf, 1 connection)`,
    connections: 1,
    async setup(ctx) {
      const { key, buses } = await fleet(ctx);
      const res = await fetch(`${ctx.balaiUrl}/api/transit/positions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "x-balai-tenant": TENANT },
        body: JSON.stringify({ positions: buses.map((b) => position(b, 0)) }),
      });
      if (res.status !== 202) throw new Error(`reporting the fleet: HTTP ${res.status} ${await res.text()}`);
      return { path: `/gtfs/realtime/${kind}`, headers: { "x-balai-tenant": TENANT } };
    },
  };
}

export const transitVehiclePositions = realtime("vehicle-positions");
export const transitTripUpdates = realtime("trip-updates");

export const transitScenarios: Scenario[] = [transitIngestHttp, transitIngestBatchHttp, transitVehiclePositions, transitTripUpdates];
