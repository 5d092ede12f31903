import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { setupPlatform } from "../../../test/helpers.ts";
import { DiskFileStore } from "../../platform/files.ts";
import { DEMO_PASSWORD } from "../tenants/demo.ts";
import { seedDemoReports } from "./demo.ts";

const ctx = setupPlatform();
const dir = mkdtempSync(path.join(os.tmpdir(), "balai-lapor-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("demo reports", () => {
  it("are filed once and spread over the last weeks: the case, its history and its details move together", async () => {
    const n = await seedDemoReports(ctx.db, new DiskFileStore(dir), "16.71", DEMO_PASSWORD);
    expect(n).toBeGreaterThan(10);
    expect(await seedDemoReports(ctx.db, new DiskFileStore(dir), "16.71", DEMO_PASSWORD)).toBe(0);
    const rows = await ctx.db.query<{
      number: string;
      filed: number;
      detailed: number;
      first: number;
      last: number;
      updated: number;
      closed: number | null;
      rated: number | null;
    }>(
      `SELECT c.number, extract(epoch FROM c.submitted_at)::float8 AS filed, extract(epoch FROM d.created_at)::float8 AS detailed,
              extract(epoch FROM c.updated_at)::float8 AS updated, extract(epoch FROM c.closed_at)::float8 AS closed,
              extract(epoch FROM d.rated_at)::float8 AS rated,
              (SELECT extract(epoch FROM min(e.at))::float8 FROM case_events e WHERE e.case_id = c.id) AS first,
              (SELECT extract(epoch FROM max(e.at))::float8 FROM case_events e WHERE e.case_id = c.id) AS last
         FROM cases c JOIN complaint_details d ON d.case_id = c.id WHERE c.tenant_id = '16.71' ORDER BY c.submitted_at DESC`,
    );
    expect(rows).toHaveLength(n);
    const now = Date.now() / 1000;
    for (const r of rows) {
      expect(now - r.filed, r.number).toBeGreaterThan(86_400);
      expect(Math.abs(r.detailed - r.filed), r.number).toBeLessThan(0.01);
      expect(Math.abs(r.first - r.filed), r.number).toBeLessThan(0.01);
      expect(r.updated, r.number).toBe(r.last);
      if (r.closed !== null) expect(r.closed, r.number).toBe(r.last);
      if (r.rated !== null) expect(Math.abs(r.rated - (r.last + 7200)), r.number).toBeLessThan(0.01);
    }
    // report i is filed 2 + 3i days ago, the newest two days ago
    expect(Math.round((now - rows[0]!.filed) / 86_400)).toBe(2);
  });
});
