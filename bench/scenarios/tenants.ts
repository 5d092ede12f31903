/**
 * One deployment, 1 vs 514 tenants (issue 15): catalog search, the operator inbox and a citizen submission measured
 * on the demo tenant alone, then every kab/kota is created (`balai tenant create --all`'s function, one transaction
 * each: that row is tenants per second and the time per tenant), then the same three again. The search of the
 * second round spreads its requests over all 514 tenants (after one search in each: steady state, not a cold start;
 * kab/kota with the default catalog share one search index); inbox and
 * submission stay on the demo tenant, now in a store 514 times as wide. Each "514" row's note gives the ratios to
 * its "1" row: throughput, p99 and the server's resident memory. Run alone: BENCH_ONLY=tenants (see README.md).
 */
import { createWithCatalog } from "../../src/cli/tenant-all.ts";
import { DEFAULT_CATALOG_DIR } from "../../src/modules/catalog/service.ts";
import { loadCatalogDir } from "../../src/modules/catalog/spec.ts";
import { loadRegions } from "../../src/modules/tenants/index.ts";
import { drive, round } from "../lib/drive.ts";
import { draft, submitDraft } from "./submission.ts";
import type { BenchContext, DriveOptions, Scenario } from "./types.ts";

const DEMO = "16.71";
const OPERATOR = "operator.kelurahan@palembang.go.id";
const CITIZEN = "warga@example.com";
const TERMS = ["domisili", "izin usaha", "akta lahir", "ktp", "sktm", "domisli", "imb", "kartu kuning", "kk hilang", "pindah"];

type Step = (ctx: BenchContext, worker: number, i: number) => Promise<void>;

async function get(ctx: BenchContext, path: string, headers: Record<string, string>) {
  const res = await fetch(ctx.balaiUrl + path, { headers });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
}

const search =
  (tenants: (ctx: BenchContext) => string[]): Step =>
  async (ctx, w, i) => {
    const ids = tenants(ctx);
    await get(ctx, `/api/catalog/services?q=${encodeURIComponent(TERMS[i % TERMS.length])}`, { "x-balai-tenant": ids[(i * 7 + w) % ids.length] });
  };

const inbox: Step = async (ctx) => get(ctx, "/api/inbox?sort=due&limit=50", { cookie: await ctx.login(OPERATOR), "x-balai-tenant": DEMO });

const submission: Step = async (ctx) => {
  const s = await ctx.session(CITIZEN);
  await submitDraft(ctx, s, await draft(ctx, s));
};

/**
 * Before the spread search is measured every tenant is searched once (its stamp, rows and popularity read, its index
 * found or built), as a server that has served its cities for a while has: the row compares steady states, and the
 * note says what that first pass took.
 */
async function primeAll(ctx: BenchContext, connections: number): Promise<string> {
  const ids = allTenants(ctx);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < ids.length; i = next++) await get(ctx, "/api/catalog/services?q=surat", { "x-balai-tenant": ids[i] });
    }),
  );
  return `first search of each of ${ids.length} tenants: ${round((performance.now() - started) / 1000, 1)} s`;
}

/** A measured row; the "514" rows compare themselves with the "1" row of the same `what`. */
function row(tenants: "1" | "514", what: string, label: string, step: Step, prime?: typeof primeAll): Scenario {
  return {
    name: `Balai tenants=${tenants} ${label}`,
    async drive(ctx: BenchContext, { seconds, warmupSeconds, connections }: DriveOptions) {
      const counters = new Array(connections).fill(0);
      const run = (w: number) => step(ctx, w, counters[w]++);
      const primed = prime ? `; ${await prime(ctx, connections)}` : "";
      await drive(connections, warmupSeconds, run);
      const m = await drive(connections, seconds, run);
      const rss = ctx.rssMiB("balai");
      const mine = { rate: m.requestsPerSec, p99: m.p99Ms, rss };
      ctx.shared.set(`tenants:${tenants}:${what}`, mine);
      const one = ctx.shared.get(`tenants:1:${what}`) as typeof mine | undefined;
      const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `×${round(a / b, 2)}` : "–");
      const note =
        tenants === "514" && one
          ? `vs 1 tenant: throughput ${ratio(mine.rate, one.rate)}, p99 ${ratio(mine.p99, one.p99)}, RSS ${one.rss ?? "–"} → ${rss ?? "–"} MiB (${ratio(rss, one.rss)})${primed}`
          : `RSS ${rss ?? "–"} MiB${primed}`;
      return { ...m, note };
    },
  };
}

/** Creates every kab/kota that is missing, one transaction each, as `balai tenant create --all` does. */
const createAll: Scenario = {
  name: "Balai tenants create --all (514 kab/kota, regions + catalog, per tenant)",
  async drive(ctx) {
    const regions = await loadRegions(() => true);
    const catalog = await loadCatalogDir(DEFAULT_CATALOG_DIR);
    let vacuumSec = 0;
    const m = await ctx.withStore(async (db) => {
      const present = new Set((await db.query<{ id: string }>("SELECT id FROM tenants")).map((t) => t.id));
      const todo = regions.filter((r) => !present.has(r.code));
      let next = 0;
      // One loop: the command creates tenants one after another.
      const created = await drive(1, 24 * 3600, async () => {
        const region = todo[next++];
        if (!region) return false;
        await createWithCatalog(db, region, catalog);
      });
      // What autovacuum would do in the minutes after such a bulk load (statistics, visibility map), done now so it
      // does not run during the measured rows; not part of the creation time. The data generation step does the same.
      const vacuumStarted = performance.now();
      await db.query("VACUUM ANALYZE");
      vacuumSec = round((performance.now() - vacuumStarted) / 1000, 1);
      return created;
    });
    ctx.shared.set(
      "tenants:ids",
      regions.map((r) => r.code),
    );
    const units = regions.reduce((n, r) => n + r.kecamatan.length + r.kecamatan.reduce((k, d) => k + d.kelurahan.length, 0), 0);
    return {
      ...m,
      note: `${m.requests} tenants created in ${m.durationSec} s (${units} kecamatan + desa/kelurahan in all); the rate is tenants/s; VACUUM ANALYZE after it ${vacuumSec} s`,
    };
  },
};

const allTenants = (ctx: BenchContext) => (ctx.shared.get("tenants:ids") as string[] | undefined) ?? [DEMO];

export const tenantScenarios: Scenario[] = [
  row(
    "1",
    "search",
    "catalog search (demo tenant)",
    search(() => [DEMO]),
  ),
  row("1", "inbox", "inbox operator ?sort=due (demo tenant)", inbox),
  row("1", "submission", "submission create+answers+submit (demo tenant)", submission),
  createAll,
  row("514", "search", "catalog search (spread over 514 tenants)", search(allTenants), primeAll),
  row("514", "inbox", "inbox operator ?sort=due (demo tenant of 514)", inbox),
  row("514", "submission", "submission create+answers+submit (demo tenant of 514)", submission),
];
