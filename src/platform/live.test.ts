import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../../test/helpers.ts";
import type { Db } from "./db.ts";
import { emit } from "./events.ts";
import { type LiveEvent, LiveHub, pruneOutbox } from "./live.ts";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

function collector(hub: LiveHub, tenant = "16.71") {
  const got: LiveEvent[] = [];
  const ready = hub.subscribe(tenant, (e) => got.push(e));
  const until = async (pred: () => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    return pred();
  };
  return { got, ready, until };
}

describe("live hub", () => {
  it("hands committed outbox events to the tenant's subscribers, never rolled-back ones, and nothing of another tenant", async () => {
    const hub = new LiveHub(db, { pollMs: 60_000 });
    const palembang = collector(hub);
    const malang = collector(hub, "35.73");
    await Promise.all([palembang.ready, malang.ready]);
    await db.tx((q) => emit(q, "16.71", "test.one", { n: 1 }));
    await db
      .tx(async (q) => {
        await emit(q, "16.71", "test.rolled-back", { n: 2 });
        await q.query("SELECT 1");
        throw new Error("rollback");
      })
      .catch(() => {});
    await db.tx((q) => emit(q, "16.71", "test.three", { n: 3 }));
    expect(await palembang.until(() => palembang.got.length >= 2)).toBe(true);
    expect(palembang.got.map((e) => e.topic)).toEqual(["test.one", "test.three"]);
    expect(malang.got).toEqual([]);
    await hub.close();
  });

  it.runIf(process.env.DATABASE_URL)("PostgreSQL: a NOTIFY from another process wakes the hub, and an id committed late is still delivered", async () => {
    const hub = new LiveHub(db, { pollMs: 60_000 });
    const c = collector(hub);
    await c.ready;
    // Written as another process would: no in-process signal, only the notification.
    await db.query("INSERT INTO outbox_events (tenant_id, topic, payload) VALUES ('16.71', 'test.remote', '{}')");
    await db.query("SELECT pg_notify('balai_outbox', '')");
    expect(await c.until(() => c.got.some((e) => e.topic === "test.remote"))).toBe(true);

    // Transaction A takes an id first but commits after B: both are delivered.
    let releaseA!: () => void;
    const aHolds = new Promise<void>((r) => (releaseA = r));
    let aInserted!: () => void;
    const aReady = new Promise<void>((r) => (aInserted = r));
    const a = db.tx(async (q) => {
      await q.query("INSERT INTO outbox_events (tenant_id, topic, payload) VALUES ('16.71', 'test.slow', '{}')");
      aInserted();
      await aHolds;
    });
    await aReady;
    await db.query("INSERT INTO outbox_events (tenant_id, topic, payload) VALUES ('16.71', 'test.fast', '{}')");
    await db.query("SELECT pg_notify('balai_outbox', '')");
    expect(await c.until(() => c.got.some((e) => e.topic === "test.fast"))).toBe(true);
    expect(c.got.some((e) => e.topic === "test.slow")).toBe(false);
    releaseA();
    await a;
    await db.query("SELECT pg_notify('balai_outbox', '')");
    expect(await c.until(() => c.got.some((e) => e.topic === "test.slow"))).toBe(true);
    const slow = c.got.find((e) => e.topic === "test.slow")!;
    const fast = c.got.find((e) => e.topic === "test.fast")!;
    expect(slow.id).toBeLessThan(fast.id);
    await hub.close();
  });

  it("prunes events older than the retention and keeps the rest", async () => {
    await db.query("INSERT INTO outbox_events (tenant_id, topic, payload, created_at) VALUES ('16.71', 'test.old', '{}', now() - interval '8 days')");
    await db.query("INSERT INTO outbox_events (tenant_id, topic, payload) VALUES ('16.71', 'test.new', '{}')");
    expect(await pruneOutbox(db)).toBeGreaterThanOrEqual(1);
    const left = await db.query<{ topic: string }>("SELECT topic FROM outbox_events WHERE topic IN ('test.old', 'test.new')");
    expect(left.map((r) => r.topic)).toEqual(["test.new"]);
  });
});
