import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/platform/db.ts";
import { initModules } from "../../src/server.ts";
import { openTestDb, testConfig } from "../helpers.ts";
import { cliOn, lastLine } from "./in-process.ts";

// Kalimantan Utara (65): four kabupaten and Kota Tarakan.
describe("balai tenant create --province / --all (in-process)", () => {
  let db: Db;
  let balai: ReturnType<typeof cliOn>;
  beforeAll(async () => {
    db = await openTestDb();
    initModules();
    balai = cliOn(db, testConfig());
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.one<{ n: number }>(sql, params))?.n);

  it("creates every kab/kota of a province with its kecamatan, desa/kelurahan and catalog; a rerun continues without duplicates", async () => {
    // An earlier, interrupted run left Kota Tarakan.
    expect((await balai("tenant", "create", "--region", "65.71")).code).toBe(0);

    const run = await balai("tenant", "create", "--province", "65", "--host-suffix", "layanan.example.go.id");
    expect(run.code).toBe(0);
    const lines = run.out.split("\n");
    expect(lines[0]).toBe("5 kab/kota: 1 already present, 4 to create");
    expect(lines).toContain("[1/4] 65.01 Kabupaten Bulungan: 10 kecamatan, 81 desa/kelurahan, 154 services");
    expect(lastLine(run.out)).toMatch(/^created 4 tenants \(\d+ units\) in [\d.]+ s; 5 of 5 kab\/kota present$/);

    const tenants = await db.query<{ id: string }>("SELECT id FROM tenants WHERE id LIKE '65.%' ORDER BY id");
    expect(tenants.map((t) => t.id)).toEqual(["65.01", "65.02", "65.03", "65.04", "65.71"]);
    // Every desa/kelurahan hangs under its own kecamatan (Kemendagri code prefix), every kecamatan under the pemda.
    expect(await count("SELECT count(*)::int AS n FROM org_units WHERE tenant_id = '65.01' AND kind = 'kelurahan'")).toBe(81);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM org_units l JOIN org_units k ON k.tenant_id = l.tenant_id AND k.id = l.parent_id
          WHERE l.tenant_id LIKE '65.%' AND l.kind = 'kelurahan' AND (k.kind <> 'kecamatan' OR l.code NOT LIKE k.code || '.%')`,
      ),
    ).toBe(0);
    // Kemendagri: 1xxx codes are kelurahan, 2xxx desa.
    expect(
      await count("SELECT count(*)::int AS n FROM org_units WHERE tenant_id = '65.01' AND name LIKE 'Desa %' AND split_part(code, '.', 4) NOT LIKE '2%'"),
    ).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM org_units WHERE tenant_id = '65.01' AND name LIKE 'Desa %'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM services WHERE tenant_id = '65.02' AND current_version = 1")).toBe(154);
    expect(await db.one("SELECT host FROM tenant_hosts WHERE tenant_id = '65.01'")).toEqual({ host: "kab-bulungan.layanan.example.go.id" });

    const again = await balai("tenant", "create", "--province", "65");
    expect(again.code).toBe(0);
    expect(again.out.split("\n")[0]).toBe("5 kab/kota: 5 already present, 0 to create");
    expect(await count("SELECT count(*)::int AS n FROM org_units WHERE tenant_id = '65.01'")).toBe(
      await count("SELECT count(DISTINCT code)::int AS n FROM org_units WHERE tenant_id = '65.01'"),
    );

    const audit = await balai("audit", "verify", "--tenant", "65.03");
    expect(lastLine(audit.out)).toBe("audit verify: OK, 1 tenant chain(s) intact");
  }, 600_000);

  it("refuses a bad province and mixed options", async () => {
    expect(await balai("tenant", "create", "--province", "6")).toEqual({
      code: 2,
      out: "error: --province needs a two-digit province code, e.g. --province 16",
    });
    expect(await balai("tenant", "create", "--province", "99")).toEqual({ code: 2, out: "error: no kab/kota in province 99" });
    expect((await balai("tenant", "create", "--all", "--region", "16.71")).out).toBe(
      "error: tenant create --all/--province takes no --region, --host or --default",
    );
  });
});
