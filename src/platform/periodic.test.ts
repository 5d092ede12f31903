import { describe, expect, it } from "vitest";
import { openTestDb } from "../../test/helpers.ts";
import { leased, PROCESS_HOLDER, takeLease } from "./periodic.ts";

/** Periodic jobs run in one process at a time: the lease holder; another takes over when the holder's lease lapses. */
describe("job leases", () => {
  it("one holder runs the job each period; another process takes over when the holder stops renewing", async () => {
    const db = await openTestDb();
    try {
      const ran: string[] = [];
      const job = (holder: string) => leased(db, "probe-job", 60_000, async () => void ran.push(holder), holder);
      const [a, b, c] = [job("process-a"), job("process-b"), job("process-c")];
      // Three processes tick through three periods, in varying order: only the first taker runs.
      for (const order of [
        [a, b, c],
        [c, b, a],
        [b, a, c],
      ])
        for (const tick of order) await tick();
      expect(ran).toEqual(["process-a", "process-a", "process-a"]);
      const row = await db.one<{ holder: string; runs: string | number }>("SELECT holder, runs FROM job_leases WHERE name = 'probe-job'");
      expect(row).toMatchObject({ holder: "process-a" });
      expect(Number(row!.runs)).toBe(3);

      // process-a dies: its lease lapses (simulated by moving `until` into the past); the next ticker takes over.
      await db.query("UPDATE job_leases SET until = now() - interval '1 second' WHERE name = 'probe-job'");
      ran.length = 0;
      for (const tick of [c, b, a, b]) await tick();
      expect(ran).toEqual(["process-c"]);
    } finally {
      await db.close();
    }
  });

  it("takes a lease atomically: of many concurrent takers exactly one wins", async () => {
    const db = await openTestDb();
    try {
      const wins = await Promise.all(Array.from({ length: 12 }, (_, i) => takeLease(db, "race", `p${i}`, 60_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await takeLease(db, "race", PROCESS_HOLDER, 60_000)).toBe(false);
    } finally {
      await db.close();
    }
  });
});
