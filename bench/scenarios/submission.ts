import { drive } from "../lib/drive.ts";
import type { BenchContext, Scenario } from "./types.ts";

const CITIZEN = "warga@example.com";
/** An OPD application whose form has no required file: nik, nama, judul_usulan, lokasi (address), uraian. */
export const SUBMIT_SERVICE = "usulan-musrenbang";
const ANSWERS = {
  nik: "1671044503900001",
  nama: "Warga Bench",
  judul_usulan: "Perbaikan drainase Jl. Merdeka",
  lokasi: { street: "Jl. Merdeka 10", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
  uraian: "Saluran air tersumbat dan meluap setiap hujan; mohon dinormalisasi.",
};

async function call(ctx: BenchContext, s: { cookie: string; csrfToken: string }, method: string, path: string, body: unknown, expect: number) {
  const res = await fetch(ctx.balaiUrl + path, {
    method,
    headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrfToken },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as { id?: string; version: number; number?: string };
}

/** POST /api/cases + PUT answers: a draft ready to submit. */
export async function draft(ctx: BenchContext, s: { cookie: string; csrfToken: string }) {
  const c = await call(ctx, s, "POST", "/api/cases", { service: SUBMIT_SERVICE }, 201);
  const a = await call(ctx, s, "PUT", `/api/cases/${c.id}/answers`, { version: c.version, data: ANSWERS }, 200);
  return { id: c.id!, version: a.version };
}

export async function submitDraft(ctx: BenchContext, s: { cookie: string; csrfToken: string }, d: { id: string; version: number }) {
  const r = await call(ctx, s, "POST", `/api/cases/${d.id}/submit`, { version: d.version }, 200);
  if (!r.number) throw new Error("submit answered without a case number");
}

/**
 * Full citizen flow per iteration, 3 HTTP requests: create draft → save answers → submit
 * (validate, route, number, update, case event, audit, outbox event, notification). Driven by
 * BENCH_CONNECTIONS fetch loops; the rate counts completed submissions; "submit" = the POST /submit alone.
 */
export const submissionFlow: Scenario = {
  name: `Balai submission flow ${SUBMIT_SERVICE} (create+answers+submit)`,
  role: "submission-http",
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    const s = await ctx.session(CITIZEN);
    const step = async (_w: number, mark: (name: string, ms: number) => void) => {
      const d = await draft(ctx, s);
      const t = performance.now();
      await submitDraft(ctx, s, d);
      mark("submit", performance.now() - t);
    };
    await drive(connections, warmupSeconds, step);
    const m = await drive(connections, seconds, step);
    ctx.shared.set("submissionFlowRate", m.requestsPerSec);
    return { ...m, note: `${connections} fetch loops; submit alone p50 ${m.marks.submit?.p50Ms ?? "–"} / p99 ${m.marks.submit?.p99Ms ?? "–"} ms` };
  },
};

/**
 * Only the POST /submit (the transaction that validates, numbers, audits and writes the outbox event),
 * on drafts created and filled in setup (not measured). Enough drafts for ~1.5× the rate the flow
 * scenario reached, capped at 30,000; a worker stops when the drafts run out.
 */
export const submitOnly: Scenario = {
  name: `Balai POST /api/cases/:id/submit (prepared drafts)`,
  role: "submission-http",
  async drive(ctx, { seconds, warmupSeconds, connections }) {
    const s = await ctx.session(CITIZEN);
    const flowRate = (ctx.shared.get("submissionFlowRate") as number | undefined) ?? 200;
    // submit alone is faster than the 3-request flow; 4× the flow rate leaves headroom
    const wanted = Math.min(30_000, Math.ceil(flowRate * 4 * (seconds + warmupSeconds)));
    const drafts: Array<{ id: string; version: number }> = [];
    const t0 = performance.now();
    await drive(connections, 3600, async () => {
      if (drafts.length >= wanted) return false;
      drafts.push(await draft(ctx, s));
    });
    const prepSeconds = (performance.now() - t0) / 1000;
    const warmCount = Math.floor(drafts.length * (warmupSeconds / (seconds + warmupSeconds)));
    const warm = drafts.splice(0, warmCount);
    await drive(connections, warmupSeconds, async () => {
      const d = warm.pop();
      if (!d) return false;
      await submitDraft(ctx, s, d);
    });
    const m = await drive(connections, seconds, async () => {
      const d = drafts.pop();
      if (!d) return false;
      await submitDraft(ctx, s, d);
    });
    const ranOut = drafts.length === 0 && m.durationSec < seconds - 0.5;
    return {
      ...m,
      note: `${wanted.toLocaleString("en-US")} drafts prepared in ${prepSeconds.toFixed(1)} s${ranOut ? `; drafts ran out after ${m.durationSec} s` : ""}`,
    };
  },
};
