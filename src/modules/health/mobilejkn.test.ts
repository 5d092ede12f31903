import { beforeAll, describe, expect, it } from "vitest";
import type { Method } from "../../../test/answers.ts";
import { client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { card, nik, puskesmasFixture, scheduleOn, type TestPuskesmas } from "../../../test/health.ts";
import { addDays, todayIn } from "./common.ts";

describe("Mobile JKN antrean FKTP endpoints (/bpjs/fktp)", () => {
  const s = setupPlatform();
  let pkm: TestPuskesmas;
  let open: string;

  beforeAll(async () => {
    ({ pkm, open } = await puskesmasFixture(s.db, PALEMBANG, { kapasitas: 3, kodepoli: "001" }));
  }, 120_000);

  const bpjs = <const M extends Method, const U extends string>(method: M, url: U, headers: Record<string, string>, body?: unknown) =>
    client(s.app).request(method, url, body, headers);
  async function token(username = pkm.username, password = "Balai-Demo-2026") {
    const r = await bpjs("GET", "/bpjs/fktp/auth", { "x-username": username, "x-password": password });
    return r;
  }
  const booking = (over: Record<string, unknown> = {}) => ({
    nomorkartu: card(11),
    nik: nik(11),
    nohp: "081234567891",
    kodepoli: "001",
    norm: "RM-0011",
    tanggalperiksa: open,
    kodedokter: pkm.kodedokter,
    jampraktek: "08:00-12:00",
    keluhan: "Batuk",
    ...over,
  });

  it("auth: the demo puskesmas accepts mobilejkn with the demo password; a wrong password gets code 201", async () => {
    const demo = await token("mobilejkn");
    expect(demo.status).toBe(200);
    expect(demo.body).toMatchObject({ metadata: { code: 200, message: "Ok" }, response: { token: expect.any(String) } });
    const wrong = await token(pkm.username, "salah-sandi-123");
    expect(wrong.body).toEqual({ response: null, metadata: { code: 201, message: "Username atau Password Tidak Sesuai" } });
    const none = await bpjs("GET", "/bpjs/fktp/auth", {});
    expect(none.body.metadata.code).toBe(201);
  });

  it("takes numbers in the queue Balai shares, reports status and sisa peserta, cancels; refuses like BPJS", async () => {
    const t = (await token()).body.response!.token as string;
    const h = { "x-token": t, "x-username": pkm.username };
    // A citizen booked in Balai first: Mobile JKN's number comes after it.
    const warga = await loginAs(s.app, "warga@example.com");
    const balai = await warga.request("POST", "/api/health/bookings", {
      facilityId: pkm.facilityId,
      poliId: pkm.poliId,
      scheduleId: await scheduleOn(s.db, PALEMBANG, pkm.poliId, open),
      date: open,
      forWhom: "self",
      patientName: "Maya",
      nik: nik(10),
    });
    expect(balai.body.code).toBe("A-001");
    const taken = await bpjs("POST", "/bpjs/fktp/antrean", h, booking());
    expect(taken.body, JSON.stringify(taken.body)).toMatchObject({
      metadata: { code: 200, message: "Ok" },
      response: { nomorantrean: "A-002", angkaantrean: 2, namapoli: "Poli Umum", sisaantrean: 1, antreanpanggil: "-" },
    });
    const again = await bpjs("POST", "/bpjs/fktp/antrean", h, booking());
    expect(again.body.metadata).toEqual({ code: 201, message: expect.stringContaining("Sudah ada antrean aktif") });

    const status = await bpjs("GET", `/bpjs/fktp/antrean/status/001/${open}`, h);
    expect(status.body.metadata.code).toBe(200);
    expect(status.body.response).toEqual([
      {
        namapoli: "Poli Umum",
        totalantrean: 2,
        sisaantrean: 2,
        antreanpanggil: "-",
        keterangan: "",
        kodedokter: pkm.kodedokter,
        namadokter: "dr. Uji",
        jampraktek: "08:00-12:00",
      },
    ]);
    const sisa = await bpjs("GET", `/bpjs/fktp/antrean/sisapeserta/${card(11)}/001/${open}`, h);
    expect(sisa.body).toMatchObject({
      metadata: { code: 200 },
      response: { nomorantrean: "A-002", namapoli: "Poli Umum", sisaantrean: 1, antreanpanggil: "-" },
    });
    const unknown = await bpjs("GET", `/bpjs/fktp/antrean/sisapeserta/${card(99)}/001/${open}`, h);
    expect(unknown.body.metadata).toEqual({ code: 202, message: "Peserta Tidak Ditemukan" });

    // Quota 3: one more fits, the next is refused.
    expect((await bpjs("POST", "/bpjs/fktp/antrean", h, booking({ nomorkartu: card(12), nik: nik(12) }))).body.response!.nomorantrean).toBe("A-003");
    const full = await bpjs("POST", "/bpjs/fktp/antrean", h, booking({ nomorkartu: card(13), nik: nik(13) }));
    expect(full.body.metadata).toEqual({ code: 201, message: "Kuota dokter pada tanggal itu sudah penuh" });

    const batal = await bpjs("PUT", "/bpjs/fktp/antrean/batal", h, { tanggalperiksa: open, kodepoli: "001", nomorkartu: card(11), alasan: "Berhalangan" });
    expect(batal.body).toEqual({ response: null, metadata: { code: 200, message: "Ok" } });
    expect((await bpjs("GET", `/bpjs/fktp/antrean/sisapeserta/${card(11)}/001/${open}`, h)).body.metadata.code).toBe(202);
    expect(
      (await bpjs("PUT", "/bpjs/fktp/antrean/batal", h, { tanggalperiksa: open, kodepoli: "001", nomorkartu: card(11), alasan: "x" })).body.metadata.code,
    ).toBe(202);
    // The place came back: the patient refused before now gets a number.
    expect((await bpjs("POST", "/bpjs/fktp/antrean", h, booking({ nomorkartu: card(13), nik: nik(13) }))).body.response!.nomorantrean).toBe("A-004");
    const row = await s.db.one<{ state: string; alasan: string; source: string }>(
      "SELECT state, alasan, source FROM health_bookings WHERE nomorkartu = $1 AND poli_id = $2",
      [card(11), pkm.poliId],
    );
    expect(row).toEqual({ state: "batal", alasan: "Berhalangan", source: "mobilejkn" });
  });

  it("refuses bad tokens, malformed cards/NIK, unknown poli, bad dates and malformed bodies in BPJS's shape", async () => {
    const t = (await token()).body.response!.token as string;
    const h = { "x-token": t, "x-username": pkm.username };
    expect((await bpjs("GET", `/bpjs/fktp/antrean/status/001/${open}`, { "x-token": "palsu" })).body).toEqual({
      response: null,
      metadata: { code: 201, message: "Token Tidak Valid" },
    });
    expect((await bpjs("GET", `/bpjs/fktp/antrean/status/001/${open}`, {})).body.metadata).toEqual({ code: 201, message: "Token Tidak Ditemukan" });
    // Another puskesmas's username with this token.
    expect((await bpjs("GET", `/bpjs/fktp/antrean/status/001/${open}`, { ...h, "x-username": "mobilejkn" })).body.metadata.message).toBe("Token Tidak Valid");
    await s.db.query("UPDATE health_ws_tokens SET expires_at = now() - interval '1 minute' WHERE facility_id = $1", [pkm.facilityId]);
    expect((await bpjs("GET", `/bpjs/fktp/antrean/status/001/${open}`, h)).body.metadata.message).toBe("Token Expired");
    const h2 = { "x-token": (await token()).body.response!.token as string, "x-username": pkm.username };
    const cases: [Record<string, unknown>, string][] = [
      [{ nomorkartu: "123" }, "Format Nomor Kartu Tidak Sesuai"],
      [{ nik: "12345678901234567" }, "Format NIK Tidak Sesuai"],
      [{ kodepoli: "999" }, "Poli Tidak Ditemukan"],
      [{ tanggalperiksa: "2026-13-45" }, "Format Tanggal Tidak Sesuai, format yang benar adalah yyyy-mm-dd"],
      [{ tanggalperiksa: addDays(todayIn("Asia/Jakarta"), -1) }, "Tanggal periksa sudah lewat"],
      [{ tanggalperiksa: addDays(todayIn("Asia/Jakarta"), 9) }, "Tanggal periksa paling lambat 7 hari dari hari ini"],
      [{ kodedokter: 1 }, "Puskesmas tutup pada tanggal itu (hari libur atau tidak ada jadwal dokter)"],
    ];
    for (const [over, message] of cases) {
      const r = await bpjs("POST", "/bpjs/fktp/antrean", h2, booking({ nomorkartu: card(50), nik: nik(50), ...over }));
      expect(r.status).toBe(200);
      expect(r.body, JSON.stringify(over)).toEqual({ response: null, metadata: { code: 201, message } });
    }
    const malformed = await s.app.inject({
      method: "POST",
      url: "/bpjs/fktp/antrean",
      headers: { ...h2, "x-balai-tenant": PALEMBANG, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(malformed.json()).toEqual({ response: null, metadata: { code: 201, message: "Format Request Tidak Sesuai" } });
    const wrongType = await bpjs("POST", "/bpjs/fktp/antrean", h2, { ...booking(), nomorkartu: { a: 1 } });
    expect(wrongType.body.metadata).toEqual({ code: 201, message: "Format Request Tidak Sesuai" });
  });

  it("Dinkes sets a puskesmas's web-service credentials; old tokens stop working; others may not", async () => {
    const t = (await token()).body.response!.token as string;
    const dinkes = await loginAs(s.app, "dinkes@palembang.go.id");
    const list = await dinkes.request("GET", "/api/health/admin/facilities");
    expect(list.body.find((f: { id: string }) => f.id === pkm.facilityId)).toMatchObject({ wsUsername: pkm.username, wsConfigured: true });
    expect(JSON.stringify(list.body)).not.toContain("argon2");
    const set = await dinkes.request("PUT", `/api/health/admin/facilities/${pkm.facilityId}/ws-credentials`, {
      username: "pkm-uji-baru",
      password: "Sandi-Baru-2026!",
    });
    expect(set.status).toBe(200);
    expect((await bpjs("GET", `/bpjs/fktp/antrean/status/001/${open}`, { "x-token": t })).body.metadata.message).toBe("Token Tidak Valid");
    expect((await token("pkm-uji-baru", "Sandi-Baru-2026!")).body.metadata.code).toBe(200);
    const taken = await dinkes.request("PUT", `/api/health/admin/facilities/${pkm.facilityId}/ws-credentials`, {
      username: "mobilejkn",
      password: "Sandi-Baru-2026!",
    });
    expect(taken.status).toBe(409);
    const clerk = await loginAs(s.app, "loket.dempo@palembang.go.id");
    expect(
      (await clerk.request("PUT", `/api/health/admin/facilities/${pkm.facilityId}/ws-credentials`, { username: "x-y-z", password: "Sandi-Baru-2026!" })).status,
    ).toBe(403);
  });
});
