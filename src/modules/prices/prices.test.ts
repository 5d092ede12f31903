import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../platform/auth/passwords.ts";
import { client, DEMO_PASSWORD, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { seedDemoPrices } from "./demo.ts";
import { evaluateAlerts } from "./alerts.ts";
import { addDays, average, changePct, todayIn } from "./common.ts";
import { parsePrice } from "./import.ts";
import { todayView } from "./reading.ts";

const TODAY = todayIn("Asia/Jakarta");

describe("harga bahan pokok", () => {
  const s = setupPlatform();

  /** A Dinas Perdagangan operator (enumerator) in the test store. */
  async function enumerator(email = "enum.disdag@palembang.go.id") {
    const exists = await s.db.one("SELECT 1 FROM users WHERE email = $1", [email]);
    if (!exists) {
      const hash = await hashPassword(DEMO_PASSWORD);
      const u = await s.db.one<{ id: string }>(
        "INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, 'staff', 'Enumerator Pasar', $2, $3, now()) RETURNING id",
        [PALEMBANG, email, hash],
      );
      await s.db.query(
        "INSERT INTO role_grants (tenant_id, user_id, unit_id, role) SELECT $1, $2, id, 'opd_operator' FROM org_units WHERE tenant_id = $1 AND code = 'DISDAG'",
        [PALEMBANG, u?.id],
      );
    }
    return loginAs(s.app, email);
  }

  async function market(code: string, name: string, kind = "traditional") {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const r = await admin.request("POST", "/api/prices/markets", { code, name, kind, kecamatanCode: "16.71.05", lat: -2.99, lon: 104.76 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }

  it("every tenant has the 21 PIHPS commodities with units; markets are managed by prices.manage only", async () => {
    const list = await client(s.app).request("GET", "/api/public/prices/commodities");
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(21);
    expect(list.body.find((c: { code: string }) => c.code === "minyak-goreng-curah")).toMatchObject({ unit: "liter" });
    expect(list.body.find((c: { code: string }) => c.code === "beras-medium-1")).toMatchObject({ unit: "kg", referencePrice: 12500 });
    const m = await market("T-A", "Pasar Uji A");
    expect(m).toMatchObject({ code: "T-A", kind: "traditional", kecamatanCode: "16.71.05", kecamatanName: expect.stringContaining("Ilir Timur") });
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("POST", "/api/prices/markets", { code: "T-A", name: "Lagi", kind: "traditional" })).status).toBe(409);
    const bad = await admin.request("POST", "/api/prices/markets", { code: "T-X", name: "X", kind: "traditional", kecamatanCode: "99.99.99" });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors![0]).toMatchObject({ field: "kecamatanCode" });
    // A Dukcapil operator is not Dinas Perdagangan; the enumerator enters but does not manage.
    const dukcapil = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    expect((await dukcapil.request("GET", `/api/prices/sheet?market=T-A`)).status).toBe(403);
    const e = await enumerator();
    expect((await e.request("GET", `/api/prices/sheet?market=T-A`)).status).toBe(200);
    expect((await e.request("POST", "/api/prices/markets", { code: "T-Y", name: "Y", kind: "modern" })).status).toBe(403);
    const patched = await admin.request("PATCH", "/api/prices/commodities/gula-pasir-lokal", { referencePrice: 18000, alertWeekPct: 7.5 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ referencePrice: 18000, alertWeekPct: 7.5 });
    expect((await client(s.app).request("GET", "/api/prices/sheet?market=T-A")).status).toBe(401);
  });

  it("enters prices with who entered them; the grid shows the previous price; bad input is refused and nothing stored", async () => {
    await market("T-B", "Pasar Uji B");
    const e = await enumerator();
    const d1 = "2026-01-05";
    const first = await e.request("POST", "/api/prices/entries", {
      market: "T-B",
      date: d1,
      prices: [
        { commodity: "beras-medium-1", price: 13500 },
        { commodity: "cabai-rawit-merah", price: 60000 },
      ],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ created: 2, corrected: 0 });
    const sheet = await e.request("GET", `/api/prices/sheet?market=T-B&date=2026-01-06`);
    const beras = sheet.body.rows.find((r: { commodity: string }) => r.commodity === "beras-medium-1");
    expect(beras).toMatchObject({ price: null, previousPrice: 13500, previousDate: d1 });
    const same = (await e.request("GET", `/api/prices/sheet?market=T-B&date=${d1}`)).body.rows.find(
      (r: { commodity: string }) => r.commodity === "beras-medium-1",
    );
    expect(same).toMatchObject({ price: 13500, version: 1, enteredBy: "Enumerator Pasar" });

    const before = await s.db.query("SELECT id FROM price_entries WHERE tenant_id = $1", [PALEMBANG]);
    // zero, negative, unknown commodity, unknown market: 400 with field errors, nothing stored
    const bad = await e.request("POST", "/api/prices/entries", {
      market: "T-B",
      date: "2026-01-06",
      prices: [
        { commodity: "beras-medium-1", price: 0 },
        { commodity: "cabai-rawit-merah", price: -5 },
        { commodity: "durian", price: 40000 },
        { commodity: "telur-ayam-ras", price: 29000 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/problem\+json/);
    expect(bad.problem.errors!.map((x: { field: string; code: string }) => `${x.field}:${x.code}`)).toEqual([
      "prices[0].price:price-not-positive",
      "prices[1].price:price-not-positive",
      "prices[2].commodity:price-unknown-commodity",
    ]);
    const unknownMarket = await e.request("POST", "/api/prices/entries", {
      market: "NOPE",
      date: "2026-01-06",
      prices: [{ commodity: "telur-ayam-ras", price: 29000 }],
    });
    expect(unknownMarket.status).toBe(400);
    expect(unknownMarket.problem.errors![0]).toMatchObject({ field: "market", code: "price-unknown-market" });
    const future = await e.request("POST", "/api/prices/entries", {
      market: "T-B",
      date: addDays(TODAY, 2),
      prices: [{ commodity: "telur-ayam-ras", price: 29000 }],
    });
    expect(future.problem.errors![0]).toMatchObject({ field: "date", code: "price-future-date" });

    // 20× yesterday's price is questioned (422), stored only with confirm
    const jump = {
      market: "T-B",
      date: "2026-01-06",
      prices: [
        { commodity: "beras-medium-1", price: 270000 },
        { commodity: "telur-ayam-ras", price: 29000 },
      ],
    };
    const q = await e.request("POST", "/api/prices/entries", jump);
    expect(q.status).toBe(422);
    expect(q.problem.type).toBe("/problems/price-questioned");
    expect(q.problem.errors).toEqual([expect.objectContaining({ field: "prices[0].price", code: "questioned", message: expect.stringContaining("20×") })]);
    expect(await s.db.query("SELECT id FROM price_entries WHERE tenant_id = $1", [PALEMBANG])).toHaveLength(before.length);
    const ok = await e.request("POST", "/api/prices/entries", { ...jump, confirm: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: 2 });
    const stored = await s.db.one<{ confirmed: boolean; source: string }>(
      "SELECT e.confirmed, e.source FROM price_entries e JOIN price_markets m ON m.id = e.market_id JOIN price_commodities c ON c.id = e.commodity_id WHERE m.code = 'T-B' AND c.code = 'beras-medium-1' AND e.date = '2026-01-06'",
    );
    expect(stored).toEqual({ confirmed: true, source: "grid" });
  });

  it("corrections are new versions: history keeps every value and who entered it; the same value changes nothing", async () => {
    await market("T-C", "Pasar Uji C");
    const e = await enumerator();
    const body = (price: number) => ({ market: "T-C", date: "2026-01-10", prices: [{ commodity: "telur-ayam-ras", price }] });
    expect((await e.request("POST", "/api/prices/entries", body(29000))).body).toMatchObject({ created: 1 });
    expect((await e.request("POST", "/api/prices/entries", body(29500))).body).toMatchObject({ corrected: 1 });
    expect((await e.request("POST", "/api/prices/entries", body(29500))).body).toMatchObject({ unchanged: 1, corrected: 0 });
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("POST", "/api/prices/entries", body(30000))).body).toMatchObject({ corrected: 1 });
    const h = await e.request("GET", "/api/prices/history?market=T-C&commodity=telur-ayam-ras&date=2026-01-10");
    expect(h.status).toBe(200);
    expect(h.body.map((x) => [x.version, x.price, x.current, x.enteredBy])).toEqual([
      [3, 30000, true, "Rahmat Hidayat"],
      [2, 29500, false, "Enumerator Pasar"],
      [1, 29000, false, "Enumerator Pasar"],
    ]);
    const audit = await s.db.query<{ data: { corrections: unknown[] } }>(
      "SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'prices.entered' AND data->'markets' ? 'T-C' ORDER BY id",
      [PALEMBANG],
    );
    expect(audit).toHaveLength(3);
    expect(audit[1].data.corrections).toEqual([{ market: "T-C", commodity: "telur-ayam-ras", date: "2026-01-10", from: 29000, to: 29500, version: 2 }]);
  });

  it("computes the city average, the change from the day before and a week before, per market and the cheapest market", async () => {
    expect(changePct(110, 100)).toBe(10);
    expect(changePct(95, 100)).toBe(-5);
    expect(changePct(100, null)).toBeNull();
    expect(average([13000, 14000, 14500])).toBe(13833);
    expect(average([])).toBeNull();
    expect(parsePrice("Rp 13.500")).toBe(13500);
    expect(parsePrice("13,500")).toBe(13500);
    expect(Number.isNaN(parsePrice("13.5"))).toBe(true);

    await market("T-D1", "Pasar Uji D1");
    await market("T-D2", "Pasar Uji D2", "wholesale");
    const e = await enumerator();
    const put = (m: string, date: string, price: number) =>
      e.request("POST", "/api/prices/entries", { market: m, date, prices: [{ commodity: "bawang-merah", price }], confirm: true });
    // Use February 2026 (no other test writes there): week before 02-01, day before 02-07, "today" 02-08.
    await put("T-D1", "2026-02-01", 36000);
    await put("T-D2", "2026-02-01", 34000);
    await put("T-D1", "2026-02-07", 38000);
    await put("T-D2", "2026-02-07", 36000);
    await put("T-D1", "2026-02-08", 40000);
    await put("T-D2", "2026-02-08", 37000);
    const view = await client(s.app).request("GET", "/api/public/prices/today?date=2026-02-08");
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ date: "2026-02-08", previousDay: "2026-02-07", previousWeek: "2026-02-01" });
    const bm = view.body.commodities.find((c: { code: string }) => c.code === "bawang-merah");
    expect(bm).toMatchObject({
      average: 38500,
      previousDay: 37000,
      previousWeek: 35000,
      changeDayPct: 4.1,
      changeWeekPct: 10,
      min: 37000,
      max: 40000,
      markets: 2,
      cheapest: { market: "T-D2", name: "Pasar Uji D2", price: 37000 },
    });
    expect(view.body.markets.find((m: { code: string }) => m.code === "T-D1")!.prices["bawang-merah"]).toBe(40000);
    // No prices on the asked day: the latest day within two weeks before it.
    const later = await todayView(s.db, PALEMBANG, "2026-02-10");
    expect(later.date).toBe("2026-02-08");

    const series = await client(s.app).request("GET", "/api/public/prices/series?commodity=bawang-merah&from=2026-02-01&to=2026-02-08");
    expect(series.body.points).toEqual([
      { date: "2026-02-01", price: 35000, min: 34000, max: 36000, markets: 2 },
      { date: "2026-02-07", price: 37000, min: 36000, max: 38000, markets: 2 },
      { date: "2026-02-08", price: 38500, min: 37000, max: 40000, markets: 2 },
    ]);
    const one = await client(s.app).request("GET", "/api/public/prices/series?commodity=bawang-merah&market=T-D2&from=2026-02-01&to=2026-02-08");
    expect(one.body.points.map((p: { price: number }) => p.price)).toEqual([34000, 36000, 37000]);
    expect((await client(s.app).request("GET", "/api/public/prices/series?commodity=durian")).status).toBe(404);

    const csv = await client(s.app).request("GET", "/api/public/prices/data.csv?from=2026-02-08&to=2026-02-08&commodity=bawang-merah");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.trim().split("\n")).toEqual([
      "tanggal,pasar,nama_pasar,komoditas,nama_komoditas,satuan,harga",
      "2026-02-08,T-D1,Pasar Uji D1,bawang-merah,Bawang Merah Ukuran Sedang,kg,40000",
      "2026-02-08,T-D2,Pasar Uji D2,bawang-merah,Bawang Merah Ukuran Sedang,kg,37000",
    ]);
    const json = await client(s.app).request("GET", "/api/public/prices/data.json?from=2026-02-08&to=2026-02-08&market=T-D2");
    expect(json.body.rows).toEqual([expect.objectContaining({ market: "T-D2", commodity: "bawang-merah", price: 37000 })]);
  });

  it("raises alerts for a week-on-week rise above the commodity's percentage and above HET/HAP, once, with an outbox event", async () => {
    await market("T-E", "Pasar Uji E");
    const e = await enumerator();
    const weekAgo = addDays(TODAY, -7);
    const put = (date: string, prices: { commodity: string; price: number }[]) =>
      e.request("POST", "/api/prices/entries", { market: "T-E", date, prices, confirm: true });
    await put(weekAgo, [
      { commodity: "cabai-merah-besar", price: 40000 },
      { commodity: "gula-pasir-premium", price: 18000 },
      { commodity: "beras-super-1", price: 14000 },
    ]);
    // +12.5 % (rule 10 %), +2.8 % (no), beras super above HET 14,900
    const r = await put(TODAY, [
      { commodity: "cabai-merah-besar", price: 45000 },
      { commodity: "gula-pasir-premium", price: 18500 },
      { commodity: "beras-super-1", price: 15200 },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.alerts).toBe(2);
    const e2 = await enumerator();
    const alerts = await e2.request("GET", "/api/prices/alerts");
    expect(alerts.status).toBe(200);
    const mine = alerts.body.filter((a: { date: string }) => a.date === TODAY);
    expect(mine.map((a: { commodity: string; kind: string }) => `${a.commodity}:${a.kind}`).sort()).toEqual([
      "beras-super-1:above-reference",
      "cabai-merah-besar:week-rise",
    ]);
    expect(mine.find((a: { kind: string }) => a.kind === "week-rise")).toMatchObject({ value: 45000, threshold: 10, changePct: 12.5 });
    const events = await s.db.query<{ payload: { commodity: string; kind: string } }>(
      "SELECT payload FROM outbox_events WHERE tenant_id = $1 AND topic = 'prices.alert' AND payload->>'date' = $2",
      [PALEMBANG, TODAY],
    );
    expect(events.map((x) => x.payload.commodity).sort()).toEqual(["beras-super-1", "cabai-merah-besar"]);
    // Same day again: no second alert.
    expect(
      await s.db.tx((q) =>
        evaluateAlerts(
          q,
          PALEMBANG,
          mine.map(() => "x"),
          TODAY,
        ),
      ),
    ).toBe(0);
    const again = await put(TODAY, [{ commodity: "cabai-merah-besar", price: 46000 }]);
    expect(again.body.alerts).toBe(0);
    // The command centre sees and resolves them; a Dukcapil operator does not.
    const cc = await loginAs(s.app, "lawangjabo@palembang.go.id");
    const seen = await cc.request("GET", "/api/prices/alerts");
    expect(seen.status).toBe(200);
    const id = seen.body.find((a: { commodity: string }) => a.commodity === "cabai-merah-besar")!.id;
    expect((await cc.request("POST", `/api/prices/alerts/${id}/resolve`)).status).toBe(200);
    expect((await cc.request("GET", "/api/prices/alerts")).body.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await (await loginAs(s.app, "operator.dukcapil@palembang.go.id")).request("GET", "/api/prices/alerts")).status).toBe(403);
  });

  it("imports CSV and XLSX; a malformed file names the line and column and stores nothing", async () => {
    await market("T-F", "Pasar Uji F");
    const e = await enumerator();
    const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
    const good = 'tanggal,pasar,komoditas,harga\n2026-03-02,T-F,beras-medium-1,13500\n02/03/2026,Pasar Uji F,Telur Ayam Ras Segar,"Rp 29.000"\n';
    const r = await e.request("POST", "/api/prices/import", { filename: "harga.csv", content: b64(good) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ rows: 2, created: 2 });
    const count = async () => (await s.db.query("SELECT 1 FROM price_entries e JOIN price_markets m ON m.id = e.market_id WHERE m.code = 'T-F'")).length;
    expect(await count()).toBe(2);

    const bad =
      "tanggal,pasar,komoditas,harga\n2026-03-03,T-F,beras-medium-1,13600\n2026-03-03,T-X,beras-medium-1,13500\n2026-03-03,T-F,durian,13500\n2026-03-03,T-F,telur-ayam-ras,dua puluh\n2026-13-45,T-F,gula-pasir-lokal,17000\n";
    const rb = await e.request("POST", "/api/prices/import", { filename: "harga.csv", content: b64(bad) });
    expect(rb.status).toBe(400);
    expect(rb.problem.errors!.map((x: { field: string; code: string }) => `${x.field}:${x.code}`)).toEqual([
      "line 3, column pasar:price-unknown-market",
      "line 4, column komoditas:price-unknown-commodity",
      "line 5, column harga:price-not-a-number",
      "line 6, column tanggal:price-invalid-date",
    ]);
    expect(rb.problem.errors![0].message).toMatch(/^Baris 3, kolom pasar: Pasar tidak dikenal/);
    expect(await count()).toBe(2);

    const broken = 'tanggal,pasar,komoditas,harga\n2026-03-03,T-F,"beras-medium-1,13600\n';
    const rc = await e.request("POST", "/api/prices/import", { filename: "harga.csv", content: b64(broken) });
    expect(rc.status).toBe(400);
    expect(rc.problem.errors![0]).toMatchObject({ code: "price-malformed-csv", field: expect.stringMatching(/^line \d+/) });
    const noHeader = await e.request("POST", "/api/prices/import", { filename: "harga.csv", content: b64("a,b\n1,2\n") });
    expect(noHeader.problem.errors!.map((x: { code: string }) => x.code)).toContain("price-missing-column");

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Harga");
    ws.addRow(["Tanggal", "Pasar", "Komoditas", "Harga"]);
    ws.addRow(["2026-03-04", "T-F", "gula-pasir-lokal", 17400]);
    ws.addRow(["2026-03-04", "T-F", "bawang-putih", 39000]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const rx = await e.request("POST", "/api/prices/import", { filename: "harga.xlsx", content: b64(xlsx) });
    expect(rx.status, JSON.stringify(rx.body)).toBe(200);
    expect(rx.body).toMatchObject({ rows: 2, created: 2 });
    const entered = await s.db.one<{ source: string; name: string }>(
      "SELECT e.source, u.name FROM price_entries e JOIN users u ON u.id = e.entered_by JOIN price_markets m ON m.id = e.market_id WHERE m.code = 'T-F' AND e.date = '2026-03-04' LIMIT 1",
    );
    expect(entered).toEqual({ source: "import", name: "Enumerator Pasar" });
  });

  it("seeds demo markets and 90 days of prices for the demo tenant (idempotent)", async () => {
    await seedDemoPrices(s.db, PALEMBANG, DEMO_PASSWORD);
    await seedDemoPrices(s.db, PALEMBANG, DEMO_PASSWORD);
    const view = await todayView(s.db, PALEMBANG, TODAY);
    expect(view.date).toBe(TODAY);
    const beras = view.commodities.find((c) => c.code === "beras-medium-1");
    expect(beras?.average).toBeGreaterThan(11_000);
    expect(beras?.average).toBeLessThan(16_000);
    expect(view.markets.find((m) => m.code === "16-ILIR")?.kecamatanCode).toBe("16.71.05");
    const demoUser = await loginAs(s.app, "operator.disdag@palembang.go.id");
    expect((await demoUser.request("GET", "/api/prices/sheet?market=CINDE")).status).toBe(200);
  });
});
