// e-Lapor (issue 4): the nearby-duplicate lookup (target p95 < 10 ms) and report submission (photo-less JSON),
// each over HTTP and in-process (no HTTP), on the reports bench/lib/generate-reports.ts put in the store.
import os from "node:os";
import path from "node:path";
import { createReport, type LaporCtx, listCategories, nearby, REPORTS_PER_ACCOUNT_HOUR } from "../../src/modules/complaints/index.ts";
import { nearbyOpen, openInCells } from "../../src/modules/complaints/store.ts";
import { loadSession } from "../../src/platform/auth/sessions.ts";
import type { Db } from "../../src/platform/db.ts";
import { DiskFileStore } from "../../src/platform/files.ts";
import { cellsWithin } from "../../src/platform/geo.ts";
import { type Tenant, TenantResolver } from "../../src/platform/tenancy.ts";
import { type DriveResult, drive } from "../lib/drive.ts";
import { TENANT } from "../lib/generate.ts";
import { DENSE_CENTRE, PALEMBANG_BBOX } from "../lib/generate-reports.ts";
import type { BenchContext, DriveOptions, RequestOptions, Scenario } from "./types.ts";

/** run.ts starts the server with BALAI_RATE_LIMIT at this value (the limiter runs but never trips). */
export const BENCH_RATE_LIMIT = 100_000_000;
/**
 * The per-account report limit the server derives from BALAI_RATE_LIMIT (routes.ts: max(10, limit / 60) per
 * hour, here ~1.67 million), passed to the in-process createReport through LaporCtx.reportsPerHour the same way.
 */
const REPORTS_PER_HOUR = Math.max(REPORTS_PER_ACCOUNT_HOUR, Math.floor(BENCH_RATE_LIMIT / 60));

const CITIZEN = "warga@example.com";
/** Categories with a duplicate radius (50–200 m), the ones the citizen's form asks "nearby?" for. */
const NEARBY_CATEGORIES = ["lapor-sampah", "lapor-jalan-rusak", "lapor-lampu-jalan", "lapor-banjir-drainase"];
const NEARBY_POINTS = 50;
/** Submitted reports need a kelurahan when no boundaries are loaded (the demo tenant has none). */
const KELURAHAN = "16.71.04.1003";

/** 50 points in the dense area: a sunflower spiral within 1.5 km of the centre cluster (deterministic). */
export function densePoints(n = NEARBY_POINTS): Array<{ lat: number; lon: number }> {
  const mPerDeg = (6_371_008.8 * Math.PI) / 180;
  return Array.from({ length: n }, (_, i) => {
    const r = 1500 * Math.sqrt((i + 0.5) / n);
    const a = i * 2.399963;
    return {
      lat: Math.round((DENSE_CENTRE.lat + (r * Math.cos(a)) / mPerDeg) * 1e6) / 1e6,
      lon: Math.round((DENSE_CENTRE.lon + (r * Math.sin(a)) / (mPerDeg * Math.cos((DENSE_CENTRE.lat * Math.PI) / 180))) * 1e6) / 1e6,
    };
  });
}

/** Every (point, category) pair, categories interleaved so each connection sees all of them. */
function lookups() {
  return densePoints().flatMap((p, i) => NEARBY_CATEGORIES.map((_, j) => ({ ...p, category: NEARBY_CATEGORIES[(i + j) % NEARBY_CATEGORIES.length] })));
}

async function citizenCtx(db: Db, ctx: BenchContext): Promise<LaporCtx> {
  const tenant = await new TenantResolver(db).resolve(undefined, TENANT);
  const token = decodeURIComponent((await ctx.session(CITIZEN)).cookie.split("=")[1]);
  const s = await loadSession(db, tenant.id, token);
  if (s.status !== "ok") throw new Error(`the citizen's session is ${s.status}`);
  return {
    db,
    tenant,
    actor: s.actor,
    files: new DiskFileStore(path.join(os.tmpdir(), "balai-bench-files")),
    reportsPerHour: REPORTS_PER_HOUR,
  };
}

// ---- nearby ----------------------------------------------------------------------------------------

/** GET /api/lapor/nearby over HTTP (public, no sign-in): 50 points × 4 categories, cycled by every connection. */
export const laporNearbyHttp: Scenario = {
  name: `Balai GET /api/lapor/nearby (${NEARBY_POINTS} dense points × ${NEARBY_CATEGORIES.length} categories)`,
  role: "nearby",
  setup(): RequestOptions[] {
    return lookups().map((l) => ({ path: `/api/lapor/nearby?category=${l.category}&lat=${l.lat}&lon=${l.lon}` }));
  },
};

/** The same over one connection: the lookup's latency without queueing behind 15 others. */
export const laporNearbyHttpOne: Scenario = {
  ...laporNearbyHttp,
  name: `Balai GET /api/lapor/nearby, 1 connection (unloaded)`,
  connections: 1,
};

/** What the prefilter returns for the scenario's lookups (not measured): cells, candidates, LIMIT 200 hits, matches. */
async function candidateStats(db: Db, tenant: Tenant, radius: Map<string, number>) {
  let cells = 0;
  let candidates = 0;
  let maxCandidates = 0;
  let atLimit = 0;
  let matches = 0;
  const all = lookups();
  for (const l of all) {
    const r = radius.get(l.category) ?? 0;
    const cs = cellsWithin(l.lat, l.lon, r);
    const rows = await openInCells(db, tenant.id, l.category, cs, { lat: l.lat, lon: l.lon, radiusMeters: r });
    const near = await nearbyOpen(db, tenant.id, l.category, l.lat, l.lon, r);
    cells += cs.length;
    candidates += rows.length;
    maxCandidates = Math.max(maxCandidates, rows.length);
    if (rows.length >= 200) atLimit++;
    matches += near.length;
  }
  const n = all.length;
  return `${(cells / n).toFixed(0)} cells/lookup, candidates avg ${(candidates / n).toFixed(0)} max ${maxCandidates}, ${atLimit}/${n} lookups hit the LIMIT 200, within radius avg ${(matches / n).toFixed(1)}`;
}

function nearbyInProcess(name: string, layer: "service" | "store", oneLoop: boolean): Scenario {
  return {
    name,
    role: "nearby",
    async drive(ctx, opts: DriveOptions): Promise<DriveResult & { errorMessages?: string[]; note?: string }> {
      return ctx.withStore(async (db, parallel) => {
        const tenant = await new TenantResolver(db).resolve(undefined, TENANT);
        const radius = new Map((await listCategories(db, tenant.id)).map((c) => [c.key, c.spec.complaint.duplicateRadiusMeters]));
        const all = lookups();
        const workers = parallel && !oneLoop ? opts.connections : 1;
        const next = new Array<number>(workers).fill(0).map((_, w) => (w * 37) % all.length);
        const step = async (w: number) => {
          const l = all[next[w]++ % all.length];
          if (layer === "service") await nearby(db, tenant, l.category, l.lat, l.lon);
          else await nearbyOpen(db, tenant.id, l.category, l.lat, l.lon, radius.get(l.category) ?? 0);
        };
        await drive(workers, opts.warmupSeconds, step);
        const m = await drive(workers, opts.seconds, step);
        const what =
          layer === "service"
            ? "service nearby(): category lookup + cell prefilter + distance"
            : "store nearbyOpen(): cell prefilter + distance (radius known)";
        const stats = layer === "store" && !oneLoop ? `; ${await candidateStats(db, tenant, radius)}` : "";
        return { ...m, note: `in-process ${what}, ${workers} loop(s)${stats}` };
      });
    },
  };
}

export const laporNearbyService = nearbyInProcess("e-Lapor nearby() service, no HTTP", "service", false);
export const laporNearbyStore = nearbyInProcess("e-Lapor nearbyOpen() store, no HTTP", "store", false);
export const laporNearbyStoreOne = nearbyInProcess("e-Lapor nearbyOpen() store, no HTTP, 1 loop (unloaded)", "store", true);

// ---- submission ------------------------------------------------------------------------------------------

/** A report body: categories and points spread over the city (pseudo-random, fixed seed per call index). */
function reportBody(i: number) {
  const [minLon, minLat, maxLon, maxLat] = PALEMBANG_BBOX;
  const f = (k: number) => {
    const x = Math.sin(i * 12.9898 + k * 78.233) * 43758.5453;
    return x - Math.floor(x);
  };
  return {
    category: NEARBY_CATEGORIES[i % NEARBY_CATEGORIES.length],
    lat: Math.round((minLat + 0.1 * (maxLat - minLat) + f(1) * 0.8 * (maxLat - minLat)) * 1e6) / 1e6,
    lon: Math.round((minLon + 0.1 * (maxLon - minLon) + f(2) * 0.8 * (maxLon - minLon)) * 1e6) / 1e6,
    kelurahan: KELURAHAN,
    title: "Bench",
    description: `Laporan bench ${i}: sampah menumpuk di tepi jalan sejak tiga hari.`,
    anonymous: i % 10 === 0,
    confidential: false,
  };
}

/** POST /api/lapor/reports (JSON, no photos) as the demo citizen: BENCH_CONNECTIONS fetch loops, one report per iteration. */
export const laporSubmitHttp: Scenario = {
  name: "Balai POST /api/lapor/reports (JSON, no photos)",
  role: "report",
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    const s = await ctx.session(CITIZEN);
    let i = 0;
    const step = async () => {
      const res = await fetch(`${ctx.balaiUrl}/api/lapor/reports`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrfToken },
        body: JSON.stringify(reportBody(i++)),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /api/lapor/reports: HTTP ${res.status} ${text.slice(0, 200)}`);
    };
    await step(); // fail early with the server's answer
    await drive(connections, warmupSeconds, step);
    const m = await drive(connections, seconds, step);
    return {
      ...m,
      note: `${connections} fetch loops as ${CITIZEN}; per-account limit ${REPORTS_PER_HOUR.toLocaleString("en-US")}/h (BALAI_RATE_LIMIT=${BENCH_RATE_LIMIT})`,
    };
  },
};

/** createReport() in-process: validation, locate, per-account count, then the filing transaction. */
export const laporSubmitService: Scenario = {
  name: "e-Lapor createReport(), no HTTP",
  role: "report",
  async drive(ctx, opts) {
    return ctx.withStore(async (db, parallel) => {
      const c = await citizenCtx(db, ctx);
      const workers = parallel ? opts.connections : 1;
      let i = 1_000_000;
      const step = async () => {
        const r = await createReport(c, reportBody(i++));
        if (!r.number) throw new Error("filed without a number");
      };
      await step();
      await drive(workers, opts.warmupSeconds, step);
      const m = await drive(workers, opts.seconds, step);
      return { ...m, note: `in-process createReport() as ${CITIZEN}, ${workers} loop(s), reportsPerHour ${REPORTS_PER_HOUR.toLocaleString("en-US")}` };
    });
  },
};
