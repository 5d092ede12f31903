/**
 * A local stand-in for BSrE, for tests and development only: a real HTTP server on 127.0.0.1 with its own
 * throw-away root CA and one signer certificate per registered NIK.
 *
 * v2 (src/modules/documents/bsre-v2.ts): `POST /oauth2/token` (Basic client_id:client_secret, JSON
 * {"grant_type":"client_credentials"}) and `POST /v2/esign/v2/api/entity/sign/hash/pdf` (Bearer token, JSON body
 * checked field by field), answering a real detached CMS over the digest it received. It fails like the real
 * service: 401 from the gateway for a missing, unknown or expired token, 400 `{status_code, error}` for a wrong
 * passphrase (2031), an unknown NIK (2011), a certificate that is not active, a malformed request; 5xx on demand.
 *
 * v1 (bsre.ts): the older esign-client endpoints with basic auth, signing the uploaded PDF.
 */
import { createHash, type KeyObject, randomBytes, randomUUID, type X509Certificate } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { PDFDocument } from "pdf-lib";
import { issueCertificate, newKeyPair, newSerial } from "../../src/modules/documents/ca.ts";
import { CmsSigner, signDigest } from "../../src/modules/documents/cms.ts";
import { signPreparedPdf } from "../../src/modules/documents/pdf.ts";
import { checkPdf } from "../../src/modules/documents/verify.ts";

export interface FakeBsreUser {
  passphrase: string;
  /** Common name of the signer certificate. */
  name?: string;
  /** false: "Sertifikat tidak aktif" (expired or revoked at BSrE). */
  active?: boolean;
}

/** One v2 sign request as the fake received it (passphrase masked). */
export interface FakeV2Request {
  authorization: string;
  contentType: string;
  body: Record<string, unknown>;
  /** The documentDigestBase64 of each signature, by id. */
  digests: Record<string, string>;
}

export interface FakeBsre {
  /** Base URL of the v1 esign-client API (BSRE_URL with BSRE_API=v1). */
  url: string;
  /** Base URL of the v2 API (BSRE_URL with BSRE_API=v2); the token endpoint is at the origin's /oauth2/token. */
  v2Url: string;
  user: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** NIK → passphrase (or the full user) of registered users. */
  users: Map<string, string | FakeBsreUser>;
  /** What each v1 sign request carried (passphrases masked). */
  requests: Array<{ path: string; fields: Record<string, string> }>;
  v2Requests: FakeV2Request[];
  tokenRequests: Array<{ authorization: string; contentType: string; body: string }>;
  /** Invalidates every token issued so far (as when they expire): the next call answers 401. */
  expireTokens(): void;
  /** The next `n` v2 sign requests answer this HTTP status (e.g. 503). */
  failNext(status: number, n?: number): void;
  root: X509Certificate;
  rootPem: string;
  close(): Promise<void>;
}

const SIGN_PATH = "/v2/esign/v2/api/entity/sign/hash/pdf";
const PROPERTY_KEYS = [
  "imageBase64",
  "tampilan",
  "fieldId",
  "page",
  "originX",
  "originY",
  "width",
  "height",
  "signatureLevel",
  "certificationPermission",
  "signingDate",
  "certificateChainBase64",
  "location",
  "reason",
  "contactInfo",
  "documentDigestBase64",
].sort();
const LEVELS = ["PAdES_BASELINE_B", "PAdES_BASELINE_T", "PAdES_BASELINE_LT", "PAdES_BASELINE_LTA"];

/** Why a v2 sign body is malformed, or undefined when it has exactly the published shape. */
function badV2Body(b: Record<string, unknown>): string | undefined {
  const keys = Object.keys(b).sort().join(",");
  if (keys !== "idSubscriber,nik,passphrase,signaturePropertiesHashMap") return `unexpected fields: ${keys}`;
  if (typeof b.nik !== "string" || !/^\d{16}$/.test(b.nik)) return "nik must be 16 digits";
  if (b.idSubscriber !== null) return "idSubscriber must be null";
  if (typeof b.passphrase !== "string" || !b.passphrase) return "passphrase wajib diisi";
  const map = b.signaturePropertiesHashMap as Record<string, Record<string, unknown>> | null;
  if (!map || typeof map !== "object" || Object.keys(map).length === 0) return "signaturePropertiesHashMap wajib diisi";
  for (const [id, p] of Object.entries(map)) {
    if (!p || typeof p !== "object") return `signature ${id}: not an object`;
    if (Object.keys(p).sort().join(",") !== PROPERTY_KEYS.join(",")) return `signature ${id}: fields ${Object.keys(p).sort().join(",")}`;
    const digest = typeof p.documentDigestBase64 === "string" ? Buffer.from(p.documentDigestBase64, "base64") : Buffer.alloc(0);
    if (digest.length !== 32 || digest.toString("base64") !== p.documentDigestBase64)
      return `signature ${id}: documentDigestBase64 is not a base64 SHA-256 digest`;
    if (!LEVELS.includes(String(p.signatureLevel))) return `signature ${id}: signatureLevel`;
    if (p.tampilan !== "VISIBLE" && p.tampilan !== "INVISIBLE") return `signature ${id}: tampilan must be VISIBLE or INVISIBLE`;
    if (!Number.isInteger(p.page) || (p.page as number) < 0) return `signature ${id}: page`;
    for (const k of ["originX", "originY", "width", "height"]) if (typeof p[k] !== "number" || (p[k] as number) < 0) return `signature ${id}: ${k}`;
    if (typeof p.signingDate !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/.test(p.signingDate)) return `signature ${id}: signingDate`;
    if (p.tampilan === "VISIBLE" && typeof p.imageBase64 !== "string") return `signature ${id}: VISIBLE needs imageBase64`;
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const ch of req) chunks.push(ch as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeBsre(
  opts: { user?: string; password?: string; clientId?: string; clientSecret?: string; tokenTtl?: number } = {},
): Promise<FakeBsre> {
  const user = opts.user ?? "balai";
  const password = opts.password ?? "rahasia";
  const clientId = opts.clientId ?? "balai-client";
  const clientSecret = opts.clientSecret ?? "balai-secret";
  const rootKp = newKeyPair("ecdsa-p256");
  const now = Date.now();
  const root = issueCertificate({
    subject: { cn: "Fake BSrE Root CA", o: "Badan Siber dan Sandi Negara (fake)", c: "ID" },
    publicKey: rootKp.publicKey,
    selfKey: rootKp.privateKey,
    serial: newSerial(),
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 5 * 365 * 86400_000),
    ca: true,
  });
  const certs = new Map<string, { key: KeyObject; cert: X509Certificate }>();
  const docs = new Map<string, Buffer>();
  const users = new Map<string, string | FakeBsreUser>();
  const userOf = (nik: string): FakeBsreUser | undefined => {
    const u = users.get(nik);
    return typeof u === "string" ? { passphrase: u } : u;
  };
  const requests: FakeBsre["requests"] = [];
  const v2Requests: FakeV2Request[] = [];
  const tokenRequests: FakeBsre["tokenRequests"] = [];
  let tokens = new Set<string>();
  const failures: number[] = [];
  const certFor = (nik: string) => {
    let c = certs.get(nik);
    if (!c) {
      const kp = newKeyPair("rsa-2048");
      const cert = issueCertificate({
        subject: { cn: userOf(nik)?.name ?? `Pejabat ${nik.slice(-4)}`, serialNumber: nik, o: "Pemerintah Daerah", c: "ID" },
        publicKey: kp.publicKey,
        issuer: { cert: root, key: rootKp.privateKey },
        serial: newSerial(),
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + 365 * 86400_000),
        ca: false,
      });
      c = { key: kp.privateKey, cert };
      certs.set(nik, c);
    }
    return c;
  };

  const server: Server = createServer(async (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const path = req.url ?? "/";
      const authorization = String(req.headers.authorization ?? "");
      const contentType = String(req.headers["content-type"] ?? "");
      const body = await readBody(req);

      // ---- v2: OAuth2 client credentials, then hash signing ----
      if (req.method === "POST" && path === "/oauth2/token") {
        tokenRequests.push({ authorization: authorization.replace(/^(Basic ).+$/, "$1***"), contentType, body: body.toString() });
        const basic = Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString();
        if (!authorization.startsWith("Basic ") || basic !== `${clientId}:${clientSecret}`)
          return json(401, { error_description: "Client Authentication failed.", error: "invalid_client" });
        let grant: unknown;
        try {
          grant = contentType.startsWith("application/json") ? JSON.parse(body.toString()).grant_type : undefined;
        } catch {
          grant = undefined;
        }
        if (grant !== "client_credentials") return json(400, { error_description: "Unsupported grant_type value", error: "unsupported_grant_type" });
        const token = randomBytes(24).toString("base64url");
        tokens.add(token);
        return json(200, { access_token: token, scope: "default", token_type: "Bearer", expires_in: opts.tokenTtl ?? 3600 });
      }
      if (req.method === "POST" && path === SIGN_PATH) {
        const token = authorization.startsWith("Bearer ") ? authorization.slice(7) : "";
        if (!tokens.has(token))
          return json(401, {
            code: "900901",
            message: "Invalid Credentials",
            description: "Invalid Credentials. Make sure you have provided the correct security credentials",
          });
        if (!contentType.startsWith("application/json")) return json(415, { status_code: 415, error: "Unsupported Media Type" });
        let b: Record<string, unknown>;
        try {
          b = JSON.parse(body.toString());
        } catch {
          return json(400, { status_code: 400, error: "Bad Request: invalid JSON" });
        }
        const map = (b.signaturePropertiesHashMap ?? {}) as Record<string, { documentDigestBase64?: string }>;
        v2Requests.push({
          authorization: "Bearer ***",
          contentType,
          body: { ...b, passphrase: typeof b.passphrase === "string" ? "***" : b.passphrase },
          digests: Object.fromEntries(Object.entries(map).map(([id, p]) => [id, String(p?.documentDigestBase64 ?? "")])),
        });
        const fail = failures.shift();
        if (fail) return json(fail, { status_code: fail, error: "Service Unavailable" });
        const bad = badV2Body(b);
        if (bad) return json(400, { status_code: 400, error: `Bad Request: ${bad}` });
        const u = userOf(b.nik as string);
        if (!u) return json(400, { status_code: 2011, error: "User tidak terdaftar" });
        if (u.passphrase !== b.passphrase) return json(400, { status_code: 2031, error: "Passphrase anda salah" });
        if (u.active === false) return json(400, { status_code: 2051, error: "Sertifikat pengguna tidak aktif" });
        const c = certFor(b.nik as string);
        const cmsSignedDataHashMap = Object.fromEntries(
          Object.entries(map).map(([id, p]) => [
            id,
            signDigest(Buffer.from(String(p.documentDigestBase64), "base64"), c.key, [c.cert, root]).toString("base64"),
          ]),
        );
        return json(200, { data: { cmsSignedDataHashMap } });
      }

      // ---- v1: the esign-client API with basic auth ----
      const auth = Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString();
      if (auth !== `${user}:${password}`) return json(401, { error: "Unauthorized", message: "auth failed" });
      const form = async () => new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
      if (req.method === "GET" && path.startsWith("/api/user/status/")) {
        const nik = decodeURIComponent(path.split("/").pop() ?? "");
        if (!users.has(nik)) return json(400, { status_code: 1110, message: "NIK Belum Terdaftar", status: "NOT_REGISTERED" });
        return json(200, { status_code: 1111, message: "Sertifikat Aktif", status: "ISSUE" });
      }
      if (req.method === "POST" && path === "/api/sign/pdf") {
        const f = await form();
        const fields: Record<string, string> = {};
        for (const [k, v] of f.entries()) fields[k] = typeof v === "string" ? (k === "passphrase" ? "***" : v) : `<file ${v.size}>`;
        requests.push({ path, fields });
        const nik = String(f.get("nik") ?? "");
        if (!users.has(nik)) return json(400, { error: "NIK tidak terdaftar", status_code: 1110 });
        if (userOf(nik)?.passphrase !== f.get("passphrase")) return json(400, { error: "Passphrase anda salah", status_code: 2031 });
        const file = f.get("file");
        if (!(file instanceof Blob)) return json(400, { error: "file wajib diisi", status_code: 2021 });
        const doc = await PDFDocument.load(new Uint8Array(await file.arrayBuffer()));
        pdflibAddPlaceholder({
          pdfDoc: doc,
          reason: String(f.get("reason") ?? "Dokumen ditandatangani secara elektronik"),
          location: String(f.get("location") ?? "Indonesia"),
          name: `Pejabat ${nik.slice(-4)}`,
          contactInfo: String(f.get("linkQR") ?? ""),
          subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        });
        const c = certFor(nik);
        const signed = await signPreparedPdf(Buffer.from(await doc.save({ useObjectStreams: false })), new CmsSigner(c.key, [c.cert, root]));
        const id = randomUUID();
        docs.set(id, signed);
        res.writeHead(200, { "content-type": "application/pdf", id_dokumen: id });
        return res.end(signed);
      }
      if (req.method === "GET" && path.startsWith("/api/sign/download/")) {
        const d = docs.get(path.split("/").pop() ?? "");
        if (!d) return json(404, { error: "Dokumen tidak ditemukan" });
        res.writeHead(200, { "content-type": "application/pdf" });
        return res.end(d);
      }
      if (req.method === "POST" && path === "/api/sign/verify") {
        const f = await form();
        const file = f.get("signed_file");
        if (!(file instanceof Blob)) return json(400, { error: "signed_file wajib diisi" });
        const checks = checkPdf(Buffer.from(await file.arrayBuffer()), [root]);
        const ok = checks.length > 0 && checks.every((c) => c.intact && c.coversWholeFile && c.chainTrusted);
        return json(200, {
          conclusion: checks.length === 0 ? "NO_SIGNATURE" : ok ? "VALID" : "INVALID",
          jumlah_signature: checks.length,
          details: checks.map((c) => ({ signer: c.signer?.commonName, intact: c.intact, trusted: c.chainTrusted })),
        });
      }
      json(404, { error: "Not found" });
    } catch (err) {
      json(500, { error: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address() as { port: number };
  const origin = `http://127.0.0.1:${addr.port}`;
  return {
    url: origin,
    v2Url: `${origin}/v2`,
    user,
    password,
    clientId,
    clientSecret,
    users,
    requests,
    v2Requests,
    tokenRequests,
    expireTokens: () => {
      tokens = new Set();
    },
    failNext: (status, n = 1) => {
      for (let i = 0; i < n; i++) failures.push(status);
    },
    root,
    rootPem: root.toString(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** SHA-256 over the two byte ranges of a PDF's last signature: the digest a v2 request must carry. */
export function signedRangesDigest(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all[all.length - 1];
  if (!m) throw new Error("no /ByteRange");
  const [a, b, c, d] = m.slice(1, 5).map(Number);
  return createHash("sha256")
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
}
