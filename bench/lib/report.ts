/** The bench's report: the result tables, the targets of the volume and e-Lapor issues, and results/latest.json. */
import fs from "node:fs";
import path from "node:path";
import type { GenerateResult } from "./generate.ts";
import type { GenerateReportsResult } from "./generate-reports.ts";
import type { Measurement } from "./measure.ts";
import type { memory } from "./processes.ts";
import { LIVE_P99_TARGET_MS } from "../scenarios/live.ts";

const INBOX_P99_TARGET_MS = 50;
const SUBMISSION_RATIO_TARGET = 0.5;
const NEARBY_P95_TARGET_MS = 10;
const SEARCH_RPS_TARGET = 5000;
const SEARCH_P99_TARGET_MS = 20;

export interface ScenarioResult extends Measurement {
  name: string;
  target: "balai" | "baseline";
  method: string;
  path: string;
  preflightStatus: number | null;
  role: string | null;
  note: string | null;
  marks?: Record<string, { p50Ms: number; p95Ms: number; p99Ms: number; count: number }>;
  ratioToBaseline: number | null;
  rssBeforeMiB: number | null;
  rssAfterMiB: number | null;
}

export type Memory = ReturnType<typeof memory>;
export interface Target {
  name: string;
  figure: string;
  target: string;
  value: number | null;
  met: boolean | null;
}

export const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(header: string[], rows: string[][], rightAlignFrom = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= rightAlignFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i >= rightAlignFrom ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The scenario table (with the ratio to the baseline scenario) and the memory table of both servers. */
export function printResults(
  results: ScenarioResult[],
  mem: { start: Record<"balai" | "baseline", Memory>; end: Record<"balai" | "baseline", Memory> },
  store: string,
) {
  const { start: memStart, end: memEnd } = mem;
  console.log("");
  console.log(
    table(
      ["Scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx", "vs baseline", "RSS before→after (MiB)"],
      results.map((r) => [
        r.name,
        fmt(r.requestsPerSec),
        fmt(r.p50Ms, 2),
        fmt(r.p95Ms, 2),
        fmt(r.p99Ms, 2),
        fmt(r.errors),
        fmt(r.non2xx),
        r.ratioToBaseline === null ? "–" : `${(r.ratioToBaseline * 100).toFixed(1)} %`,
        `${fmt(r.rssBeforeMiB, 1)} → ${fmt(r.rssAfterMiB, 1)}`,
      ]),
    ),
  );
  console.log("");
  console.log(
    table(
      ["Process", "RSS before load (MiB)", "RSS after load (MiB)", "peak RSS (MiB)"],
      (["balai", "baseline"] as const).map((k) => [
        k === "balai" ? `Balai server (${store})` : "baseline Fastify",
        fmt(memStart[k].rssMiB, 1),
        fmt(memEnd[k].rssMiB, 1),
        fmt(memEnd[k].peakMiB, 1),
      ]),
    ),
  );
}

/**
 * The targets (volume issue: submission ≥ 50 % of the bare two-insert rate; inbox p99 < 50 ms; e-Lapor issue:
 * nearby p95 < 10 ms; live p99 < 250 ms), printed as a table with the scenarios' notes; returned for the JSON report.
 */
export function printTargets(
  results: ScenarioResult[],
  volume: { store: string; generation: GenerateResult | null; reportGeneration: GenerateReportsResult | null },
): Target[] {
  const { store, generation, reportGeneration } = volume;
  const bare = results.find((r) => r.role === "bare-insert");
  const targetRows: string[][] = [];
  const targets: Target[] = [];
  for (const r of results) {
    if (r.role === "submission" || r.role === "submission-http") {
      const ratio = bare && bare.requestsPerSec > 0 ? r.requestsPerSec / bare.requestsPerSec : null;
      // The target compares like with like (no HTTP on either side); HTTP rows are shown for information.
      const http = r.role === "submission-http";
      const met = ratio === null || http ? null : ratio >= SUBMISSION_RATIO_TARGET;
      targets.push({ name: r.name, figure: "submissions/s ÷ bare 2-insert tx/s", target: http ? "info (HTTP)" : "≥ 50 %", value: ratio, met });
      targetRows.push([
        r.name,
        `${fmt(r.requestsPerSec)} /s ÷ ${fmt(bare?.requestsPerSec)} /s`,
        ratio === null ? "–" : `${(ratio * 100).toFixed(1)} %`,
        http ? "info (HTTP)" : "≥ 50 %",
        http ? "–" : met === null ? "–" : met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "inbox") {
      const answered = Number.isFinite(r.p99Ms);
      const met = answered && r.p99Ms < INBOX_P99_TARGET_MS;
      targets.push({ name: r.name, figure: "p99 ms", target: "< 50 ms", value: answered ? r.p99Ms : null, met });
      targetRows.push([
        r.name,
        answered ? `p99 ${fmt(r.p99Ms, 2)} ms` : `no response within 10 s (${fmt(r.errors)} timeouts)`,
        answered ? `${((r.p99Ms / INBOX_P99_TARGET_MS) * 100).toFixed(0)} % of 50 ms` : "–",
        "< 50 ms",
        met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "live") {
      const base = results.find((b) => b.role === "live-baseline");
      const answered = Number.isFinite(r.p99Ms) && r.requests > 0;
      const met = answered && r.p99Ms < LIVE_P99_TARGET_MS;
      targets.push({ name: r.name, figure: "event-to-subscriber p99 ms", target: "< 250 ms", value: answered ? r.p99Ms : null, met });
      targetRows.push([
        r.name,
        answered
          ? `p50 ${fmt(r.p50Ms, 1)} / p99 ${fmt(r.p99Ms, 1)} ms; bare SSE p99 ${fmt(base?.p99Ms, 1)} ms`
          : `no event delivered (${fmt(r.errors)} errors)`,
        answered ? `${((r.p99Ms / LIVE_P99_TARGET_MS) * 100).toFixed(0)} % of 250 ms` : "–",
        "< 250 ms",
        met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "search") {
      const answered = Number.isFinite(r.p99Ms) && r.requests > 0 && r.non2xx === 0;
      const met = answered && r.requestsPerSec >= SEARCH_RPS_TARGET && r.p99Ms < SEARCH_P99_TARGET_MS;
      targets.push({ name: r.name, figure: "searches/s and p99 ms", target: "≥ 5,000/s, p99 < 20 ms", value: answered ? r.requestsPerSec : null, met });
      targetRows.push([
        r.name,
        answered ? `${fmt(r.requestsPerSec)} /s, p99 ${fmt(r.p99Ms, 2)} ms` : `no answer (${fmt(r.errors)} errors)`,
        answered ? `${((r.requestsPerSec / SEARCH_RPS_TARGET) * 100).toFixed(0)} % of 5,000/s` : "–",
        "≥ 5,000/s, p99 < 20 ms",
        met ? "met" : "MISSED",
      ]);
    }
    if (r.role === "nearby") {
      const answered = Number.isFinite(r.p95Ms) && r.requests > 0 && r.non2xx === 0;
      const met = answered && r.p95Ms < NEARBY_P95_TARGET_MS;
      targets.push({ name: r.name, figure: "p95 ms", target: "< 10 ms", value: Number.isFinite(r.p95Ms) ? r.p95Ms : null, met });
      targetRows.push([
        r.name,
        Number.isFinite(r.p95Ms) ? `p95 ${fmt(r.p95Ms, 2)} ms${r.non2xx ? ` (${fmt(r.non2xx)} non-2xx!)` : ""}` : `no answer (${fmt(r.errors)} errors)`,
        Number.isFinite(r.p95Ms) ? `${((r.p95Ms / NEARBY_P95_TARGET_MS) * 100).toFixed(0)} % of 10 ms` : "–",
        "< 10 ms",
        met ? "met" : "MISSED",
      ]);
    }
  }
  if (targetRows.length) {
    const casesNow = generation?.casesAfter;
    const volume = [
      casesNow === undefined ? null : `${fmt(casesNow)} cases, ${fmt(generation?.servicesAfter)} services`,
      reportGeneration ? `${fmt(reportGeneration.reportsAfter)} e-Lapor reports (${fmt(reportGeneration.openAfter)} open)` : null,
    ].filter(Boolean);
    console.log(`\nTargets (${store}, ${volume.length ? volume.join(", ") : "no generated data"}):`);
    console.log(table(["Scenario", "figure", "ratio", "target", "result"], targetRows));
  }
  const notes = results.filter((r) => r.note);
  if (notes.length) {
    console.log("");
    for (const r of notes) console.log(`- ${r.name}: ${r.note}`);
  }
  return targets;
}

export function writeReport(file: string, report: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), file) || file}`);
}
