/** e-Lapor → SP4N-LAPOR! forwarding over HTTP, against a local fake of LAPOR!'s stream API (test/fakes/lapor.ts). */
import { afterAll, describe, expect, it } from "vitest";
import { testClock } from "../../../test/fakes/outbox.ts";
import { FakeLapor } from "../../../test/fakes/lapor.ts";
import { type Client, loginAs, setupPlatform } from "../../../test/helpers.ts";
import { LAPOR_MAX_ATTEMPTS, drainLaporOutbox } from "./lapor-forward.ts";
import { LaporClient, laporConfig, laporXml, parseLaporAnswer } from "./lapor-client.ts";

const s = setupPlatform();
const lapor = await new FakeLapor().start();
afterAll(() => lapor.close());
const KEL = "16.71.04.1003";
const clock = testClock();
const client = (token = lapor.token) => new LaporClient({ baseUrl: lapor.url, token, timeoutMs: 2000 });
const drain = (token?: string) => drainLaporOutbox(s.db, client(token), { now: clock.now });

async function report(c: Client, n: number, body: Record<string, unknown> = {}) {
  const res = await c.request("POST", "/api/lapor/reports", {
    category: "lapor-sampah",
    lat: -2.95 - n * 0.013,
    lon: 104.73,
    kelurahan: KEL,
    title: `Sampah menumpuk ${n}`,
    description: `Sampah menumpuk di pinggir jalan & selokan <dekat pasar> sejak seminggu (${n}).`,
    anonymous: false,
    confidential: false,
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string };
}

describe("forwarding a report to SP4N-LAPOR!", () => {
  it("Kominfo forwards a report: the exact XML goes out, the tracking id becomes the case's national reference, the reporter sees it", async () => {
    const warga = await loginAs(s.app, "warga@example.com");
    const r = await report(warga, 1);
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("GET", `/api/lapor/reports/${r.id}/sp4n-lapor`)).body).toMatchObject({ state: "none", trackingId: null });

    // Only Kominfo (lapor.moderate) forwards; the reporter and an OPD cannot.
    expect((await warga.request("POST", `/api/lapor/reports/${r.id}/sp4n-lapor`)).status).toBe(403);
    const queued = await admin.request("POST", `/api/lapor/reports/${r.id}/sp4n-lapor`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ state: "pending", trackingId: null, attempts: 0 });
    // Asking twice queues once.
    expect((await admin.request("POST", `/api/lapor/reports/${r.id}/sp4n-lapor`)).body.state).toBe("pending");

    expect(await drain()).toBe(1);
    expect(lapor.problems).toEqual([]);
    const req = lapor.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/api/stream/addstream");
    expect(req.headers["content-type"]).toBe("text/xml; charset=UTF8");
    const got = lapor.received().at(-1)!;
    expect(got).toMatchObject({
      token: lapor.token,
      pelapor: { email: "warga@example.com", telpon: "+6281234567890", namadepan: "Maya", namabelakang: "Sari" },
      rahasia: "0",
      anonim: "0",
    });
    expect(got.isi).toContain("Sampah menumpuk di pinggir jalan & selokan <dekat pasar>");
    expect(got.isi).toContain(r.number);
    expect(req.body).toContain("&amp; selokan &lt;dekat pasar&gt;");
    const tracking = lapor.issued.at(-1)!;
    // The outbox row keeps the report's text, never the reporter's contact (read when sending, like sealed messages).
    const row = await s.db.one<{ body: string }>("SELECT body::text AS body FROM complaint_lapor_outbox WHERE case_id = $1", [r.id]);
    expect(row?.body).toContain("Sampah menumpuk");
    expect(row?.body).not.toContain("warga@example.com");
    expect(row?.body).not.toContain("81234567890");

    const status = await admin.request("GET", `/api/lapor/reports/${r.id}/sp4n-lapor`);
    expect(status.body).toMatchObject({ state: "sent", trackingId: tracking, attempts: 1, lastError: null });
    // The national reference on the case, for staff and the reporter, with its history and audit entries.
    const staffView = await admin.request("GET", `/api/cases/${r.id}`);
    expect(staffView.body.national).toMatchObject({ system: "SP4N-LAPOR", reference: tracking, url: "https://www.lapor.go.id" });
    const own = await warga.request("GET", `/api/cases/${r.id}`);
    expect(own.body.national).toMatchObject({ system: "SP4N-LAPOR", reference: tracking });
    const events = await s.db.query<{ action: string; actor_name: string; data: { reference: string; transactionId: string } }>(
      "SELECT action, actor_name, data FROM case_events WHERE case_id = $1 AND action = 'national_ref'",
      [r.id],
    );
    expect(events).toEqual([
      {
        action: "national_ref",
        actor_name: "SP4N-LAPOR",
        data: expect.objectContaining({ reference: tracking, transactionId: expect.stringMatching(/^TRX-/) }),
      },
    ]);
    const audits = await s.db.query<{ action: string; actor_id: string | null }>(
      "SELECT action, actor_id FROM audit_log WHERE subject_id = $1 AND action IN ('complaint.lapor-forward-requested', 'case.national-ref-recorded') ORDER BY at",
      [r.id],
    );
    const adminId = (await s.db.one<{ id: string }>("SELECT id FROM users WHERE email = 'admin@palembang.go.id'"))!.id;
    expect(audits).toEqual([
      { action: "complaint.lapor-forward-requested", actor_id: adminId },
      { action: "case.national-ref-recorded", actor_id: adminId },
    ]);
    const msg = await s.db.one<{ body: string }>("SELECT body FROM notifications WHERE body LIKE $1 ORDER BY created_at DESC LIMIT 1", [`%${tracking}%`]);
    expect(msg?.body).toContain("SP4N-LAPOR");
    // Sent once: forwarding again answers the state, nothing more goes out.
    const n = lapor.requests.length;
    expect((await admin.request("POST", `/api/lapor/reports/${r.id}/sp4n-lapor`)).body).toMatchObject({ state: "sent", trackingId: tracking });
    expect(await drain()).toBe(0);
    expect(lapor.requests.length).toBe(n);
  });

  it("an anonymous, confidential report goes without the reporter's name or contact", async () => {
    const warga = await loginAs(s.app, "warga@example.com");
    const r = await report(warga, 2, { anonymous: true, confidential: true });
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("POST", `/api/lapor/reports/${r.id}/sp4n-lapor`)).status).toBe(202);
    expect(await drain()).toBe(1);
    expect(lapor.problems).toEqual([]);
    const got = lapor.received().at(-1)!;
    expect(got).toMatchObject({ pelapor: { email: "", telpon: "", namadepan: "", namabelakang: "" }, rahasia: "1", anonim: "1" });
    expect(lapor.requests.at(-1)!.body).not.toContain("warga@example.com");
    expect(lapor.requests.at(-1)!.body).not.toContain("Maya");
  });

  it("LAPOR! down: retried with back-off by the outbox; a bad token is refused, marked failed and may be forwarded again", async () => {
    const warga = await loginAs(s.app, "warga@example.com");
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const r = await report(warga, 3);
    expect((await admin.request("POST", `/api/lapor/reports/${r.id}/sp4n-lapor`)).status).toBe(202);
    lapor.answer("5xx", "429");
    expect(await drain()).toBe(0);
    let st = (await admin.request("GET", `/api/lapor/reports/${r.id}/sp4n-lapor`)).body;
    expect(st).toMatchObject({ state: "pending", attempts: 1, lastError: "SP4N-LAPOR! HTTP 503" });
    expect(await drain()).toBe(0); // not due yet: nothing sent
    clock.advance(61_000);
    expect(await drain()).toBe(0); // 429
    clock.advance(121_000);
    expect(await drain()).toBe(1);
    st = (await admin.request("GET", `/api/lapor/reports/${r.id}/sp4n-lapor`)).body;
    expect(st).toMatchObject({ state: "sent", attempts: 3, trackingId: lapor.issued.at(-1) });

    // A wrong token: LAPOR! refuses; not retried, the message kept; Kominfo may forward it again once fixed.
    const r2 = await report(warga, 4);
    expect((await admin.request("POST", `/api/lapor/reports/${r2.id}/sp4n-lapor`)).status).toBe(202);
    expect(await drain("00000000-0000-0000-0000-000000000000")).toBe(0);
    st = (await admin.request("GET", `/api/lapor/reports/${r2.id}/sp4n-lapor`)).body;
    expect(st).toMatchObject({ state: "failed", attempts: 1, lastError: "SP4N-LAPOR! HTTP 401: Token tidak valid", trackingId: null });
    clock.advance(3_600_000);
    expect(await drain("00000000-0000-0000-0000-000000000000")).toBe(0);
    expect((await admin.request("GET", `/api/cases/${r2.id}`)).body.national!.reference).toBeNull();
    expect((await admin.request("POST", `/api/lapor/reports/${r2.id}/sp4n-lapor`)).body).toMatchObject({ state: "pending", attempts: 0 });
    expect(await drain()).toBe(1);

    // Unreachable for good: failed after the last try.
    const r3 = await report(warga, 5);
    expect((await admin.request("POST", `/api/lapor/reports/${r3.id}/sp4n-lapor`)).status).toBe(202);
    for (let i = 0; i < LAPOR_MAX_ATTEMPTS; i++) {
      lapor.answer("5xx");
      await drain();
      clock.advance(3_600_000);
    }
    expect((await admin.request("GET", `/api/lapor/reports/${r3.id}/sp4n-lapor`)).body).toMatchObject({ state: "failed", attempts: LAPOR_MAX_ATTEMPTS });
    expect(lapor.problems).toEqual([]);
  });

  it("unknown reports are 404; the adapter escapes, parses safely and reads its configuration", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("POST", "/api/lapor/reports/00000000-0000-4000-8000-000000000000/sp4n-lapor")).status).toBe(404);
    const xml = laporXml('t"<', { email: "", telpon: "", namadepan: "A&B", namabelakang: "", rahasia: false, anonim: false, isi: "]]> <x>" });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><lapor token="t&quot;&lt;"><pelapor><email></email><telpon></telpon><namadepan>A&amp;B</namadepan><namabelakang></namabelakang></pelapor><laporan rahasia="0" anonim="0"><isi>]]&gt; &lt;x&gt;</isi></laporan></lapor>',
    );
    expect(parseLaporAnswer("<r><data><trackingid> 123 </trackingid><transaksiid>9</transaksiid></data></r>")).toMatchObject({
      trackingId: "123",
      transactionId: "9",
    });
    expect(parseLaporAnswer('<!DOCTYPE r [<!ENTITY a "1">]><r><trackingid>&a;</trackingid></r>').trackingId).toBeUndefined();
    expect(parseLaporAnswer("<r><trackingid>1 OR 1=1;</trackingid></r>").trackingId).toBeUndefined();
    expect(laporConfig({})).toBeUndefined();
    expect(laporConfig({ LAPOR_TOKEN: "abc" })).toEqual({ baseUrl: "https://www.lapor.go.id", token: "abc" });
    expect(() => laporConfig({ LAPOR_TOKEN: "abc", LAPOR_API_URL: "ftp://x" })).toThrow(/LAPOR_API_URL/);
  });
});
