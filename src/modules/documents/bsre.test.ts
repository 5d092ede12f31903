import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeBsre, signedRangesDigest, startFakeBsre } from "../../../test/fakes/bsre.ts";
import { applyFor, client, type Client, configProblems, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { loadConfig } from "../../platform/config.ts";
import { BsreClient, BsreError } from "./bsre.ts";
import { BsreV2Client, SIGN_HASH_PATH } from "./bsre-v2.ts";
import { parseCms } from "./cms.ts";
import { resetSignersForTests } from "./context.ts";
import { expectPdfsigValid } from "../../../test/pdfsig.ts";
import { checkPdf } from "./verify.ts";

const NIK = "1671041203800001";
const UNKNOWN_NIK = "1671040000000000";
const INACTIVE_NIK = "1671049999000001";
const PASSPHRASE = "Passphrase-BSrE-Lurah";
const tmp = mkdtempSync(path.join(os.tmpdir(), "balai-bsre-"));
let fake: FakeBsre;
const envV2: Record<string, string> = { BALAI_SIGNER: "bsre", BSRE_CLIENT_ID: "balai-client", BSRE_CLIENT_SECRET: "balai-secret" };
const envV1: Record<string, string> = { BALAI_SIGNER: "bsre", BSRE_API: "v1", BSRE_USER: "balai", BSRE_PASSWORD: "rahasia" };
beforeAll(async () => {
  fake = await startFakeBsre();
  fake.users.set(NIK, { passphrase: PASSPHRASE, name: "Dedi Kurniawan" });
  fake.users.set(INACTIVE_NIK, { passphrase: PASSPHRASE, active: false });
  writeFileSync(path.join(tmp, "bsre-root.pem"), fake.rootPem);
  envV2.BSRE_URL = fake.v2Url;
  envV2.BSRE_CA_FILE = path.join(tmp, "bsre-root.pem");
  envV1.BSRE_URL = fake.url;
  resetSignersForTests();
});
afterAll(async () => {
  await fake?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest();
const v2Client = (over: Partial<ConstructorParameters<typeof BsreV2Client>[0]> = {}, fetchFn?: typeof fetch) =>
  new BsreV2Client(
    { url: fake.v2Url, tokenUrl: `${fake.url}/oauth2/token`, clientId: "balai-client", clientSecret: "balai-secret", ...over },
    { fetch: fetchFn },
  );
const hashSig = (digest: Buffer) => ({
  id: "0",
  digest,
  signatureLevel: "PAdES_BASELINE_LT" as const,
  tampilan: "INVISIBLE" as const,
  page: 1,
  rect: { x: 300, y: 100, width: 200, height: 90 },
  signingDate: new Date("2026-11-23T03:04:05.678Z"),
  reason: "Uji",
  location: "Palembang",
  contactInfo: "https://x/verify/abcdefgh12",
});

describe("BSrE esign API v2 client against the local fake", () => {
  it("gets a client-credentials token, signs a digest and checks the CMS it answers", async () => {
    const c = v2Client();
    const digest = sha256(Buffer.from("isi dokumen"));
    const before = fake.tokenRequests.length;
    const cms = (await c.signHash(NIK, PASSPHRASE, [hashSig(digest)])).get("0") as Buffer;
    // The token request as BSSN's integrations send it: Basic client_id:client_secret, JSON grant.
    expect(fake.tokenRequests.slice(before)).toEqual([
      { authorization: "Basic ***", contentType: "application/json", body: '{"grant_type":"client_credentials"}' },
    ]);
    const sent = fake.v2Requests.at(-1)!;
    expect(sent).toMatchObject({ authorization: "Bearer ***", contentType: "application/json" });
    expect(sent.body).toEqual({
      nik: NIK,
      idSubscriber: null,
      passphrase: "***",
      signaturePropertiesHashMap: {
        "0": {
          imageBase64: null,
          tampilan: "INVISIBLE",
          fieldId: null,
          page: 1,
          originX: 300,
          originY: 100,
          width: 200,
          height: 90,
          signatureLevel: "PAdES_BASELINE_LT",
          certificationPermission: "CHANGES_PERMITTED",
          signingDate: "2026-11-23T03:04:05.678+0000",
          certificateChainBase64: null,
          location: "Palembang",
          reason: "Uji",
          contactInfo: "https://x/verify/abcdefgh12",
          documentDigestBase64: digest.toString("base64"),
        },
      },
    });
    const parsed = parseCms(cms);
    expect(parsed.signatureValid).toBe(true);
    expect(parsed.messageDigest?.equals(digest)).toBe(true);
    expect(parsed.signer?.subject).toContain("CN=Dedi Kurniawan");
    // The token is reused while valid.
    await c.signHash(NIK, PASSPHRASE, [hashSig(digest)]);
    expect(fake.tokenRequests.length).toBe(before + 1);
    expect(JSON.stringify(fake.v2Requests)).not.toContain(PASSPHRASE);
  });

  it("re-fetches the token once when BSrE answers 401 for an expired one, and gives up after that", async () => {
    const c = v2Client();
    const digest = sha256(Buffer.from("dokumen kedua"));
    await c.signHash(NIK, PASSPHRASE, [hashSig(digest)]);
    const before = fake.tokenRequests.length;
    fake.expireTokens();
    expect((await c.signHash(NIK, PASSPHRASE, [hashSig(digest)])).get("0")).toBeInstanceOf(Buffer);
    expect(fake.tokenRequests.length).toBe(before + 1);

    // Tokens that never work: one renewal, then a clear error (no loop).
    const expiring: typeof fetch = async (url, init) => {
      if (String(url).endsWith(SIGN_HASH_PATH)) fake.expireTokens();
      return fetch(url, init);
    };
    const stuck = v2Client({}, expiring);
    const start = fake.tokenRequests.length;
    await expect(stuck.signHash(NIK, PASSPHRASE, [hashSig(digest)])).rejects.toMatchObject({ kind: "auth" });
    expect(fake.tokenRequests.length).toBe(start + 2);
  });

  it("maps BSrE's errors: wrong passphrase, unknown NIK, certificate not active, bad client secret, 5xx, unreachable", async () => {
    const c = v2Client();
    const digest = sha256(Buffer.from("x"));
    const err = async (p: Promise<unknown>) => (await p.catch((e: unknown) => e)) as BsreError;
    const wrong = await err(c.signHash(NIK, "salah", [hashSig(digest)]));
    expect(wrong).toBeInstanceOf(BsreError);
    expect(wrong).toMatchObject({ kind: "passphrase", status: 400, message: "Passphrase anda salah" });
    expect(await err(c.signHash(UNKNOWN_NIK, PASSPHRASE, [hashSig(digest)]))).toMatchObject({ kind: "user", message: "User tidak terdaftar" });
    expect(await err(c.signHash(INACTIVE_NIK, PASSPHRASE, [hashSig(digest)]))).toMatchObject({ kind: "certificate" });
    expect(await err(v2Client({ clientSecret: "bukan" }).signHash(NIK, PASSPHRASE, [hashSig(digest)]))).toMatchObject({ kind: "auth", status: 502 });
    fake.failNext(503);
    expect(await err(c.signHash(NIK, PASSPHRASE, [hashSig(digest)]))).toMatchObject({ kind: "unavailable", status: 502 });
    const down = new BsreV2Client(
      { url: "http://127.0.0.1:9", tokenUrl: "http://127.0.0.1:9/oauth2/token", clientId: "a", clientSecret: "b" },
      { timeoutMs: 2000 },
    );
    expect(await err(down.signHash(NIK, PASSPHRASE, [hashSig(digest)]))).toMatchObject({ kind: "unavailable" });
    // A CMS over another digest than the one sent is refused, not embedded.
    const lying: typeof fetch = async (url, init) => {
      if (!String(url).endsWith(SIGN_HASH_PATH)) return fetch(url, init);
      const body = JSON.parse(String(init?.body));
      body.signaturePropertiesHashMap["0"].documentDigestBase64 = sha256(Buffer.from("lain")).toString("base64");
      return fetch(url, { ...init, body: JSON.stringify(body) });
    };
    expect(await err(v2Client({}, lying).signHash(NIK, PASSPHRASE, [hashSig(digest)]))).toMatchObject({ kind: "rejected", status: 502 });
  });
});

describe("BSrE configuration", () => {
  it("defaults to v2 with the token endpoint at the API host, and refuses to start on bad or missing values", () => {
    const base = { NODE_ENV: "test", BALAI_SIGNER: "bsre", BSRE_CLIENT_ID: "id", BSRE_CLIENT_SECRET: "secret" };
    const ca = path.join(tmp, "bsre-root.pem");
    const cfg = loadConfig({ ...base, BSRE_URL: "https://api-bsre.bssn.go.id/v2/", BSRE_CA_FILE: ca });
    expect(cfg.bsre).toMatchObject({ api: "v2", url: "https://api-bsre.bssn.go.id/v2", tokenUrl: "https://api-bsre.bssn.go.id/oauth2/token", clientId: "id" });
    expect(cfg.bsre?.caPem).toContain("BEGIN CERTIFICATE");
    const problems = configProblems;
    expect(problems({ ...base, BSRE_URL: "https://x.example", BSRE_CA_FILE: ca, BSRE_API: "v3" })).toContain("BSRE_API must be v2 or v1");
    expect(problems({ NODE_ENV: "test", BALAI_SIGNER: "bsre", BSRE_URL: "https://x.example", BSRE_CA_FILE: ca })).toContain(
      "BSRE_CLIENT_ID and BSRE_CLIENT_SECRET",
    );
    expect(problems({ ...base, BSRE_URL: "https://x.example" })).toContain("needs BSRE_CA_FILE");
    expect(problems({ ...base, BSRE_URL: "https://x.example", BSRE_CA_FILE: path.join(tmp, "missing.pem") })).toContain(
      "BSRE_CA_FILE must be a readable PEM file",
    );
    expect(problems({ ...base, BSRE_URL: "https://x.example", BSRE_CA_FILE: ca, BSRE_TOKEN_URL: "ftp://x" })).toContain(
      "BSRE_TOKEN_URL must be an http(s) URL",
    );
    expect(problems({ NODE_ENV: "test", BALAI_SIGNER: "bsre", BSRE_API: "v1", BSRE_URL: "https://x.example" })).toContain(
      "BSRE_API=v1 needs BSRE_USER and BSRE_PASSWORD",
    );
    expect(
      loadConfig({ NODE_ENV: "test", BALAI_SIGNER: "bsre", BSRE_API: "v1", BSRE_URL: "http://esign.local", BSRE_USER: "u", BSRE_PASSWORD: "p" }).bsre,
    ).toMatchObject({ api: "v1", user: "u" });
  });
});

/** A kelurahan SKTM case verified by the operator: it waits in the lurah's signing queue. */
async function caseInQueue(app: Parameters<typeof loginAs>[0], lurah: Client) {
  const citizen = await loginAs(app, "warga@example.com");
  const sub = await applyFor(app, citizen, "surat-keterangan-tidak-mampu");
  const operator = await loginAs(app, "operator.kelurahan@palembang.go.id");
  const view = await operator.request("GET", `/api/cases/${sub.id}`);
  expect((await operator.request("POST", `/api/cases/${sub.id}/actions/verify`, { version: view.body.version })).status).toBe(200);
  const item = (await lurah.request("GET", "/api/documents/queue")).body.find((d: { caseId: string }) => d.caseId === sub.id);
  expect(item!.title).toBe("Surat Keterangan Tidak Mampu");
  return { citizen, caseId: sub.id as string, docId: item!.id as string };
}

describe("a tenant configured for BSrE v2 (the default)", () => {
  const s = setupPlatform(envV2);
  const nothingSigned = async (docId: string, caseId: string, lurah: Client) => {
    const doc = await s.db.one<{ status: string; file_id: string | null; number: string | null }>(
      "SELECT status, file_id, number FROM documents WHERE id = $1",
      [docId],
    );
    expect(doc).toMatchObject({ status: "pending", file_id: null, number: null });
    expect(await s.db.query("SELECT 1 FROM files WHERE case_id = $1 AND field = '__document'", [caseId])).toHaveLength(0);
    expect(await s.db.query("SELECT 1 FROM audit_log WHERE action = 'document.signed' AND subject_id = $1", [docId])).toHaveLength(0);
    expect((await lurah.request("GET", `/api/cases/${caseId}`)).body.state).toBe("verified");
  };

  it("signs the digest of Balai's own prepared PDF; the embedded CMS validates under pdfsig with BSrE's root", async () => {
    const lurah = await loginAs(s.app, "lurah@palembang.go.id");
    const { citizen, caseId, docId } = await caseInQueue(s.app, lurah);
    const sign = (passphrase: string) => lurah.request("POST", "/api/documents/sign", { ids: [docId], passphrase }, { "accept-language": "id" });

    expect((await sign(PASSPHRASE)).problem.type).toBe("/problems/signer-nik-missing");
    expect((await lurah.request("PUT", "/api/documents/bsre-account", { nik: UNKNOWN_NIK })).status).toBe(200);
    const unknown = await sign(PASSPHRASE);
    expect(unknown.status).toBe(409);
    expect(unknown.problem.type).toBe("/problems/bsre-user-not-registered");
    expect(unknown.problem.title).toContain("tidak terdaftar");
    expect((await lurah.request("PUT", "/api/documents/bsre-account", { nik: INACTIVE_NIK })).status).toBe(200);
    expect((await sign(PASSPHRASE)).problem.type).toBe("/problems/bsre-user-inactive");
    expect((await lurah.request("PUT", "/api/documents/bsre-account", { nik: NIK })).status).toBe(200);

    // Wrong passphrase: a clear 400, counted and audited, nothing stored as signed (the number is not used up).
    const wrong = await sign("bukan-ini");
    expect(wrong.status).toBe(400);
    expect(wrong.headers["content-type"]).toContain("application/problem+json");
    expect(wrong.body).toMatchObject({ type: "/problems/passphrase-invalid", detail: "4 attempts left" });
    expect(wrong.problem.title).toContain("Passphrase salah");
    await nothingSigned(docId, caseId, lurah);
    expect(await s.db.query("SELECT 1 FROM audit_log WHERE action = 'document.passphrase-failed'")).toHaveLength(1);

    // BSrE down: 502, nothing signed.
    fake.failNext(503);
    const down = await sign(PASSPHRASE);
    expect(down.status).toBe(502);
    expect(down.problem.type).toBe("/problems/signer-unavailable");
    await nothingSigned(docId, caseId, lurah);

    // The token expired meanwhile: the adapter fetches a new one and signs.
    fake.expireTokens();
    const tokensBefore = fake.tokenRequests.length;
    const ok = await sign(PASSPHRASE);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ signed: 1 });
    expect(fake.tokenRequests.length).toBe(tokensBefore + 1);
    const { code, number } = ok.body.results[0];
    expect(number).toMatch(/^400\.9\/\d+\/KEL-1003\/20\d\d$/);

    const res = await s.app.inject({
      method: "GET",
      url: `/api/documents/${docId}/download`,
      headers: { "x-balai-tenant": PALEMBANG, cookie: citizen.cookie ?? "" },
    });
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    // The request carried the digest of exactly the byte ranges of the stored file, for Balai's own signature field.
    const sent = fake.v2Requests.at(-1)!;
    expect(sent.digests["0"]).toBe(signedRangesDigest(pdf).toString("base64"));
    expect(sent.body).toMatchObject({ nik: NIK, passphrase: "***", idSubscriber: null });
    const props = (sent.body.signaturePropertiesHashMap as Record<string, Record<string, unknown>>)["0"];
    expect(props).toMatchObject({ tampilan: "INVISIBLE", signatureLevel: "PAdES_BASELINE_LT", page: 1 });
    expect(props.contactInfo).toContain(`/verify/${code}`);
    expect(props.width).toBeGreaterThan(0);
    // One signature, Balai's field with its verification link, BSrE's certificate inside.
    const checks = checkPdf(pdf, [fake.root]);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ intact: true, coversWholeFile: true, chainTrusted: true, code, signer: { commonName: "Dedi Kurniawan" } });
    const row = await s.db.one<{ signer_kind: string; status: string }>("SELECT signer_kind, status FROM documents WHERE id = $1", [docId]);
    expect(row).toMatchObject({ signer_kind: "bsre", status: "signed" });

    // Verification trusts BSrE's chain offline (BSRE_CA_FILE).
    const v = await client(s.app).request("GET", `/api/public/verify/${code}`);
    expect(v.body).toMatchObject({ valid: true, reasons: [], signature: { signedWith: "bsre", signerName: "Dedi Kurniawan" } });

    // poppler's pdfsig, with the fake BSrE root trusted in an NSS database.
    const file = path.join(tmp, "bsre-signed.pdf");
    writeFileSync(file, pdf);
    expectPdfsigValid(file, path.join(tmp, "bsre-root.pem"), "fake-bsre-root");
  });
});

describe("BSrE v1 (BSRE_API=v1): the older PDF-upload API", () => {
  const s = setupPlatform(envV1);

  it("client: signs (id_dokumen header), downloads, verifies and reads a user's status; maps errors", async () => {
    const c = new BsreClient({ url: fake.url, user: "balai", password: "rahasia" });
    expect(await c.userStatus(NIK)).toMatchObject({ status: "ISSUE" });
    await expect(c.userStatus(UNKNOWN_NIK)).rejects.toMatchObject({ kind: "user" });
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

  it("signs through BSrE behind the same Signer interface; wrong passphrases count; verification asks BSrE about the chain", async () => {
    const lurah = await loginAs(s.app, "lurah@palembang.go.id");
    const { docId, caseId } = await caseInQueue(s.app, lurah);
    const noNik = await lurah.request("POST", "/api/documents/sign", { ids: [docId], passphrase: PASSPHRASE });
    expect(noNik.status).toBe(409);
    expect(noNik.problem.type).toBe("/problems/signer-nik-missing");
    expect((await lurah.request("PUT", "/api/documents/bsre-account", { nik: NIK })).status).toBe(200);

    const wrong = await lurah.request("POST", "/api/documents/sign", { ids: [docId], passphrase: "bukan-ini" });
    expect(wrong.status).toBe(400);
    expect(wrong.problem.type).toBe("/problems/passphrase-invalid");
    expect((await lurah.request("GET", `/api/cases/${caseId}`)).body.state).toBe("verified");

    const ok = await lurah.request("POST", "/api/documents/sign", { ids: [docId], passphrase: PASSPHRASE });
    expect(ok.body).toMatchObject({ signed: 1 });
    expect(ok.body.results[0].number).toMatch(/^400\.9\/\d+\/KEL-1003\/20\d\d$/);
    const sent = fake.requests.at(-1)!.fields;
    expect(sent).toMatchObject({ nik: NIK, passphrase: "***", tampilan: "invisible" });
    expect(sent.linkQR).toContain(`/verify/${ok.body.results[0].code}`);
    const doc = await s.db.one<{ signer_kind: string; external_id: string }>("SELECT signer_kind, external_id FROM documents WHERE id = $1", [docId]);
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
