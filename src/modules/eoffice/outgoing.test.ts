import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { type Client, client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";

const s = setupPlatform();
const tmp = mkdtempSync(path.join(os.tmpdir(), "balai-eoffice-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PASS = "Tanda-Tangan-Kadis-2026";
const HEAD = "kepala.disdag@palembang.go.id";

async function idOf(c: Client): Promise<string> {
  const m = (await c.request("GET", "/api/auth/session")).body;
  return m.user!.id;
}
async function unitId(c: Client, code: string): Promise<string> {
  const dir = await c.request("GET", `/api/eoffice/units/${await ownUnit(c)}/directory`);
  return dir.body.units.find((u: { code: string }) => u.code === code)!.id;
}
async function ownUnit(c: Client): Promise<string> {
  const m = (await c.request("GET", "/api/auth/session")).body;
  return m.user!.grants[0].unitId;
}
async function raw(c: Client, url: string) {
  const res = await s.app.inject({ method: "GET", url, headers: { "x-balai-tenant": PALEMBANG, cookie: c.cookie ?? "" } });
  return { status: res.statusCode, bytes: res.rawPayload, headers: res.headers };
}

let head: Client;
let drafter: Client;
let verifier: Client;
let deputy: Client;

async function draftToSigning(extra: Record<string, unknown> = {}) {
  const d = await drafter.request("POST", "/api/eoffice/outgoing", {
    template: "surat-dinas",
    subject: "Penyampaian data harga bahan pokok",
    content: "Bersama ini kami sampaikan data harga bahan pokok bulan November 2026 di 12 pasar Kota Palembang.",
    recipient: "Kepala Dinas Kependudukan dan Pencatatan Sipil",
    toUnitId: await unitId(drafter, "DISDUKCAPIL"),
    copies: ["Wali Kota Palembang (sebagai laporan)", "Kepala DPMPTSP"],
    copyUnitIds: [await unitId(drafter, "DPMPTSP")],
    classificationCode: "500.2",
    confidentiality: "biasa",
    urgency: "segera",
    verifierId: await idOf(verifier),
    signerId: await idOf(head),
    ...extra,
  });
  expect(d.status).toBe(201);
  expect((await drafter.request("POST", `/api/eoffice/letters/${d.body.id}/submit`, {})).body.status).toBe("verification");
  expect((await verifier.request("POST", `/api/eoffice/letters/${d.body.id}/review`, { decision: "approve" })).body.status).toBe("signing");
  return d.body.id as string;
}

describe("outgoing letters: drafter → verifier → signer, signed and sent", () => {
  it("returns a draft with a note, then signs it with the head's certificate, valid under pdfsig", async () => {
    head = await loginAs(s.app, HEAD);
    drafter = await loginAs(s.app, "sekretariat.disdag@palembang.go.id");
    verifier = await loginAs(s.app, "operator.disdag@palembang.go.id");
    deputy = await loginAs(s.app, "analis.disdag@palembang.go.id");

    // Bad input: a verifier outside the unit, an unknown template.
    const outsider = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    const body = {
      template: "nota-dinas",
      subject: "Rapat",
      content: "Isi",
      recipient: "Kepala Dinas",
      classificationCode: "000.1.2",
      confidentiality: "biasa",
      urgency: "biasa",
    };
    const badVerifier = await drafter.request("POST", "/api/eoffice/outgoing", { ...body, verifierId: await idOf(outsider), signerId: await idOf(head) });
    expect(badVerifier.status).toBe(400);
    expect(badVerifier.problem.errors![0]).toMatchObject({ field: "verifierId", code: "recipient-outside-unit" });
    expect(
      (await drafter.request("POST", "/api/eoffice/outgoing", { ...body, template: "pantun", verifierId: await idOf(verifier), signerId: await idOf(head) }))
        .status,
    ).toBe(400);

    // Returned by the verifier (a note is required), resubmitted, approved.
    const nota = await drafter.request("POST", "/api/eoffice/outgoing", { ...body, verifierId: await idOf(verifier), signerId: await idOf(head) });
    expect(nota.body).toMatchObject({ kind: "nota_dinas", status: "draft", can: { submit: true } });
    expect((await verifier.request("POST", `/api/eoffice/letters/${nota.body.id}/submit`, {})).status).toBe(403);
    await drafter.request("POST", `/api/eoffice/letters/${nota.body.id}/submit`, {});
    expect((await verifier.request("POST", `/api/eoffice/letters/${nota.body.id}/review`, { decision: "return" })).status).toBe(400);
    const returned = await verifier.request("POST", `/api/eoffice/letters/${nota.body.id}/review`, { decision: "return", note: "Lengkapi waktu rapat" });
    expect(returned.body).toMatchObject({ status: "draft", reviewNote: "Lengkapi waktu rapat" });

    const id = await draftToSigning();
    // Signing without the right: the verifier, the drafter; the head without a certificate gets a clear 409.
    for (const c of [verifier, drafter]) {
      const r = await c.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: PASS });
      expect(r.status).toBe(403);
      expect(r.body.type).toBe("/problems/not-signer");
    }
    expect((await head.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: PASS })).body.type).toBe("/problems/certificate-missing");
    expect((await head.request("POST", "/api/documents/certificates", { passphrase: PASS, nip: "197505122000032001", title: "Kepala Dinas" })).status).toBe(
      201,
    );
    const wrong = await head.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: "salah-sekali-123" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe("/problems/passphrase-invalid");

    const preview = await raw(head, `/api/eoffice/letters/${id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.bytes.subarray(0, 5).toString()).toBe("%PDF-");

    const signed = await head.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: PASS });
    expect(signed.status).toBe(200);
    const year = new Date().getFullYear();
    expect(signed.body).toMatchObject({
      status: "signed",
      number: `500.2/1/DISDAG/${year}`,
      signed: { name: "Sri Wahyuni", title: "Kepala Dinas Perdagangan", delegation: null },
    });
    // Numbered per classification and unit: the next 500.2 letter is 2.
    expect((await head.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: PASS })).status).toBe(409);

    const pdf = await raw(head, `/api/eoffice/letters/${id}/file`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const file = path.join(tmp, "signed.pdf");
    writeFileSync(file, pdf.bytes);
    const out = spawnSync("pdfsig", [file], { encoding: "utf8" });
    const report = `${out.stdout}${out.stderr}`;
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Total document signed");
    expect(report).toContain("Signer Certificate Common Name: Sri Wahyuni");
    expect(report).toContain("ETSI.CAdES.detached");

    // Its QR code's link answers publicly.
    const v = await client(s.app).request("GET", `/api/public/eoffice/verify/${signed.body.signed!.verifyCode}`);
    expect(v.body).toMatchObject({
      number: `500.2/1/DISDAG/${year}`,
      unit: "Dinas Perdagangan",
      subject: "Penyampaian data harga bahan pokok",
      sha256: signed.body.file!.sha256,
    });

    // Sent: it lands in Disdukcapil's incoming letters, and as tembusan in DPMPTSP's.
    const sent = await drafter.request("POST", `/api/eoffice/letters/${id}/send`, {});
    expect(sent.body.status).toBe("sent");
    const inbox = await outsider.request("GET", "/api/eoffice/letters?direction=incoming&q=data%20harga%20bahan");
    expect(inbox.body[0]).toMatchObject({
      status: "registered",
      sender: "Dinas Perdagangan",
      number: `500.2/1/DISDAG/${year}`,
      isCopy: false,
      file: { type: "application/pdf" },
    });
    const copy = await (await loginAs(s.app, "kadis.dpmptsp@palembang.go.id")).request("GET", "/api/eoffice/letters?direction=incoming&q=data%20harga%20bahan");
    expect(copy.body[0]).toMatchObject({ isCopy: true });
    expect((await raw(outsider, `/api/eoffice/letters/${inbox.body[0].id}/file`)).bytes.equals(pdf.bytes)).toBe(true);

    // Export for SRIKANDI: metadata.json + the signed PDF.
    const exp = await raw(drafter, `/api/eoffice/letters/${id}/export`);
    expect(exp.headers["content-type"]).toBe("application/zip");
    const zip = await JSZip.loadAsync(exp.bytes);
    const meta = JSON.parse(await (zip.file("metadata.json")?.async("string") ?? "{}"));
    expect(meta.naskah).toMatchObject({
      jenis_naskah: "Surat Dinas",
      nomor_naskah: `500.2/1/DISDAG/${year}`,
      kode_klasifikasi: "500.2",
      klasifikasi_keamanan: "Biasa",
      tingkat_urgensi: "Segera",
    });
    expect(meta.retensi).toMatchObject({ retensi_aktif_tahun: 2, retensi_inaktif_tahun: 5, keterangan_penyusutan: "Dinilai Kembali" });
    expect(Object.keys(zip.files)).toHaveLength(2);
  });

  it("Plt.: the deputy signs and disposes with the delegation printed; without it they are refused", async () => {
    const id = await draftToSigning({ subject: "Undangan rapat koordinasi pasar", toUnitId: undefined, copyUnitIds: [] });
    expect((await deputy.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: PASS })).status).toBe(403);
    const today = new Date().toISOString().slice(0, 10);
    const d = await head.request("POST", "/api/documents/delegations", { deputy: "analis.disdag@palembang.go.id", from: today, to: "2099-12-31", kind: "plt" });
    expect(d.status).toBe(201);
    expect((await deputy.request("POST", "/api/documents/certificates", { passphrase: PASS, nip: "198801012010011001" })).status).toBe(201);
    const view = await deputy.request("GET", `/api/eoffice/letters/${id}`);
    expect(view.body.can).toMatchObject({ sign: true, signAs: { kind: "plt", principalName: "Sri Wahyuni" } });
    const signed = await deputy.request("POST", `/api/eoffice/letters/${id}/sign`, { passphrase: PASS });
    expect(signed.status).toBe(200);
    expect(signed.body.signed).toMatchObject({
      name: "Agus Salim",
      title: "Plt. Kepala Dinas Perdagangan",
      delegation: { kind: "plt", principalName: "Sri Wahyuni" },
    });
    const pdf = await raw(deputy, `/api/eoffice/letters/${id}/file`);
    writeFileSync(path.join(tmp, "plt.pdf"), pdf.bytes);
    const report = spawnSync("pdfsig", [path.join(tmp, "plt.pdf")], { encoding: "utf8" });
    expect(`${report.stdout}`).toContain("Signature Validation: Signature is Valid.");

    // The deputy disposes an incoming letter as Plt.
    const sek = await loginAs(s.app, "sekretariat.disdag@palembang.go.id");
    const inc = await sek.request("POST", "/api/eoffice/incoming", {
      number: "1/2026",
      subject: "Surat untuk Plt.",
      sender: "Warga",
      letterDate: today,
      classificationCode: "000",
      confidentiality: "biasa",
      urgency: "biasa",
    });
    const disp = await deputy.request("POST", `/api/eoffice/letters/${inc.body.id}/dispositions`, { to: await idOf(verifier), instruction: "Tindak lanjuti" });
    expect(disp.status).toBe(201);
    expect(disp.body.delegation).toMatchObject({ kind: "plt", principalName: "Sri Wahyuni" });
  });
});
