/**
 * `balai budget verify [--tenant CODE]`: proves today's budget numbers are the approved APBD plus the recorded
 * revisions (chain, signed daily roots, revisions, replay); exit code 1 and the first differing line otherwise.
 */
import { parseArgs } from "node:util";
import { ensureCa } from "../modules/documents/index.ts";
import { verifyBudget } from "../modules/budget/index.ts";
import { listTenants } from "../platform/tenancy.ts";
import type { Command } from "./context.ts";

export const budgetCommand: Command = async (ctx, sub, rest) => {
  if (sub !== "verify") return undefined;
  const { values } = parseArgs({ args: rest, options: { tenant: { type: "string" } } });
  const started = performance.now();
  const reports = await ctx.withStore(async (db) => {
    const tenants = (await listTenants(db)).filter((t) => !values.tenant || t.id === values.tenant);
    const out = [];
    for (const t of tenants) {
      const ca = await db.tx((q) => ensureCa(q, t, ctx.config.caSecret));
      out.push(await verifyBudget(db, t.id, ca.cert.toString()));
    }
    return out;
  });
  let bad = 0;
  for (const r of reports) {
    ctx.print(`${r.tenantId}: ${r.chainEntries} chain entries, ${r.roots} signed daily root(s)`);
    for (const p of r.problems) ctx.print(`  ${p}`);
    for (const y of r.years) {
      ctx.print(`  ${y.year} (${y.status}): ${y.lines} lines, ${y.revisions} revision(s) — ${y.ok ? "matches approved + revisions" : "DIFFERS"}`);
      for (const p of y.problems) ctx.print(`    ${p}`);
      if (y.firstDifference?.line) ctx.print(`    first differing line: ${JSON.stringify(y.firstDifference.line)}`);
    }
    if (!r.ok) bad++;
  }
  const ms = Math.round(performance.now() - started);
  ctx.print(bad ? `budget verify: FAILED for ${bad} tenant(s) (${ms} ms)` : `budget verify: OK, ${reports.length} tenant(s) (${ms} ms)`);
  return bad ? 1 : 0;
};
