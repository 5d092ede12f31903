import { describe, expect, it } from "vitest";
import { loginAs, PALEMBANG, setupPlatform } from "../../test/helpers.ts";
import { audit, verifyAuditChain } from "./audit.ts";

const ctx = setupPlatform();

describe("audit hash chain", () => {
  it("is append-only and reports the first tampered entry", async () => {
    for (let i = 0; i < 5; i++) {
      await ctx.db.tx((q) =>
        audit(q, { tenantId: PALEMBANG, actorId: null, action: "test.entry", subjectType: "test", subjectId: String(i), data: { i, nested: { b: 2, a: 1 } } }),
      );
    }
    const before = await verifyAuditChain(ctx.db, PALEMBANG);
    expect(before.ok).toBe(true);
    expect(before.checked).toBeGreaterThanOrEqual(6);

    await expect(ctx.db.query("UPDATE audit_log SET data = '{}'::jsonb WHERE tenant_id = $1", [PALEMBANG])).rejects.toThrow(/append-only/);
    await expect(ctx.db.query("DELETE FROM audit_log WHERE tenant_id = $1", [PALEMBANG])).rejects.toThrow(/append-only/);

    // Someone with database owner rights turns the guard off and edits one entry.
    const target = await ctx.db.one<{ seq: number }>("SELECT seq FROM audit_log WHERE tenant_id = $1 AND subject_id = '2' AND action = 'test.entry'", [
      PALEMBANG,
    ]);
    await ctx.db.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await ctx.db.query(`UPDATE audit_log SET data = '{"i": 99}'::jsonb WHERE tenant_id = $1 AND seq = $2`, [PALEMBANG, target!.seq]);
    await ctx.db.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");

    const after = await verifyAuditChain(ctx.db, PALEMBANG);
    expect(after.ok).toBe(false);
    expect(after.firstBad).toEqual({ seq: target!.seq, reason: "content does not match its hash" });

    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    const res = await auditor.request("GET", "/api/admin/audit/verify");
    expect(res.body).toMatchObject({ ok: false, firstBad: { seq: target!.seq } });
  });

  it("keeps one chain per tenant, unbroken under concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.db.tx((q) => audit(q, { tenantId: "35.73", actorId: null, action: "test.parallel", subjectType: "test", subjectId: String(i) })),
      ),
    );
    const report = await verifyAuditChain(ctx.db, "35.73");
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(21);
  });
});
