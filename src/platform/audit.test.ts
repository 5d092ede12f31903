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
    const target = await ctx.db.one<{ seq: number; lane: number }>(
      "SELECT seq, lane FROM audit_log WHERE tenant_id = $1 AND subject_id = '2' AND action = 'test.entry'",
      [PALEMBANG],
    );
    await ctx.db.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await ctx.db.query(`UPDATE audit_log SET data = '{"i": 99}'::jsonb WHERE tenant_id = $1 AND lane = $2 AND seq = $3`, [
      PALEMBANG,
      target!.lane,
      target!.seq,
    ]);
    await ctx.db.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");

    const after = await verifyAuditChain(ctx.db, PALEMBANG);
    expect(after.ok).toBe(false);
    expect(after.firstBad).toEqual({ lane: target!.lane, seq: target!.seq, reason: "content does not match its hash" });

    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    const res = await auditor.request("GET", "/api/admin/audit/verify");
    expect(res.body).toMatchObject({ ok: false, firstBad: { seq: target!.seq } });
  });

  it("keeps its lanes unbroken under concurrent writers, several entries per transaction", async () => {
    const before = await verifyAuditChain(ctx.db, "35.73");
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.db.tx(async (q) => {
          await audit(q, { tenantId: "35.73", actorId: null, action: "test.parallel", subjectType: "test", subjectId: String(i % 7), data: { tx: i } });
          await audit(q, { tenantId: "35.73", actorId: null, action: "test.parallel.second", subjectType: "other", subjectId: String(i), data: { tx: i } });
        }),
      ),
    );
    const report = await verifyAuditChain(ctx.db, "35.73");
    expect(report).toMatchObject({ ok: true, checked: before.checked + 80 });
    expect(report.lanes).toBeGreaterThan(1);
    // Both entries of one transaction sit next to each other in the same lane.
    const pairs = await ctx.db.query<{ lanes: number; gap: number }>(
      `SELECT count(DISTINCT lane)::int AS lanes, (max(seq) - min(seq))::int AS gap FROM audit_log
        WHERE tenant_id = '35.73' AND action LIKE 'test.parallel%' GROUP BY data->>'tx'`,
    );
    expect(pairs).toHaveLength(40);
    expect(pairs.every((p) => p.lanes === 1 && p.gap === 1)).toBe(true);
  });

  it("notices entries cut off the end of a lane and a rolled-back transaction leaves no trace", async () => {
    await expect(
      ctx.db.tx(async (q) => {
        await audit(q, { tenantId: "35.73", actorId: null, action: "test.rolledback", subjectType: "test", subjectId: "rb" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'test.rolledback'")).toHaveLength(0);
    expect((await verifyAuditChain(ctx.db, "35.73")).ok).toBe(true);

    await ctx.db.tx((q) => audit(q, { tenantId: "35.73", actorId: null, action: "test.tail", subjectType: "test", subjectId: "tail" }));
    const last = await ctx.db.one<{ lane: number; seq: number }>("SELECT lane, seq FROM audit_log WHERE tenant_id = '35.73' AND action = 'test.tail'");
    await ctx.db.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await ctx.db.query("DELETE FROM audit_log WHERE tenant_id = '35.73' AND lane = $1 AND seq = $2", [last!.lane, last!.seq]);
    await ctx.db.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
    const report = await verifyAuditChain(ctx.db, "35.73");
    expect(report).toMatchObject({ ok: false, firstBad: { lane: last!.lane, seq: last!.seq, reason: "entries missing at the end" } });
  });
});
