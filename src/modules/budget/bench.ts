/**
 * Time of `budget verify` over a generated year: N lines approved, then R pergeseran revisions (two lines each),
 * written through the real use cases. For bench/budget-verify.ts (the lead may wire it into `npm run bench`).
 */
import { generateKeyPairSync } from "node:crypto";
import type { Db } from "../../platform/db.ts";
import { lineKey } from "./codes.ts";
import type { BudgetCtx } from "./context.ts";
import { approveYear } from "./locks.ts";
import { createRevision } from "./revisions.ts";
import * as store from "./store.ts";
import { verifyBudget } from "./verify.ts";

export async function benchBudgetVerify(db: Db, tenantId: string, opts: { lines: number; revisions: number; year?: number; log?: (m: string) => void }) {
  const year = opts.year ?? 2099;
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const certPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const ctx: BudgetCtx = {
    tenantId,
    timezone: "Asia/Jakarta",
    actorId: null,
    locale: "en",
    cityKey: async () => ({ key: privateKey, fingerprint: "bench", certPem }),
  };
  const t0 = performance.now();
  const rows: store.NewLine[] = [];
  for (let i = 0; i < opts.lines; i++) {
    const sub = `2.16.03.2.02.${String((i % 9000) + 1).padStart(4, "0")}`;
    const description = `Komponen ${i}`;
    rows.push({
      lineKey: lineKey("DISKOMINFO", sub, "5.1.02.01.01.0024", description),
      unitCode: "DISKOMINFO",
      subActivityCode: sub,
      accountCode: "5.1.02.01.01.0024",
      description,
      volume: 1,
      measure: "paket",
      unitPrice: 1_000_000 + i,
      amount: 1_000_000 + i,
      standardCode: null,
    });
  }
  await db.tx(async (q) => {
    await store.ensureYear(q, tenantId, year);
    await store.upsertLines(q, tenantId, year, rows);
  });
  await approveYear(db, ctx, year, { perdaNumber: "Perda bench", approver: "bench", decreeSha256: "0".repeat(64) });
  opts.log?.(`approved ${opts.lines} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  for (let r = 0; r < opts.revisions; r++) {
    const a = rows[(r * 2) % rows.length];
    const b = rows[(r * 2 + 1) % rows.length];
    const cur = new Map(
      (
        await db.query<{ line_key: string; amount: string }>(
          "SELECT line_key, amount FROM budget_lines WHERE tenant_id = $1 AND year = $2 AND line_key IN ($3, $4)",
          [tenantId, year, a.lineKey, b.lineKey],
        )
      ).map((x) => [x.line_key, Number(x.amount)]),
    );
    await createRevision(
      db,
      ctx,
      year,
      {
        kind: "pergeseran",
        reason: `bench ${r}`,
        approver: "bench",
        decreeNumber: `SK ${r}`,
        changes: [
          { lineKey: a.lineKey, amount: (cur.get(a.lineKey) ?? 0) - 1000 },
          { lineKey: b.lineKey, amount: (cur.get(b.lineKey) ?? 0) + 1000 },
        ],
      },
      "1".repeat(64),
      new Set(["DISKOMINFO"]),
    );
  }
  opts.log?.(`recorded ${opts.revisions} revisions in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const t2 = performance.now();
  const report = await verifyBudget(db, tenantId, certPem);
  const verifySeconds = (performance.now() - t2) / 1000;
  const y = report.years.find((x) => x.year === year);
  return { lines: opts.lines, revisions: opts.revisions, ok: y?.ok ?? false, verifySeconds };
}
