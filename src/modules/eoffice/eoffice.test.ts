import { describe, expect, it } from "vitest";
import { type Client, loginAs, multipartFile, PALEMBANG, setupPlatform, TINY_PDF, TINY_PNG } from "../../../test/helpers.ts";
import { retentionOf } from "./common.ts";

const s = setupPlatform();

const HEAD = "kepala.disdag@palembang.go.id";
const SEK = "sekretariat.disdag@palembang.go.id";
const STAFF = "operator.disdag@palembang.go.id";
const STAFF2 = "analis.disdag@palembang.go.id";
const OUTSIDER = "operator.dukcapil@palembang.go.id";

async function me(c: Client) {
  return (await c.request("GET", "/api/auth/session")).body;
}
async function idOf(c: Client): Promise<string> {
  const m = await me(c);
  return m.user!.id;
}
async function upload(c: Client, id: string, bytes: Buffer, name: string, type: string) {
  const mp = multipartFile(name, type, bytes);
  const res = await s.app.inject({
    method: "POST",
    url: `/api/eoffice/letters/${id}/scan`,
    payload: mp.payload,
    headers: { ...mp.headers, "x-balai-tenant": PALEMBANG, cookie: c.cookie ?? "", "x-csrf-token": c.csrf ?? "" },
  });
  return { status: res.statusCode, body: res.json() };
}

const letter = (extra: Record<string, unknown> = {}) => ({
  number: "500.2/9/BPS/2026",
  subject: "Permintaan data harga",
  sender: "BPS Provinsi Sumatera Selatan",
  letterDate: "2026-11-20",
  receivedOn: "2026-11-23",
  classificationCode: "500.2",
  confidentiality: "biasa",
  urgency: "segera",
  ...extra,
});

describe("incoming letters and the disposition chain", () => {
  it("registers a letter with its scan, disposes, reads, forwards, cancels and finishes — all audited", async () => {
    const sek = await loginAs(s.app, SEK);
    const head = await loginAs(s.app, HEAD);
    const staff = await loginAs(s.app, STAFF);
    const staff2 = await loginAs(s.app, STAFF2);

    // Only the secretariat registers; bad input is refused with a field.
    expect((await staff.request("POST", "/api/eoffice/incoming", letter())).status).toBe(403);
    const badCode = await sek.request("POST", "/api/eoffice/incoming", letter({ classificationCode: "999.9" }));
    expect(badCode.status).toBe(400);
    expect(badCode.problem.errors![0]).toMatchObject({ field: "classificationCode", code: "classification-unknown" });
    const badConf = await sek.request("POST", "/api/eoffice/incoming", letter({ confidentiality: "sedang" }));
    expect(badConf.status).toBe(400);
    const reg = await sek.request("POST", "/api/eoffice/incoming", letter());
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({
      direction: "incoming",
      status: "registered",
      classification: { code: "500.2" },
      can: { attachScan: true, dispose: false },
    });
    expect(reg.body.agendaNumber).toBeGreaterThan(0);
    const id = reg.body.id;

    const wrongType = await upload(sek, id, Buffer.from("not a pdf at all"), "surat.pdf", "application/pdf");
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].code).toBe("file-type");
    const scanned = await upload(sek, id, TINY_PDF, "surat.pdf", "application/pdf");
    expect(scanned.status).toBe(200);
    expect(scanned.body.file).toMatchObject({ type: "application/pdf" });

    // The head disposes to a staff member of the unit; never to someone outside it.
    const staffId = await idOf(staff);
    const staff2Id = await idOf(staff2);
    const outsiderId = await idOf(await loginAs(s.app, OUTSIDER));
    const outside = await head.request("POST", `/api/eoffice/letters/${id}/dispositions`, { to: outsiderId, instruction: "Tindak lanjuti" });
    expect(outside.status).toBe(400);
    expect(outside.problem.errors![0]).toMatchObject({ field: "to", code: "recipient-outside-unit" });
    expect(outside.body.detail).toContain("Dinas Perdagangan");
    expect((await staff.request("POST", `/api/eoffice/letters/${id}/dispositions`, { to: staff2Id, instruction: "x" })).status).toBe(403);

    const d1 = await head.request("POST", `/api/eoffice/letters/${id}/dispositions`, { to: staffId, instruction: "Siapkan data", dueOn: "2099-01-31" });
    expect(d1.status).toBe(201);
    expect(d1.body).toMatchObject({ status: "unread", to: { id: staffId }, dueOn: "2099-01-31" });
    // The recipient gets an e-mail with the instruction and the link.
    const mail = await s.db.one<{ subject: string; body: string }>(
      "SELECT subject, body FROM notifications WHERE tenant_id = $1 AND recipient = $2 AND template = 'eoffice.disposition' ORDER BY created_at DESC LIMIT 1",
      [PALEMBANG, STAFF],
    );
    expect(mail?.subject).toBe("Disposisi: Permintaan data harga");
    expect(mail?.body).toContain(`/konsol/surat/${id}`);
    // A second disposition, taken back while unread.
    const d2 = await head.request("POST", `/api/eoffice/letters/${id}/dispositions`, { to: staff2Id, instruction: "Untuk diketahui" });
    const cancelled = await head.request("POST", `/api/eoffice/dispositions/${d2.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");

    // The recipient sees it in their inbox, reads it; a read disposition can no longer be cancelled.
    const inbox = await staff.request("GET", "/api/eoffice/dispositions?open=true");
    expect(inbox.body.find((x: { id: string }) => x.id === d1.body.id)).toMatchObject({ status: "unread", letter: { subject: "Permintaan data harga" } });
    expect((await staff.request("POST", `/api/eoffice/dispositions/${d1.body.id}/read`, {})).body.status).toBe("read");
    const late = await head.request("POST", `/api/eoffice/dispositions/${d1.body.id}/cancel`, {});
    expect(late.status).toBe(409);
    expect(late.body.type).toBe("/problems/disposition-already-read");
    // Someone else cannot act on it.
    expect((await staff2.request("POST", `/api/eoffice/dispositions/${d1.body.id}/finish`, { note: "x" })).status).toBe(404);

    // Forwarded on (not outside the unit), then finished by the last recipient: the letter is finished.
    expect((await staff.request("POST", `/api/eoffice/dispositions/${d1.body.id}/forward`, { to: outsiderId, instruction: "x" })).status).toBe(400);
    const fwd = await staff.request("POST", `/api/eoffice/dispositions/${d1.body.id}/forward`, { to: staff2Id, instruction: "Tolong rekap" });
    expect(fwd.status).toBe(201);
    expect(fwd.body).toMatchObject({ parentId: d1.body.id, status: "unread" });
    expect((await staff.request("POST", `/api/eoffice/dispositions/${d1.body.id}/finish`, { note: "x" })).status).toBe(409);
    const done = await staff2.request("POST", `/api/eoffice/dispositions/${fwd.body.id}/finish`, { note: "Data dikirim ke BPS" });
    expect(done.body).toMatchObject({ status: "finished", note: "Data dikirim ke BPS" });

    const view = await head.request("GET", `/api/eoffice/letters/${id}`);
    expect(view.body.status).toBe("finished");
    expect(view.body.dispositions.map((x: { status: string }) => x.status)).toEqual(["forwarded", "cancelled", "finished"]);
    const trail = await s.db.query<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = $1 AND data->>'letter' = $2 ORDER BY at, seq", [
      PALEMBANG,
      id,
    ]);
    expect(trail.map((a) => a.action)).toEqual([
      "eoffice.disposition-created",
      "eoffice.disposition-created",
      "eoffice.disposition-cancelled",
      "eoffice.disposition-read",
      "eoffice.disposition-forwarded",
      "eoffice.disposition-finished",
    ]);
  });

  it("hides confidential letters from staff who are not heads, and from other units", async () => {
    const sek = await loginAs(s.app, SEK);
    const head = await loginAs(s.app, HEAD);
    const staff = await loginAs(s.app, STAFF);
    const secret = await sek.request(
      "POST",
      "/api/eoffice/incoming",
      letter({ subject: "Hasil audit rahasia", confidentiality: "rahasia", classificationCode: "700" }),
    );
    expect(secret.status).toBe(201);
    expect((await head.request("GET", `/api/eoffice/letters/${secret.body.id}`)).status).toBe(200);
    expect((await staff.request("GET", `/api/eoffice/letters/${secret.body.id}`)).status).toBe(404);
    expect((await staff.request("GET", "/api/eoffice/letters?q=audit%20rahasia")).body).toEqual([]);
    expect((await head.request("GET", "/api/eoffice/letters?q=audit%20rahasia")).body).toHaveLength(1);
    const outsider = await loginAs(s.app, OUTSIDER);
    expect((await outsider.request("GET", `/api/eoffice/letters/${secret.body.id}`)).status).toBe(404);
    // Once disposed to the staff member, they see it.
    await head.request("POST", `/api/eoffice/letters/${secret.body.id}/dispositions`, { to: await idOf(staff), instruction: "Pelajari" });
    const secretMail = await s.db.one<{ subject: string; body: string }>(
      "SELECT subject, body FROM notifications WHERE tenant_id = $1 AND recipient = $2 AND template = 'eoffice.disposition' ORDER BY created_at DESC LIMIT 1",
      [PALEMBANG, STAFF],
    );
    expect(`${secretMail?.subject} ${secretMail?.body}`).not.toContain("audit rahasia");
    expect((await staff.request("GET", `/api/eoffice/letters/${secret.body.id}`)).status).toBe(200);
    // A citizen has no e-Office at all.
    const citizen = await loginAs(s.app, "warga@example.com");
    expect((await citizen.request("GET", "/api/eoffice/letters")).status).toBe(403);
  });
});

describe("retention per classification (JRA)", () => {
  it("lists the schedule and computes each letter's active and inactive periods and final fate", async () => {
    const head = await loginAs(s.app, HEAD);
    const list = await head.request("GET", "/api/eoffice/classifications");
    expect(list.body.find((k: { code: string }) => k.code === "900.1")).toMatchObject({ activeYears: 2, inactiveYears: 8, finalFate: "permanen" });
    expect(list.body.find((k: { code: string }) => k.code === "000.1.2")).toMatchObject({ activeYears: 1, inactiveYears: 1, finalFate: "musnah" });

    const sek = await loginAs(s.app, SEK);
    const inv = await sek.request(
      "POST",
      "/api/eoffice/incoming",
      letter({ classificationCode: "000.1.2", letterDate: "2024-02-29", receivedOn: "2024-03-01" }),
    );
    expect(inv.body.retention).toMatchObject({ activeUntil: "2025-02-28", inactiveUntil: "2026-02-28", finalFate: "musnah", phase: "penyusutan" });
    const budget = await sek.request(
      "POST",
      "/api/eoffice/incoming",
      letter({ classificationCode: "900.1", letterDate: "2026-11-02", receivedOn: "2026-11-03" }),
    );
    expect(budget.body.retention).toMatchObject({ activeUntil: "2028-11-02", inactiveUntil: "2036-11-02", finalFate: "permanen" });

    const r = { letter_date: "2026-01-15", active_years: 2, inactive_years: 3, final_fate: "dinilai_kembali" as const };
    expect(retentionOf(r, "2027-12-31").phase).toBe("aktif");
    expect(retentionOf(r, "2028-01-15").phase).toBe("inaktif");
    expect(retentionOf(r, "2031-01-15")).toMatchObject({ phase: "penyusutan", finalFate: "dinilai_kembali", inactiveUntil: "2031-01-15" });
    // Search by classification includes its sub-codes.
    const found = await sek.request("GET", "/api/eoffice/letters?classification=000.1");
    expect(found.body.every((l: { classification: { code: string } }) => l.classification.code.startsWith("000.1"))).toBe(true);
    expect(found.body.length).toBeGreaterThan(0);
    // PNG scans are accepted too.
    expect((await upload(sek, budget.body.id, TINY_PNG, "scan.png", "image/png")).status).toBe(200);
  });
});
