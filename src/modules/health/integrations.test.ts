import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { FakeBpjs } from "../../../test/fakes/bpjs.ts";
import { FakeSatusehat } from "../../../test/fakes/satusehat.ts";
import { card, counterClerk, makePuskesmas, nik, openToday, type TestPuskesmas } from "../../../test/health.ts";
import { BpjsAntreanClient, bpjsSignature, decryptBpjs, encryptBpjs } from "./bpjs.ts";
import { drainBpjsOutbox } from "./bpjs-outbox.ts";
import { buildEncounter, r4Errors } from "./satusehat.ts";

// The adapters read SATUSEHAT_* when the routes are built (in setupPlatform's beforeAll): start the fakes first.
const satusehat = await new FakeSatusehat().start();
const bpjs = await new FakeBpjs().start();
Object.assign(process.env, {
  SATUSEHAT_AUTH_URL: satusehat.authUrl,
  SATUSEHAT_BASE_URL: satusehat.baseUrl,
  SATUSEHAT_CLIENT_ID: satusehat.clientId,
  SATUSEHAT_CLIENT_SECRET: satusehat.clientSecret,
  SATUSEHAT_ORG_ID: "org-dinkes",
});

describe("BPJS antrean FKTP outbound and SATUSEHAT", () => {
  const s = setupPlatform();
  let pkm: TestPuskesmas;
  afterAll(async () => {
    for (const k of ["SATUSEHAT_AUTH_URL", "SATUSEHAT_BASE_URL", "SATUSEHAT_CLIENT_ID", "SATUSEHAT_CLIENT_SECRET", "SATUSEHAT_ORG_ID"]) delete process.env[k];
    await satusehat.close();
    await bpjs.close();
  });
  beforeAll(async () => {
    pkm = await makePuskesmas(s.db, PALEMBANG);
    await openToday(s.db, PALEMBANG);
  }, 120_000);

  const client = (over: Partial<{ secret: string; attempts: number }> = {}) =>
    new BpjsAntreanClient({
      baseUrl: `${bpjs.url}/antreanfktp_dev`,
      consId: bpjs.consId,
      secret: over.secret ?? bpjs.secret,
      userKey: bpjs.userKey,
      attempts: over.attempts ?? 3,
      retryDelayMs: 10,
    });

  const clerk = () => counterClerk(s, PALEMBANG, pkm);

  it("signs like BPJS and decrypts its AES-256-CBC + LZ-string replies", () => {
    // HMAC-SHA256("1234&1700000000", key "secret"), base64.
    expect(bpjsSignature("1234", "secret", "1700000000")).toBe("6np+GvYzQ5NMpW0AaYXiFr8TmI4wq6h0Bf+MDiAriiU=");
    const enc = encryptBpjs("1234", "secret", "1700000000", { nomorantrean: "A-001" });
    expect(decryptBpjs("1234", "secret", "1700000000", enc)).toEqual({ nomorantrean: "A-001" });
    expect(() => decryptBpjs("1234", "other", "1700000000", enc)).toThrow();
  });

  it("pushes walk-ins, hadir/tidak hadir and cancellations to BPJS with valid signatures, retrying when BPJS fails", async () => {
    const c = await clerk();
    const base = `/api/health/counter/${pkm.facilityId}` as const;
    const a = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Andi", nik: nik(1), nomorkartu: card(1) });
    expect(a.status).toBe(201);
    const warga = await loginAs(s.app, "warga@example.com");
    const today = a.body.date as string;
    const booked = await warga.request("POST", "/api/health/bookings", {
      facilityId: pkm.facilityId,
      poliId: pkm.poliId,
      scheduleId: (await s.db.one<{ schedule_id: string }>("SELECT schedule_id FROM health_bookings WHERE id = $1", [a.body.id]))!.schedule_id,
      date: today,
      forWhom: "self",
      patientName: "Maya",
      nik: nik(2),
      nomorkartu: card(2),
    });
    expect(booked.status).toBe(201);
    await c.request("POST", `${base}/bookings/${booked.body.id}/checkin`);
    const b3 = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Tono", nik: nik(3), nomorkartu: card(3) });
    await c.request("POST", `${base}/bookings/${b3.body.id}/skip`);
    const b4 = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Rina", nik: nik(4), nomorkartu: card(4) });
    await c.request("POST", `${base}/bookings/${b4.body.id}/cancel`, { alasan: "Pulang duluan" });

    // BPJS is down for the first two tries of the first push: the adapter retries within the call.
    bpjs.answer("5xx", "429");
    const sent = await drainBpjsOutbox(s.db, client());
    expect(sent).toBe(7);
    expect(bpjs.problems).toEqual([]);
    const adds = bpjs.bodies("/antrean/add");
    // A-001 took three tries (503, 429, then accepted).
    expect(adds.map((x) => x.nomorantrean)).toEqual(["A-001", "A-001", "A-001", "A-002", "A-003", "A-004"]);
    expect(adds[0]).toMatchObject({
      nomorkartu: card(1),
      nik: nik(1),
      kodepoli: "001",
      namapoli: "Poli Umum",
      kodedokter: pkm.kodedokter,
      jampraktek: "08:00-12:00",
      angkaantrean: 1,
    });
    expect(bpjs.bodies("/antrean/panggil").map((x) => [x.nomorkartu, x.status])).toEqual([
      [card(2), 1],
      [card(3), 2],
    ]);
    expect(bpjs.bodies("/antrean/batal")).toEqual([{ tanggalperiksa: today, kodepoli: "001", nomorkartu: card(4), alasan: "Pulang duluan" }]);
    const signed = bpjs.requests.at(-1)!;
    expect(signed.headers["x-cons-id"]).toBe(bpjs.consId);
    expect(signed.headers["x-signature"]).toBe(bpjsSignature(bpjs.consId, bpjs.secret, String(signed.headers["x-timestamp"])));
    expect(signed.headers.user_key).toBe(bpjs.userKey);
    expect(await drainBpjsOutbox(s.db, client())).toBe(0);

    // BPJS unreachable on every try: the push stays queued for later with its error; a refusal is final.
    await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Edo", nik: nik(5), nomorkartu: card(5) });
    bpjs.answer("5xx", "5xx", "5xx");
    expect(await drainBpjsOutbox(s.db, client())).toBe(0);
    const waiting = await s.db.one<{ state: string; attempts: number; last_error: string; later: boolean }>(
      "SELECT state, attempts, last_error, next_at > now() AS later FROM health_bpjs_outbox ORDER BY id DESC LIMIT 1",
    );
    expect(waiting).toEqual({ state: "pending", attempts: 1, last_error: "HTTP 503", later: true });
    // A second in the past: the drain compares with a millisecond JS clock, now() has microseconds.
    await s.db.query("UPDATE health_bpjs_outbox SET next_at = now() - interval '1 second' WHERE state = 'pending'");
    expect(await drainBpjsOutbox(s.db, client({ secret: "salah" }))).toBe(0);
    const refused = await s.db.one<{ state: string; last_error: string }>("SELECT state, last_error FROM health_bpjs_outbox ORDER BY id DESC LIMIT 1");
    expect(refused).toEqual({ state: "failed", last_error: "401 Authentication failed" });
  });

  it("builds an Encounter that validates as FHIR R4 (and an invalid one does not)", () => {
    const at = (m: number) => new Date(Date.UTC(2026, 11, 2, 1, m));
    const e = buildEncounter(
      {
        bookingId: "b-1",
        code: "A-001",
        patientNik: nik(1),
        doctorNik: nik(2),
        poliName: "Poli Umum",
        organizationId: "org",
        locationId: "loc",
        arrivedAt: at(0),
        calledAt: at(20),
        servedAt: at(35),
      },
      { id: "P01", name: "Maya" },
      { id: "N01", name: "dr. Uji" },
    );
    expect(r4Errors(e)).toEqual([]);
    expect(e.statusHistory.map((h) => h.status)).toEqual(["arrived", "in-progress", "finished"]);
    expect(r4Errors({ ...e, status: "done" })).not.toEqual([]);
    expect(r4Errors({ ...e, class: undefined })).not.toEqual([]);
  });

  it("sends a served visit to SATUSEHAT with the client-credentials token, Patient and Practitioner by NIK, once", async () => {
    const c = await clerk();
    const base = `/api/health/counter/${pkm.facilityId}` as const;
    const w = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Pasien FHIR", nik: nik(30) });
    // Not served yet: refused.
    expect((await c.request("POST", `${base}/bookings/${w.body.id}/satusehat`)).status).toBe(409);
    await s.db.query("UPDATE health_bookings SET state = 'served' WHERE state IN ('called', 'hadir') AND poli_id = $1 AND id <> $2", [pkm.poliId, w.body.id]);
    const called = await c.request("POST", `${base}/polis/${pkm.poliId}/call-next`);
    expect(called.body.id).toBe(w.body.id);
    await c.request("POST", `${base}/bookings/${w.body.id}/serve`);
    // The patient is not registered at SATUSEHAT yet: 502 with SATUSEHAT's reason, nothing stored.
    const notFound = await c.request("POST", `${base}/bookings/${w.body.id}/satusehat`);
    expect(notFound.status).toBe(502);
    expect(notFound.problem.detail).toContain("belum terdaftar");
    satusehat.patients.set(nik(30), { id: "P0030", name: "Pasien FHIR" });
    satusehat.practitioners.set("1671010101800001", { id: "N0001", name: "dr. Uji" });
    satusehat.expireTokens(); // the adapter gets a new token on 401
    const sent = await c.request("POST", `${base}/bookings/${w.body.id}/satusehat`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ encounterId: expect.any(String), already: false });
    // Only the expired token was refused; the adapter fetched a new one and went on.
    expect(satusehat.problems).toEqual(["missing or unknown bearer token"]);
    const enc = satusehat.encounters[0] as Record<string, unknown>;
    expect(enc).toMatchObject({
      class: { code: "AMB" },
      subject: { reference: "Patient/P0030" },
      participant: [{ individual: { reference: "Practitioner/N0001" } }],
      location: [{ location: { reference: "Location/loc-uji" } }],
      serviceProvider: { reference: "Organization/org-uji" },
    });
    const token = satusehat.requests.find((r) => r.path === "/oauth2/v1/accesstoken")!;
    expect(new URLSearchParams(token.body).get("client_id")).toBe(satusehat.clientId);
    const patientSearch = satusehat.requests.find((r) => r.path === "/fhir-r4/v1/Patient")!;
    expect(patientSearch.query.get("identifier")).toBe(`https://fhir.kemkes.go.id/id/nik|${nik(30)}`);
    const again = await c.request("POST", `${base}/bookings/${w.body.id}/satusehat`);
    expect(again.body).toEqual({ encounterId: sent.body.encounterId, already: true });
    expect(satusehat.encounters).toHaveLength(1);
  });
});
