/**
 * The budget's tamper evidence: every state change appends an entry that hashes the year's numbers (state hash)
 * onto the previous entry; the head of each day is signed with the city's key and published (daily root).
 */
import { createHash, sign, verify } from "node:crypto";
import { canonicalJson } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { money } from "./codes.ts";
import { type BudgetCtx, dayIn } from "./context.ts";
import * as store from "./store.ts";
import * as chainStore from "./store-chain.ts";

export const GENESIS = "0".repeat(64);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The hash of a year's numbers: every line key with its amount, in key order. */
export function stateHash(lines: { line_key: string; amount: string | number }[]): string {
  const sorted = [...lines].sort((a, b) => (a.line_key < b.line_key ? -1 : a.line_key > b.line_key ? 1 : 0));
  const h = createHash("sha256");
  for (const l of sorted) h.update(`${l.line_key}|${money(l.amount)}\n`);
  return h.digest("hex");
}

export interface EntryFields {
  tenantId: string;
  seq: number;
  at: string;
  year: number;
  event: string;
  data: unknown;
  stateHash: string;
  prevHash: string;
}

export function entryHash(e: EntryFields): string {
  return sha256(canonicalJson({ tenant: e.tenantId, seq: e.seq, at: e.at, year: e.year, event: e.event, data: e.data, state: e.stateHash, prev: e.prevHash }));
}

/** What a daily root's signature covers. */
export const rootMessage = (tenantId: string, day: string, seq: number, hash: string) => `balai-budget-root|${tenantId}|${day}|${seq}|${hash}`;

/** Appends one entry for `year` (inside the caller's transaction) and re-signs today's root. */
export async function appendChain(q: Queryable, ctx: BudgetCtx, year: number, event: string, data: Record<string, unknown>) {
  await chainStore.lockChain(q, ctx.tenantId);
  const head = await chainStore.chainHead(q, ctx.tenantId);
  const state = stateHash(await store.lineAmounts(q, ctx.tenantId, year));
  const seq = head ? Number(head.seq) + 1 : 1;
  const at = new Date().toISOString();
  const prevHash = head?.hash ?? GENESIS;
  const hash = entryHash({ tenantId: ctx.tenantId, seq, at, year, event, data, stateHash: state, prevHash });
  await chainStore.insertChain(q, ctx.tenantId, { seq, at, year, event, data, state_hash: state, prev_hash: prevHash, hash });
  const key = await ctx.cityKey(q);
  const day = dayIn(ctx.timezone);
  const signature = sign("sha256", Buffer.from(rootMessage(ctx.tenantId, day, seq, hash)), key.key).toString("base64");
  await chainStore.upsertRoot(q, ctx.tenantId, { day, seq, root_hash: hash, signature, cert_fingerprint: key.fingerprint });
  return { seq, hash, stateHash: state };
}

/** Checks one daily root's signature with the city's certificate. */
export function rootSignatureValid(tenantId: string, root: chainStore.RootRow, certPem: string): boolean {
  try {
    return verify("sha256", Buffer.from(rootMessage(tenantId, root.day, Number(root.seq), root.root_hash)), certPem, Buffer.from(root.signature, "base64"));
  } catch {
    return false;
  }
}

/** The content hash of a revision: its header and every line, as recorded. */
export function revisionHash(
  header: { number: number; kind: string; reason: string; approver: string; decree_number: string; decree_sha256: string },
  lines: { line_key: string; amount_before: string | number | null; amount_after: string | number; line: unknown }[],
): string {
  const sorted = [...lines].sort((a, b) => (a.line_key < b.line_key ? -1 : a.line_key > b.line_key ? 1 : 0));
  const h = createHash("sha256");
  h.update(
    canonicalJson({
      number: header.number,
      kind: header.kind,
      reason: header.reason,
      approver: header.approver,
      decree: header.decree_number,
      decreeSha256: header.decree_sha256,
    }),
  );
  for (const l of sorted)
    h.update(`\n${l.line_key}|${l.amount_before == null ? "-" : money(l.amount_before)}|${money(l.amount_after)}|${canonicalJson(l.line)}`);
  return h.digest("hex");
}
