import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { counterClerk, makePuskesmas, nik, openToday, type TestPuskesmas } from "../../../test/health.ts";
import { todayIn } from "./common.ts";

describe("e-Puskesmas counter, TV display and live stream", () => {
  const s = setupPlatform();
  let pkm: TestPuskesmas;
  let today: string;

  beforeAll(async () => {
    pkm = await makePuskesmas(s.db, PALEMBANG, { kapasitas: 40 });
    today = todayIn("Asia/Jakarta");
    await openToday(s.db, PALEMBANG);
  }, 120_000);

  const clerk = () => counterClerk(s, PALEMBANG, pkm);

  it("walk-ins and bookings share one sequence; calls follow the number among checked-in patients; recall, skip, serve", async () => {
    const c = await clerk();
    const base = `/api/health/counter/${pkm.facilityId}` as const;
    const warga = await loginAs(s.app, "warga@example.com");
    const booked = await warga.request("POST", "/api/health/bookings", {
      facilityId: pkm.facilityId,
      poliId: pkm.poliId,
      scheduleId: (await s.db.one<{ id: string }>("SELECT id FROM health_schedules WHERE poli_id = $1 AND weekday = $2", [
        pkm.poliId,
        new Date(`${today}T00:00:00Z`).getUTCDay() || 7,
      ]))!.id,
      date: today,
      forWhom: "self",
      patientName: "Maya Sari",
      nik: nik(1),
      nohp: "081234567890",
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.code).toBe("A-001");
    const walk1 = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Budi", nik: nik(2) });
    expect(walk1.status, JSON.stringify(walk1.body)).toBe(201);
    expect(walk1.body).toMatchObject({ code: "A-002", state: "hadir", source: "walkin" });
    const walk2 = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Sari", nik: nik(3) });
    expect(walk2.body.code).toBe("A-003");

    // A-001 has not checked in: the first call takes A-002.
    const call1 = await c.request("POST", `${base}/polis/${pkm.poliId}/call-next`);
    expect(call1.status).toBe(200);
    expect(call1.body).toMatchObject({ code: "A-002", state: "called" });
    // Booked patient arrives: checked in, and now comes before A-003.
    expect((await c.request("POST", `${base}/bookings/${booked.body.id}/checkin`)).body.state).toBe("hadir");
    expect((await c.request("POST", `${base}/bookings/${call1.body.id}/serve`)).body.state).toBe("served");
    const call2 = await c.request("POST", `${base}/polis/${pkm.poliId}/call-next`);
    expect(call2.body.code).toBe("A-001");
    const recall = await c.request("POST", `${base}/bookings/${call2.body.id}/recall`);
    expect(recall.body).toMatchObject({ state: "called", callCount: 2 });
    // Not there after the recall: tidak hadir.
    expect((await c.request("POST", `${base}/bookings/${call2.body.id}/skip`)).body.state).toBe("tidak_hadir");
    const call3 = await c.request("POST", `${base}/polis/${pkm.poliId}/call-next`);
    expect(call3.body.code).toBe("A-003");
    const empty = await c.request("POST", `${base}/polis/${pkm.poliId}/call-next`);
    expect(empty.status).toBe(409);
    expect(empty.body.type).toBe("/problems/health-queue-empty");
    // Served cannot be served again; a tidak hadir number cannot be recalled.
    expect((await c.request("POST", `${base}/bookings/${call1.body.id}/serve`)).status).toBe(409);
    expect((await c.request("POST", `${base}/bookings/${call2.body.id}/recall`)).status).toBe(409);

    const day = await c.request("GET", `${base}?poliId=${pkm.poliId}`);
    expect(day.body.bookings.map((b: { code: string; state: string }) => `${b.code}:${b.state}`)).toEqual([
      "A-001:tidak_hadir",
      "A-002:served",
      "A-003:called",
    ]);
    const audits = await s.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id", [call2.body.id]);
    expect(audits.map((a) => a.action)).toEqual([
      "health.booking.issued",
      "health.booking.checked-in",
      "health.booking.called",
      "health.booking.recalled",
      "health.booking.no-show",
    ]);
  });

  it("a cancelled number is never called or served", async () => {
    const c = await clerk();
    const base = `/api/health/counter/${pkm.facilityId}` as const;
    const w = await c.request("POST", `${base}/walkins`, { poliId: pkm.poliId, patientName: "Batal", nik: nik(10) });
    const cancelled = await c.request("POST", `${base}/bookings/${w.body.id}/cancel`, { alasan: "Pulang" });
    expect(cancelled.body.state).toBe("batal");
    expect((await c.request("POST", `${base}/bookings/${w.body.id}/serve`)).status).toBe(409);
    expect((await c.request("POST", `${base}/bookings/${w.body.id}/recall`)).status).toBe(409);
    expect((await c.request("POST", `${base}/bookings/${w.body.id}/checkin`)).status).toBe(409);
    const next = await c.request("POST", `${base}/polis/${pkm.poliId}/call-next`);
    expect(next.status).toBe(409);
  });

  it("only the puskesmas's counter (or Dinkes) runs its counter", async () => {
    const other = await makePuskesmas(s.db, PALEMBANG);
    const c = await clerk();
    expect((await c.request("GET", `/api/health/counter/${other.facilityId}`)).status).toBe(403);
    expect((await (await loginAs(s.app, "warga@example.com")).request("GET", `/api/health/counter/${pkm.facilityId}`)).status).toBe(403);
    expect((await (await loginAs(s.app, "operator.dukcapil@palembang.go.id")).request("GET", `/api/health/counter/${pkm.facilityId}`)).status).toBe(403);
    expect((await (await loginAs(s.app, "dinkes@palembang.go.id")).request("GET", `/api/health/counter/${pkm.facilityId}`)).status).toBe(200);
    expect((await client(s.app).request("POST", `/api/health/counter/${pkm.facilityId}/polis/${pkm.poliId}/call-next`)).status).toBe(401);
    const list = await c.request("GET", "/api/health/counter/facilities");
    expect(list.body.map((f: { id: string }) => f.id)).toContain(pkm.facilityId);
    expect(list.body.map((f: { id: string }) => f.id)).not.toContain(other.facilityId);
  });

  it("the TV display and the phone get the new state live when a number is called; the patient is told the turn nears", async () => {
    const fresh = await makePuskesmas(s.db, PALEMBANG);
    pkm = fresh;
    const c = await clerk();
    const base = `/api/health/counter/${fresh.facilityId}` as const;
    const walkins = [];
    for (let i = 0; i < 6; i++)
      walkins.push((await c.request("POST", `${base}/walkins`, { poliId: fresh.poliId, patientName: `P${i}`, nik: nik(100 + i) })).body);
    await s.db.query("UPDATE health_bookings SET nohp = '+6281200000005' WHERE id = $1", [walkins[5].id]);

    await s.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (s.app.server.address() as AddressInfo).port;
    const ctrl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/public/health/polis/${fresh.poliId}/live`, {
      headers: { "x-balai-tenant": PALEMBANG },
      signal: ctrl.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    const states: { nowServing: { code: string } | null; waiting: number }[] = [];
    let buffer = "";
    const readUntil = async (pred: () => boolean) => {
      while (!pred()) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += new TextDecoder().decode(value);
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = /^event: state\ndata: (.*)$/m.exec(frame);
          if (data) states.push(JSON.parse(data[1]));
        }
      }
    };
    await readUntil(() => states.length >= 1);
    expect(states[0]).toMatchObject({ nowServing: null, waiting: 6, poliName: "Poli Umum" });
    await c.request("POST", `${base}/polis/${fresh.poliId}/call-next`);
    await readUntil(() => states.some((x) => x.nowServing?.code === "A-001"));
    expect(states.at(-1)).toMatchObject({ nowServing: { code: "A-001" }, waiting: 5 });
    ctrl.abort();

    const display = await client(s.app).request("GET", `/api/public/health/polis/${fresh.poliId}/display`);
    expect(display.body).toMatchObject({ nowServing: { code: "A-001" }, lastCalled: [{ code: "A-001", state: "called" }], waiting: 5 });
    expect(JSON.stringify(display.body)).not.toMatch(/P\d|1671/);
    // A-006 has 4 ahead now; one more served and called brings it to 3: one SMS, once.
    const sms = () => s.db.query<{ body: string }>("SELECT body FROM notifications WHERE recipient = '+6281200000005'");
    expect(await sms()).toHaveLength(0);
    await c.request("POST", `${base}/bookings/${walkins[0].id}/serve`);
    await c.request("POST", `${base}/polis/${fresh.poliId}/call-next`);
    const sent = await sms();
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toContain("A-006: 3 orang lagi");
    await c.request("POST", `${base}/polis/${fresh.poliId}/call-next`);
    expect(await sms()).toHaveLength(1);
    const ticket = await client(s.app).request("GET", `/api/public/health/tickets/${walkins[5].token}`);
    expect(ticket.body).toMatchObject({ code: "A-006", ahead: 2, nearTurn: true, nowServing: "A-003" });
  }, 60_000);
});
