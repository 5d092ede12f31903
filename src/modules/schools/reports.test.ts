import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { type Client, client, loginAs, multipartFile, PALEMBANG, setupPlatform, TINY_PDF, TINY_PNG } from "../../../test/helpers.ts";
import { addMonths, todayIn } from "./common.ts";
import { createSchools } from "./demo.ts";
import { remindSchools } from "./reminders.ts";

const TODAY = todayIn("Asia/Jakarta");
const NOW_PERIOD = TODAY.slice(0, 7);
const OLD_PERIOD = addMonths(NOW_PERIOD, -3);

describe("school reports: a period end to end", () => {
  const s = setupPlatform();
  let school = "";
  let other = "";
  let principal: Client;
  let operator: Client;
  let disdik: Client;
  let classes: { id: string }[] = [];

  beforeAll(async () => {
    [school, other] = await s.db.tx((q) => createSchools(q, PALEMBANG, 2, 10603001));
    principal = await loginAs(s.app, "kepsek.sdn1@palembang.go.id");
    operator = await loginAs(s.app, "operator.sdn1@palembang.go.id");
    disdik = await loginAs(s.app, "operator.disdik@palembang.go.id");
  });

  const attendance = (rows = classes) => ({
    hariEfektif: 20,
    kelas: rows.map((c) => ({ classId: c.id, hadir: 500, sakit: 6, izin: 3, alpa: 1 })),
    guruHadir: 190,
    guruTidakHadir: 4,
  });

  it("reminds the principal and operator before the deadline, once per kind and period", async () => {
    // The 8th of next month: 2 days before the 10th, inside the 3-day reminder window of this month's reports.
    const at = new Date(`${addMonths(NOW_PERIOD, 1)}-08T03:00:00Z`);
    const sent = await remindSchools(s.db, { id: PALEMBANG, timezone: "Asia/Jakarta" }, at);
    expect(sent).toBe(4 * 2); // four report kinds × (principal + operator) of the one staffed school
    const msgs = await s.db.query<{ recipient: string; subject: string }>(
      "SELECT recipient, subject FROM notifications WHERE tenant_id = $1 AND template = 'school-report-reminder' ORDER BY recipient, subject",
      [PALEMBANG],
    );
    expect(new Set(msgs.map((m) => m.recipient))).toEqual(new Set(["kepsek.sdn1@palembang.go.id", "operator.sdn1@palembang.go.id"]));
    expect(msgs[0].subject).toMatch(new RegExp(`${NOW_PERIOD} jatuh tempo ${addMonths(NOW_PERIOD, 1)}-10`));
    expect(await remindSchools(s.db, { id: PALEMBANG, timezone: "Asia/Jakarta" }, at)).toBe(0);
    // Outside the window: nothing.
    expect(await remindSchools(s.db, { id: PALEMBANG, timezone: "Asia/Jakarta" }, new Date(`${addMonths(NOW_PERIOD, 1)}-02T03:00:00Z`))).toBe(0);
  });

  it("the principal sees the reports due and the form with the school's classes", async () => {
    const me = await principal.request("GET", "/api/schools/me");
    expect(me.status).toBe(200);
    expect(me.body.schools).toHaveLength(1);
    expect(me.body.schools[0]).toMatchObject({ unitId: school, npsn: "10603001" });
    expect(me.body.schools[0].due.map((d: { kind: string }) => d.kind)).toEqual(["kehadiran", "sarpras", "insiden", "bos"]);
    const form = await principal.request("GET", `/api/schools/${school}/reports/kehadiran/${NOW_PERIOD}`);
    expect(form.status).toBe(200);
    expect(form.body.classes).toHaveLength(6);
    expect(form.body.dueOn).toBe(`${addMonths(NOW_PERIOD, 1)}-10`);
    expect(form.body.report).toBeNull();
    classes = form.body.classes;
    // Another school's form is not theirs; a citizen has none.
    expect((await principal.request("GET", `/api/schools/${other}/reports/kehadiran/${NOW_PERIOD}`)).status).toBe(404);
    expect((await client(s.app).request("GET", "/api/schools/me")).status).toBe(401);
  });

  it("refuses missing fields, unknown classes, a future period — clearly, nothing stored", async () => {
    const missing = await principal.request("POST", `/api/schools/${school}/reports`, { kind: "kehadiran", period: NOW_PERIOD, data: { hariEfektif: 20 } });
    expect(missing.status).toBe(400);
    expect(missing.problem.errors!.map((e: { field: string }) => e.field).sort()).toEqual(["data.guruHadir", "data.guruTidakHadir", "data.kelas"]);
    const some = await principal.request("POST", `/api/schools/${school}/reports`, {
      kind: "kehadiran",
      period: NOW_PERIOD,
      data: attendance(classes.slice(0, 2)),
    });
    expect(some.body.errors).toEqual([expect.objectContaining({ field: "data.kelas", code: "classes-missing" })]);
    const bogus = await principal.request("POST", `/api/schools/${school}/reports`, {
      kind: "kehadiran",
      period: NOW_PERIOD,
      data: { ...attendance(), kelas: [{ classId: "rombel-lain", hadir: 1, sakit: 0, izin: 0, alpa: 0 }] },
    });
    expect(bogus.problem.errors![0]).toMatchObject({ field: "data.kelas[0].classId", code: "unknown-class" });
    const future = await principal.request("POST", `/api/schools/${school}/reports`, {
      kind: "kehadiran",
      period: addMonths(NOW_PERIOD, 1),
      data: attendance(),
    });
    expect(future.status).toBe(400);
    expect(future.problem.errors![0]).toMatchObject({ field: "period", code: "future-period" });
    const neg = await principal.request("POST", `/api/schools/${school}/reports`, {
      kind: "bos",
      period: NOW_PERIOD,
      data: { saldoAwal: -1, penerimaan: 1.5, belanjaBarangJasa: 0, belanjaModal: 0, honor: 0 },
    });
    expect(neg.problem.errors!.map((e: { field: string }) => e.field)).toEqual(["data.saldoAwal", "data.penerimaan"]);
    expect((await principal.request("GET", `/api/schools/${school}/reports/kehadiran/${NOW_PERIOD}`)).body.report).toBeNull();
  });

  it("submit → Disdik returns for correction → resubmit → accept", async () => {
    const sent = await operator.request("POST", `/api/schools/${school}/reports`, { kind: "kehadiran", period: NOW_PERIOD, data: attendance() });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ state: "submitted", late: false, version: 1 });
    const again = await principal.request("POST", `/api/schools/${school}/reports`, { kind: "kehadiran", period: NOW_PERIOD, data: attendance() });
    expect(again.status).toBe(409);

    const queue = await disdik.request("GET", `/api/schools/reports?kind=kehadiran&period=${NOW_PERIOD}&state=submitted`);
    expect(queue.body.map((r: { id: string }) => r.id)).toEqual([sent.body.id]);
    // Only Disdik reviews; a return needs a comment; a stale version is refused.
    expect((await principal.request("POST", `/api/schools/reports/${sent.body.id}/review`, { action: "accept", version: 1 })).status).toBe(403);
    const noComment = await disdik.request("POST", `/api/schools/reports/${sent.body.id}/review`, { action: "return", version: 1 });
    expect(noComment.problem.errors![0]).toMatchObject({ field: "comment", code: "required" });
    expect((await disdik.request("POST", `/api/schools/reports/${sent.body.id}/review`, { action: "accept", version: 7 })).status).toBe(409);
    const returned = await disdik.request("POST", `/api/schools/reports/${sent.body.id}/review`, {
      action: "return",
      version: 1,
      comment: "Jumlah alpa kelas 1A tidak sesuai absensi.",
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: "returned", reviewComment: "Jumlah alpa kelas 1A tidak sesuai absensi.", version: 2 });
    const told = await s.db.query<{ recipient: string; body: string }>("SELECT recipient, body FROM notifications WHERE template = 'school-report-returned'");
    expect(told.map((m) => m.recipient).sort()).toEqual(["kepsek.sdn1@palembang.go.id", "operator.sdn1@palembang.go.id"]);
    expect(told[0].body).toMatch(/tidak sesuai absensi/);
    const me = await principal.request("GET", "/api/schools/me");
    expect(me.body.schools[0].recent).toContainEqual(expect.objectContaining({ kind: "kehadiran", period: NOW_PERIOD, state: "returned" }));
    const form = await principal.request("GET", `/api/schools/${school}/reports/kehadiran/${NOW_PERIOD}`);
    expect(form.body.report).toMatchObject({ state: "returned", reviewComment: expect.stringMatching(/alpa/) });

    const fixed = await principal.request("POST", `/api/schools/${school}/reports`, { kind: "kehadiran", period: NOW_PERIOD, data: attendance(), version: 2 });
    expect(fixed.status).toBe(201);
    expect(fixed.body).toMatchObject({ state: "submitted", version: 3 });
    const accepted = await disdik.request("POST", `/api/schools/reports/${sent.body.id}/review`, { action: "accept", version: 3 });
    expect(accepted.body).toMatchObject({ state: "accepted", late: false, workOrders: [] });
    expect((await disdik.request("POST", `/api/schools/reports/${sent.body.id}/review`, { action: "return", version: 4, comment: "x" })).status).toBe(409);
    const trail = await s.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id", [sent.body.id]);
    expect(trail.map((t) => t.action)).toEqual(["school-report.submitted", "school-report.returned", "school-report.resubmitted", "school-report.accepted"]);
  });

  it("a report after its deadline is accepted and marked late", async () => {
    const late = await principal.request("POST", `/api/schools/${school}/reports`, { kind: "kehadiran", period: OLD_PERIOD, data: attendance() });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ state: "submitted", late: true, dueOn: `${addMonths(OLD_PERIOD, 1)}-10` });
    const ok = await disdik.request("POST", `/api/schools/reports/${late.body.id}/review`, { action: "accept", version: 1 });
    expect(ok.body).toMatchObject({ state: "accepted", late: true });
  });

  it("the dashboard lists late and missing reports per kecamatan, charts attendance, exports XLSX", async () => {
    const dash = await disdik.request("GET", `/api/schools/dashboard?period=${OLD_PERIOD}`);
    expect(dash.status).toBe(200);
    const mine = dash.body.kecamatan.find((k) => k.code === "16.71.01");
    expect(mine!.kinds.kehadiran).toMatchObject({ submitted: 1, accepted: 1, late: 1, missing: 0 });
    expect(mine!.kinds.sarpras.missing).toBe(1);
    const theirs = dash.body.kecamatan.find((k) => k.code === "16.71.02");
    expect(theirs!.missing.kehadiran).toEqual([{ npsn: "10603002", name: "SD Negeri 2 Palembang" }]);
    const trend = await disdik.request("GET", `/api/schools/dashboard/attendance?to=${NOW_PERIOD}&months=6`);
    expect(trend.body.periods).toHaveLength(6);
    const rate = trend.body.series.find((x) => x.code === "16.71.01")!.rate;
    expect(rate[5]).toBeCloseTo((500 / 510) * 100, 1);
    expect(rate[2]).toBeCloseTo((500 / 510) * 100, 1);
    expect(rate[0]).toBeNull();
    const x = await s.app.inject({
      method: "GET",
      url: `/api/schools/dashboard.xlsx?period=${OLD_PERIOD}`,
      headers: { "x-balai-tenant": PALEMBANG, cookie: disdik.cookie! },
    });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet("Sekolah")!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.some((r) => r.includes("10603002") && r.includes("belum kirim"))).toBe(true);
    expect(rows.some((r) => r.includes("10603001") && r.includes("accepted") && r.includes("ya"))).toBe(true);
    expect((await principal.request("GET", `/api/schools/dashboard?period=${OLD_PERIOD}`)).status).toBe(403);
    const dukcapil = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    expect((await dukcapil.request("GET", `/api/schools/dashboard?period=${OLD_PERIOD}`)).status).toBe(403);
  });

  it("severe damage with photos becomes a Dinas PUPR work order case with the school's place when Disdik accepts", async () => {
    const upload = async (bytes: Buffer, name: string, type: string) => {
      const mp = multipartFile(name, type, bytes);
      const r = await s.app.inject({
        method: "POST",
        url: `/api/schools/${school}/photos`,
        payload: mp.payload,
        headers: { ...mp.headers, "x-balai-tenant": PALEMBANG, cookie: principal.cookie!, "x-csrf-token": principal.csrf! },
      });
      return { status: r.statusCode, body: r.json() };
    };
    // Checked by content: a PDF named .png is refused.
    const wrong = await upload(TINY_PDF, "atap.png", "image/png");
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: "file", code: "file-type" });
    const photo = await upload(TINY_PNG, "atap.png", "image/png");
    expect(photo.status).toBe(201);
    const facility = (kerusakan: unknown[]) => ({
      kind: "sarpras",
      period: NOW_PERIOD,
      data: { ruangKelasBaik: 5, ruangKelasRusak: 1, toiletBaik: 2, toiletRusak: 1, kerusakan },
    });
    const noPhoto = await principal.request(
      "POST",
      `/api/schools/${school}/reports`,
      facility([{ item: "Atap kelas 4A runtuh", kind: "atap", severity: "berat", photoIds: [] }]),
    );
    expect(noPhoto.problem.errors![0]).toMatchObject({ field: "data.kerusakan[0].photoIds", code: "photo-required" });
    const sent = await principal.request(
      "POST",
      `/api/schools/${school}/reports`,
      facility([
        { item: "Atap kelas 4A runtuh", kind: "atap", severity: "berat", photoIds: [photo.body.id] },
        { item: "Kran toilet bocor", kind: "toilet", severity: "ringan", photoIds: [] },
      ]),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const accepted = await disdik.request("POST", `/api/schools/reports/${sent.body.id}/review`, { action: "accept", version: 1 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.workOrders).toEqual([{ item: 0, caseId: expect.any(String), number: expect.stringMatching(/^PKS-\d{4}-\d{6}$/) }]);
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const wo = await admin.request("GET", `/api/cases/${accepted.body.workOrders[0].caseId}`);
    expect(wo.status, JSON.stringify(wo.body)).toBe(200);
    expect(wo.body).toMatchObject({ state: "received", data: { npsn: "10603001", bagian: "Atap kelas 4A runtuh", keparahan: "berat" } });
    const c = await s.db.one<{ unit: string; lat: number; lng: number; kecamatan_code: string }>(
      "SELECT u.code AS unit, c.lat, c.lng, c.kecamatan_code FROM cases c JOIN org_units u ON u.id = c.assignee_unit_id WHERE c.id = $1",
      [accepted.body.workOrders[0].caseId],
    );
    expect(c).toMatchObject({ unit: "PUPR", kecamatan_code: "16.71.01" });
    expect(c!.lat).toBeCloseTo(-2.99, 3);
    const files = await s.db.query<{ content_type: string }>("SELECT content_type FROM files WHERE case_id = $1", [accepted.body.workOrders[0].caseId]);
    expect(files).toEqual([{ content_type: "image/png" }]);
    const read = await principal.request("GET", `/api/schools/reports/${sent.body.id}`);
    expect(read.body.workOrders).toHaveLength(1);
    // The photo is the school's and Disdik's to see, not another school's staff or a citizen's.
    expect((await disdik.request("GET", `/api/schools/photos/${photo.body.id}`)).status).toBe(200);
    const citizen = await loginAs(s.app, "warga@example.com");
    expect((await citizen.request("GET", `/api/schools/photos/${photo.body.id}`)).status).toBe(404);
  });

  it("imports a Dapodik Excel export; a bad line refuses the file with line and reason", async () => {
    const book = async (rows: unknown[][], users: unknown[][] = []) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("Sekolah");
      ws.addRow(["Daftar Sekolah - Dapodik"]);
      ws.addRow(["NPSN", "Nama Sekolah", "Bentuk Pendidikan", "Status", "Alamat", "Kecamatan", "Lintang", "Bujur", "Jumlah PD", "Jumlah Guru"]);
      for (const r of rows) ws.addRow(r);
      if (users.length) {
        const us = wb.addWorksheet("Pengguna");
        us.addRow(["NPSN", "Nama", "Email", "Peran"]);
        for (const r of users) us.addRow(r);
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const send = async (bytes: Buffer) => {
      const mp = multipartFile("sekolah.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes);
      const r = await s.app.inject({
        method: "POST",
        url: "/api/schools/import/excel",
        payload: mp.payload,
        headers: { ...mp.headers, "x-balai-tenant": PALEMBANG, cookie: disdik.cookie!, "x-csrf-token": disdik.csrf! },
      });
      return { status: r.statusCode, body: r.json() };
    };
    const bad = await send(
      await book(
        [
          ["10604001", "SMP Negeri 40 Palembang", "SMP", "Negeri", "Jl. A", "Kec. Sako", "-2.95", "104.78", 600, 40],
          ["1060400", "SD Salah", "SD", "Negeri", "", "Sako", "", "", 1, 1],
          ["10604003", "SMA Negeri 1", "SMA", "Negeri", "", "Sako", "", "", 1, 1],
          ["10604004", "SD Negeri 90", "SD", "Negeri", "", "Kec. Antah Berantah", "", "", "banyak", 1],
        ],
        [["99999999", "Siapa", "siapa@sekolah.id", "Operator"]],
      ),
    );
    expect(bad.status).toBe(400);
    const byLine = bad.body.errors.map((e: { field: string; message: string }) => `${e.field} ${e.message}`);
    expect(byLine).toEqual([
      expect.stringMatching(/^Sekolah!4:NPSN .*8 karakter/),
      expect.stringMatching(/^Sekolah!5:Bentuk Pendidikan .*SD atau SMP/),
      expect.stringMatching(/^Sekolah!6:Kecamatan .*Antah Berantah/),
      expect.stringMatching(/^Sekolah!6:Jumlah PD /),
      expect.stringMatching(/^Pengguna!2:NPSN .*tidak dikenal/),
    ]);
    expect(await s.db.one("SELECT 1 FROM schools WHERE npsn = '10604001'")).toBeUndefined();
    const good = await send(
      await book(
        [["10604001", "SMP Negeri 40 Palembang", "SMP", "Negeri", "Jl. A", "Kec. Sako", "-2.95", "104.78", 600, 40]],
        [["10604001", "Dewi Lestari", "kepsek.smp40@palembang.go.id", "Kepala Sekolah"]],
      ),
    );
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toEqual({ schools: 1, staff: 1 });
    const grant = await s.db.one<{ role: string; code: string }>(
      "SELECT g.role, u.code FROM role_grants g JOIN users x ON x.id = g.user_id JOIN org_units u ON u.id = g.unit_id WHERE x.email = 'kepsek.smp40@palembang.go.id'",
    );
    expect(grant).toEqual({ role: "kepala_sekolah", code: "SEKOLAH-10604001" });
  });
});
