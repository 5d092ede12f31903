/**
 * `balai budget verify`: proves that today's numbers are the approved APBD plus the recorded revisions. Walks the
 * hash chain, checks each published daily root and its signature, re-hashes every revision against its chain
 * entry, replays the revisions and compares the result with the current lines, naming the first that differs.
 */
import type { Queryable } from "../../platform/db.ts";
import { money } from "./codes.ts";
import { entryHash, GENESIS, revisionHash, rootSignatureValid, stateHash } from "./chain.ts";
import * as store from "./store.ts";
import * as chainStore from "./store-chain.ts";

export interface YearReport {
  year: number;
  status: string;
  lines: number;
  revisions: number;
  ok: boolean;
  /** The first line (in key order) whose current amount is not approved + revisions. */
  firstDifference?: { lineKey: string; expected: string | null; found: string | null; line: Record<string, unknown> | null };
  problems: string[];
}

export interface BudgetVerifyReport {
  tenantId: string;
  ok: boolean;
  chainEntries: number;
  roots: number;
  problems: string[];
  years: YearReport[];
}

/** Replays revisions 0..upTo of a year: line key → amount and the line's attributes. */
export function replay(revLines: store.StoredRevisionLine[]): Map<string, { amount: string; line: Record<string, unknown> }> {
  const out = new Map<string, { amount: string; line: Record<string, unknown> }>();
  for (const l of revLines) out.set(l.line_key, { amount: money(l.amount_after), line: l.line });
  return out;
}

export async function verifyBudget(q: Queryable, tenantId: string, certPem: string | null): Promise<BudgetVerifyReport> {
  const problems: string[] = [];
  const entries = await chainStore.chain(q, tenantId);
  // 1. the chain: each entry's hash and its link to the one before
  let prev = GENESIS;
  const bySeq = new Map<number, chainStore.ChainRow>();
  for (const e of entries) {
    const seq = Number(e.seq);
    bySeq.set(seq, e);
    const at = e.at instanceof Date ? e.at.toISOString() : new Date(e.at).toISOString();
    const expected = entryHash({ tenantId, seq, at, year: e.year, event: e.event, data: e.data, stateHash: e.state_hash, prevHash: e.prev_hash });
    if (e.prev_hash !== prev) problems.push(`chain entry ${seq}: does not link to entry ${seq - 1}`);
    if (expected !== e.hash) problems.push(`chain entry ${seq} (${e.event}, ${e.year}): hash does not match its content`);
    prev = e.hash;
    if (problems.length) break;
  }
  // 2. the published roots: each is the chain's hash at its entry, signed with the city's key
  const roots = await chainStore.roots(q, tenantId, 100_000);
  for (const r of roots) {
    const e = bySeq.get(Number(r.seq));
    if (!e || e.hash !== r.root_hash) problems.push(`daily root ${r.day}: ${r.root_hash.slice(0, 16)}… is not the chain's hash at entry ${r.seq}`);
    else if (certPem && !rootSignatureValid(tenantId, r, certPem)) problems.push(`daily root ${r.day}: signature does not verify with the city's certificate`);
  }
  // 3. per year: revisions against their chain entries, replay, comparison with today's lines
  const years: YearReport[] = [];
  for (const y of await store.listYears(q, tenantId)) {
    const yp: string[] = [];
    const current = await store.lineAmounts(q, tenantId, y.year);
    const lastOfYear = [...entries].reverse().find((e) => e.year === y.year);
    const report: YearReport = { year: y.year, status: y.status, lines: current.length, revisions: 0, ok: true, problems: yp };
    if (y.status === "approved") {
      const headers = await store.revisions(q, tenantId, y.year);
      const revLines = await store.revisionLines(q, tenantId, y.year);
      report.revisions = Math.max(0, headers.length - 1);
      const grouped = new Map<number, store.StoredRevisionLine[]>();
      for (const l of revLines) {
        const list = grouped.get(l.number) ?? [];
        list.push(l);
        grouped.set(l.number, list);
      }
      const chained = new Map<number, string>();
      for (const e of entries) if (e.year === y.year && e.event === "revision") chained.set(Number(e.data.number), String(e.data.contentHash));
      for (const h of headers) {
        const got = revisionHash(h, grouped.get(h.number) ?? []);
        if (!chained.has(h.number)) yp.push(`revision ${h.number}: not recorded in the chain`);
        else if (chained.get(h.number) !== got) yp.push(`revision ${h.number}: its recorded lines or decree differ from what the chain holds`);
      }
      for (const n of chained.keys()) if (!headers.some((h) => h.number === n)) yp.push(`revision ${n}: in the chain but missing from the store`);
      const expected = replay(revLines);
      const found = new Map(current.map((l) => [l.line_key, money(l.amount)]));
      const keys = [...new Set([...expected.keys(), ...found.keys()])].sort();
      for (const k of keys) {
        const e = expected.get(k)?.amount ?? null;
        const f = found.get(k) ?? null;
        if (e !== f) {
          report.firstDifference = { lineKey: k, expected: e, found: f, line: expected.get(k)?.line ?? null };
          yp.push(`line ${k}: expected ${e ?? "(no such line)"}, found ${f ?? "(missing)"}`);
          break;
        }
      }
    }
    if (lastOfYear && lastOfYear.state_hash !== stateHash(current))
      yp.push(`numbers of ${y.year} differ from the last recorded state (chain entry ${lastOfYear.seq})`);
    report.ok = yp.length === 0;
    years.push(report);
  }
  return {
    tenantId,
    ok: problems.length === 0 && years.every((y) => y.ok),
    chainEntries: entries.length,
    roots: roots.length,
    problems,
    years,
  };
}
