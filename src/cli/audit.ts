/** `balai audit verify [--tenant CODE]`: walks the audit hash chain of each tenant; exit code 1 when one is tampered. */
import { parseArgs } from "node:util";
import { verifyAuditChain } from "../platform/audit.ts";
import { listTenants } from "../platform/tenancy.ts";
import type { Command } from "./context.ts";

export const auditCommand: Command = async (ctx, sub, rest) => {
  if (sub !== "verify") return undefined;
  const { values } = parseArgs({ args: rest, options: { tenant: { type: "string" } } });
  const reports = await ctx.withStore(async (db) => {
    const ids = values.tenant ? [values.tenant] : (await listTenants(db)).map((t) => t.id);
    const out = [];
    for (const id of ids) out.push(await verifyAuditChain(db, id));
    return out;
  });
  let bad = 0;
  for (const r of reports) {
    if (r.ok) ctx.print(`${r.tenantId}: ${r.checked} entries in ${r.lanes} lane(s), chain intact`);
    else {
      bad++;
      ctx.print(
        `${r.tenantId}: TAMPERED at entry ${r.firstBad?.seq} of lane ${r.firstBad?.lane} (${r.firstBad?.reason}); ${r.checked} entries checked before it are intact`,
      );
    }
  }
  ctx.print(bad ? `audit verify: FAILED, ${bad} tenant chain(s) tampered` : `audit verify: OK, ${reports.length} tenant chain(s) intact`);
  return bad ? 1 : 0;
};
