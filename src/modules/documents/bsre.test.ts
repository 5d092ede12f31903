import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyFor, client, type Client, loginAs, setupPlatform } from "../../../test/helpers.ts";
import { BsreClient, BsreError } from "./bsre.ts";
import { type FakeBsre, startFakeBsre } from "./bsre-fake.ts";
import { resetSignersForTests } from "./service.ts";
import { checkPdf } from "./verify.ts";

const NIK = "1671041203800001";
const PASSPHRASE = "Passphrase-BSrE-Lurah";
let fake: FakeBsre;
const env: Record<string, string> = { BALAI_SIGNER: "bsre", BSRE_USER: "balai", BSRE_PASSWORD: "rahasia" };
beforeAll(async () => {
  fake = await startFakeBsre();
  fake.users.set(NIK, PASSPHRASE);
  env.BSRE_URL = fake.url;
  resetSignersForTests();
});
afterAll(async () => {
  await fake?.close();
});
const s = setupPlatform(env);

describe("BSrE client against the local fake", () => {
  it("signs (id_dokumen header), downloads, verifies and reads a user's status; maps errors", async () => {
    const c = new BsreClient({ url: fake.url, user: "balai", password: "rahasia" });
    expect(await c.userStatus(NIK)).toMatchObject({ status: "ISSUE" });
    await expect(c.userStatus("1671040000000000")).rejects.toMatchObject({ kind: "user" });
    const signed = await c.signPdf(TINY_PDF_WITH_PAGE, {
      nik: NIK,
      passphrase: PASSPHRASE,
      tampilan: "invisible",
      reason: "Uji",
      location: "Palembang",
      linkQR: "https://x/verify/abcdefgh12",
    });
    expect(signed.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(checkPdf(signed.pdf, [fake.root])[0]).toMatchObject({ intact: true, coversWholeFile: true, chainTrusted: true });
    expect((await c.download(signed.id as string)).equals(signed.pdf)).toBe(true);
    expect(await c.verify(signed.pdf)).toMatchObject({ conclusion: "VALID", jumlah_signature: 1 });
    const err = await c.signPdf(TINY_PDF_WITH_PAGE, { nik: NIK, passphrase: "salah", tampilan: "invisible" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BsreError);
    expect(err).toMatchObject({ kind: "passphrase" });
    const badAuth = new BsreClient({ url: fake.url, user: "balai", password: "x" });
    await expect(badAuth.userStatus(NIK)).rejects.toMatchObject({ kind: "unavailable" });
    const down = new BsreClient({ url: "http://127.0.0.1:9", user: "a", password: "b" }, { timeoutMs: 2000 });
    await expect(down.userStatus(NIK)).rejects.toMatchObject({ kind: "unavailable" });
    // The passphrase never reaches the fake's request log in clear.
    expect(JSON.stringify(fake.requests)).not.toContain(PASSPHRASE);
  });
});

describe("a tenant configured for BSrE", () => {
  let lurah: Client;
  it("signs through BSrE behind the same Signer interface; wrong passphrases count; verification asks BSrE about the chain", async () => {
    lurah = await loginAs(s.app, "lurah@palembang.go.id");
    const citizen = await loginAs(s.app, "warga@example.com");
    const sub = await applyFor(s.app, citizen, "surat-keterangan-tidak-mampu");
    const operator = await loginAs(s.app, "operator.kelurahan@palembang.go.id");
    const view = await operator.request("GET", `/api/cases/${sub.id}`);
    expect((await operator.request("POST", `/api/cases/${sub.id}/actions/verify`, { version: view.body.version })).status).toBe(200);
    const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === sub.id);
    expect(item.title).toBe("Surat Keterangan Tidak Mampu");

    const noNik = await lurah.request("POST", "/api/documents/sign", { ids: [item.id], passphrase: PASSPHRASE });
    expect(noNik.status).toBe(409);
    expect(noNik.body.type).toBe("/problems/signer-nik-missing");
    expect((await lurah.request("PUT", "/api/documents/bsre-account", { nik: NIK })).status).toBe(200);

    const wrong = await lurah.request("POST", "/api/documents/sign", { ids: [item.id], passphrase: "bukan-ini" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe("/problems/passphrase-invalid");
    expect((await lurah.request("GET", `/api/cases/${sub.id}`)).body.state).toBe("verified");

    const ok = await lurah.request("POST", "/api/documents/sign", { ids: [item.id], passphrase: PASSPHRASE });
    expect(ok.body).toMatchObject({ signed: 1 });
    expect(ok.body.results[0].number).toMatch(/^400\.9\/\d+\/KEL-1003\/20\d\d$/);
    const sent = fake.requests.at(-1)!.fields;
    expect(sent).toMatchObject({ nik: NIK, passphrase: "***", tampilan: "invisible" });
    expect(sent.linkQR).toContain(`/verify/${ok.body.results[0].code}`);
    const doc = await s.db.one<{ signer_kind: string; external_id: string }>("SELECT signer_kind, external_id FROM documents WHERE id = $1", [item.id]);
    expect(doc).toMatchObject({ signer_kind: "bsre" });
    expect(doc?.external_id).toMatch(/^[0-9a-f-]{36}$/);

    const v = await client(s.app).request("GET", `/api/public/verify/${ok.body.results[0].code}`);
    expect(v.body).toMatchObject({ valid: true, signature: { signedWith: "bsre", signerName: "Dedi Kurniawan" } });
  });
});

/** A one-page PDF pdf-lib can load (TINY_PDF has no pages). */
const TINY_PDF_WITH_PAGE = Buffer.from(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);
