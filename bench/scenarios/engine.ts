// The case engine's submission without HTTP: the same layer as the bare two-insert transaction.
import os from "node:os";
import path from "node:path";
import type { FormField } from "../../src/modules/catalog/spec.ts";
import { type CasesCtx, type InboxQuery, saveAnswers, specOf, staffInbox, startApplication, submit } from "../../src/modules/cases/index.ts";
import type { Actor } from "../../src/platform/auth/roles.ts";
import { loadSession } from "../../src/platform/auth/sessions.ts";
import type { Db } from "../../src/platform/db.ts";
import { DiskFileStore } from "../../src/platform/files.ts";
import { TenantResolver } from "../../src/platform/tenancy.ts";
import { sampleAnswer } from "../../test/sample-answers.ts";
import { type DriveResult, drive } from "../lib/drive.ts";
import type { BenchContext, DriveOptions, Scenario } from "./types.ts";

const CITIZEN = "warga@example.com";
const TENANT = "16.71";

/** Answers that pass validation for a form without required file fields (undefined: the form needs a file). */
function answersFor(fields: FormField[]): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === "file") {
      if (f.required) return undefined;
      continue;
    }
    data[f.name] = sampleAnswer(f);
  }
  return data;
}

async function engineContext(db: Db, ctx: BenchContext): Promise<CasesCtx> {
  const tenant = await new TenantResolver(db).resolve(undefined, TENANT);
  const token = decodeURIComponent((await ctx.session(CITIZEN)).cookie.split("=")[1]);
  const s = await loadSession(db, tenant.id, token);
  if (s.status !== "ok") throw new Error(`the citizen's session is ${s.status}`);
  return { db, tenant, actor: s.actor, files: new DiskFileStore(path.join(os.tmpdir(), "balai-bench-files")) };
}

type Draft = { id: string; version: number };

async function draftOf(c: CasesCtx, service: { key: string; data: Record<string, unknown> }): Promise<Draft> {
  const started = await startApplication(c, service.key);
  const saved = await saveAnswers(c, started.id, started.version, service.data);
  return { id: started.id, version: saved.version };
}

/** Up to `wanted` online application services whose form the citizen can fill without files, each proven by one trial submission. */
async function submittableServices(db: Db, c: CasesCtx, wanted: number) {
  const keys = await db.query<{ key: string; current_version: number }>(
    `SELECT key, current_version FROM services WHERE tenant_id = $1 AND kind = 'application' AND active AND current_version IS NOT NULL
      AND channel <> 'offline' ORDER BY key`,
    [c.tenant.id],
  );
  const found: Array<{ key: string; data: Record<string, unknown> }> = [];
  for (const k of keys) {
    if (found.length >= wanted) break;
    const spec = await specOf(db, c.tenant.id, k.key, k.current_version);
    const data = answersFor(spec.form.fields);
    if (!data) continue;
    try {
      const d = await draftOf(c, { key: k.key, data });
      await submit(c, d.id, d.version);
      found.push({ key: k.key, data });
    } catch {
      // not fillable by the generic answers (a pattern, a rule): skip it
    }
  }
  if (found.length === 0) throw new Error("no service could be submitted with generated answers");
  return found;
}

/**
 * Drafts are made before the measurement (not measured); each worker then submits its own drafts
 * through `submit()` (validate, route, number, update, case event, outbox event, notification, audit).
 */
async function measure(c: CasesCtx, services: Array<{ key: string; data: Record<string, unknown> }>, workers: number, opts: DriveOptions, perWorker: number) {
  const queues: Draft[][] = [];
  for (let w = 0; w < workers; w++) queues.push([]);
  await drive(workers, 3600, async (w) => {
    if (queues[w].length >= perWorker) return false;
    queues[w].push(await draftOf(c, services[w % services.length]));
  });
  const step = async (w: number) => {
    const d = queues[w].pop();
    if (!d) return false;
    const r = await submit(c, d.id, d.version);
    if (!r.number) throw new Error("submitted without a number");
  };
  const warmShare = opts.warmupSeconds / (opts.warmupSeconds + opts.seconds);
  const warm = queues.map((q) => q.splice(0, Math.floor(q.length * warmShare)));
  await drive(workers, opts.warmupSeconds, async (w) => {
    const d = warm[w].pop();
    if (!d) return false;
    await submit(c, d.id, d.version);
  });
  const m = await drive(workers, opts.seconds, step);
  const ranOut = m.durationSec < opts.seconds - 0.5;
  return { m, ranOut };
}

function engineScenario(name: string, spread: boolean, role: Scenario["role"]): Scenario {
  return {
    name,
    role,
    async drive(ctx, opts): Promise<DriveResult & { errorMessages?: string[]; note?: string }> {
      return ctx.withStore(async (db, parallel) => {
        const c = await engineContext(db, ctx);
        // PGlite is one connection: one loop, like its bare row. PostgreSQL: BENCH_CONNECTIONS loops on a pool that size.
        const workers = parallel ? opts.connections : 1;
        const services = await submittableServices(db, c, spread ? workers : 1);
        // enough for ~2,500/s over warm-up + run (at most 40,000), split over the workers
        const perWorker = Math.ceil(Math.min(40_000, 2500 * (opts.seconds + opts.warmupSeconds)) / workers);
        const { m, ranOut } = await measure(c, services, workers, opts, perWorker);
        const what = spread
          ? `${workers} loop(s) over ${services.length} service(s) (${services
              .map((s) => s.key)
              .slice(0, 3)
              .join(", ")}…)`
          : `${workers} loop(s) on one service (${services[0].key}): one counter row, numbers serialize`;
        return { ...m, note: `in-process submit(), no HTTP; ${what}${ranOut ? `; drafts ran out after ${m.durationSec} s` : ""}` };
      });
    },
  };
}

/** Many services at once, as a city's citizens submit: the target row. */
export const engineSubmitSpread = engineScenario("case engine submit(), no HTTP, one service per loop", true, "submission");
/** Every loop on one service: the gapless counter row serializes them (commit latency bound). */
export const engineSubmitOneService = engineScenario("case engine submit(), no HTTP, all loops on one service", false, undefined);

/**
 * The staff inbox without HTTP: `staffInbox()` (the query and the rows' shaping) for the five inbox
 * views of the HTTP rows, cycled by every loop; one p50/p99 per view in the note.
 */
export const engineInbox: Scenario = {
  name: "staff inbox staffInbox(), no HTTP, 5 views cycled (operator ×3, admin ×2)",
  role: "inbox",
  async drive(ctx, opts) {
    const views: Array<{ who: string; label: string; query: InboxQuery }> = [
      { who: "operator.kelurahan@palembang.go.id", label: "op due", query: { sort: "due", limit: 50 } },
      { who: "operator.kelurahan@palembang.go.id", label: "op overdue", query: { sla: "overdue" } },
      { who: "operator.kelurahan@palembang.go.id", label: "op search", query: { status: "all", q: "SKTM-2025-00012" } },
      { who: "admin@palembang.go.id", label: "admin due", query: { sort: "due", limit: 50 } },
      { who: "admin@palembang.go.id", label: "admin search", query: { status: "all", q: "SKTM-2025-00012" } },
    ];
    // Log in over HTTP before the store is taken over (PGlite stops the server inside withStore).
    const tokens = new Map<string, string>();
    for (const v of views) if (!tokens.has(v.who)) tokens.set(v.who, decodeURIComponent((await ctx.session(v.who)).cookie.split("=")[1]));
    return ctx.withStore(async (db, parallel) => {
      const tenant = await new TenantResolver(db).resolve(undefined, TENANT);
      const actors = new Map<string, Actor>();
      for (const [who, token] of tokens) {
        const s = await loadSession(db, tenant.id, token);
        if (s.status !== "ok") throw new Error(`${who}: session ${s.status}`);
        actors.set(who, s.actor);
      }
      const workers = parallel ? opts.connections : 1;
      const next = Array.from({ length: workers }, (_, w) => w % views.length);
      const step = async (w: number, mark: (name: string, ms: number) => void) => {
        const v = views[next[w]];
        next[w] = (next[w] + 1) % views.length;
        const t = performance.now();
        await staffInbox(db, tenant, actors.get(v.who)!, v.query);
        mark(v.label, performance.now() - t);
      };
      await drive(workers, opts.warmupSeconds, step);
      const m = await drive(workers, opts.seconds, step);
      const per = views.map((v) => `${v.label} ${m.marks[v.label]?.p50Ms ?? "–"}/${m.marks[v.label]?.p99Ms ?? "–"}`).join(", ");
      return { ...m, note: `${workers} loop(s); p50/p99 ms per view: ${per}` };
    });
  },
};
