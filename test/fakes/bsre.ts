/**
 * A local stand-in for BSrE's esign-client API, following the shapes public integrations use
 * (see bsre.ts). For tests and development only: it signs with its own throw-away CA.
 */
import { createServer, type Server } from "node:http";
import { randomUUID, type KeyObject, type X509Certificate } from "node:crypto";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { PDFDocument } from "pdf-lib";
import { issueCertificate, newKeyPair, newSerial } from "./ca.ts";
import { CmsSigner } from "./cms.ts";
import { signPreparedPdf } from "./pdf.ts";
import { checkPdf } from "./verify.ts";

export interface FakeBsre {
  url: string;
  user: string;
  password: string;
  /** NIK → passphrase of registered users. */
  users: Map<string, string>;
  /** What each sign request carried (passphrases masked). */
  requests: Array<{ path: string; fields: Record<string, string> }>;
  root: X509Certificate;
  close(): Promise<void>;
}

export async function startFakeBsre(opts: { user?: string; password?: string } = {}): Promise<FakeBsre> {
  const user = opts.user ?? "balai";
  const password = opts.password ?? "rahasia";
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
  const users = new Map<string, string>();
  const requests: FakeBsre["requests"] = [];
  const certFor = (nik: string) => {
    let c = certs.get(nik);
    if (!c) {
      const kp = newKeyPair("rsa-2048");
      const cert = issueCertificate({
        subject: { cn: `Pejabat ${nik.slice(-4)}`, serialNumber: nik, o: "Pemerintah Daerah", c: "ID" },
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
      const auth = Buffer.from(String(req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      if (auth !== `${user}:${password}`) return json(401, { error: "Unauthorized", message: "auth failed" });
      const chunks: Buffer[] = [];
      for await (const ch of req) chunks.push(ch as Buffer);
      const body = Buffer.concat(chunks);
      const path = req.url ?? "/";
      const form = async () => new Response(body, { headers: { "content-type": String(req.headers["content-type"] ?? "") } }).formData();
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
        if (users.get(nik) !== f.get("passphrase")) return json(400, { error: "Passphrase anda salah", status_code: 2031 });
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
  return {
    url: `http://127.0.0.1:${addr.port}`,
    user,
    password,
    users,
    requests,
    root,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
