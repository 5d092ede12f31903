/**
 * The tenant's local certificate authority: a root certificate, certificates issued to officials
 * (their private keys encrypted with their own passphrase), and a revocation list. Pure crypto here;
 * storage is in store.ts.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  scrypt,
  scryptSync,
  sign,
  X509Certificate,
} from "node:crypto";
import * as der from "./der.ts";

export type KeyAlgorithm = "rsa-2048" | "ecdsa-p256";
export const KEY_ALGORITHMS: KeyAlgorithm[] = ["rsa-2048", "ecdsa-p256"];

export interface NameParts {
  cn: string;
  o?: string;
  ou?: string;
  title?: string;
  serialNumber?: string;
  l?: string;
  c?: string;
}

export function newKeyPair(alg: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  return alg === "rsa-2048"
    ? generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 })
    : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
}

/** The same, off the event loop (libuv's thread pool): issuing a certificate does not stall other requests. */
export function newKeyPairAsync(alg: KeyAlgorithm): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) => (err ? reject(err) : resolve({ publicKey, privateKey }));
    if (alg === "rsa-2048") generateKeyPair("rsa", { modulusLength: 2048, publicExponent: 0x10001 }, done);
    else generateKeyPair("ec", { namedCurve: "prime256v1" }, done);
  });
}

export function algorithmOf(key: KeyObject): KeyAlgorithm {
  return key.asymmetricKeyType === "rsa" ? "rsa-2048" : "ecdsa-p256";
}

/** AlgorithmIdentifier of a signature made with this key (SHA-256). */
export function sigAlgId(key: KeyObject): Buffer {
  return key.asymmetricKeyType === "rsa" ? der.seq(der.oid(der.OID.sha256WithRSA), der.nul()) : der.seq(der.oid(der.OID.ecdsaSha256));
}

function name(n: NameParts): Buffer {
  const rdn = (o: string, v: Buffer) => der.set(der.seq(der.oid(o), v));
  const parts: Buffer[] = [];
  if (n.c) parts.push(rdn(der.OID.c, der.printable(n.c)));
  if (n.l) parts.push(rdn(der.OID.l, der.utf8(n.l)));
  if (n.o) parts.push(rdn(der.OID.o, der.utf8(n.o)));
  if (n.ou) parts.push(rdn(der.OID.ou, der.utf8(n.ou)));
  if (n.title) parts.push(rdn(der.OID.title, der.utf8(n.title)));
  if (n.serialNumber) parts.push(rdn(der.OID.serialNumber, der.printable(n.serialNumber.replace(/[^A-Za-z0-9 .-]/g, ""))));
  parts.push(rdn(der.OID.cn, der.utf8(n.cn)));
  return der.seq(...parts);
}

const keyId = (pub: KeyObject) => {
  const spki = der.parse(pub.export({ type: "spki", format: "der" }));
  return createHash("sha1").update(spki.children[1].content.subarray(1)).digest();
};

const ext = (id: string, critical: boolean, value: Buffer) => der.seq(der.oid(id), ...(critical ? [der.bool(true)] : []), der.octets(value));

export interface IssueInput {
  subject: NameParts;
  publicKey: KeyObject;
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  issuer?: { cert: X509Certificate; key: KeyObject };
  /** The key that signs a self-signed certificate. */
  selfKey?: KeyObject;
}

/** Builds and signs an X.509 v3 certificate (self-signed root, or an official's certificate issued by the root). */
export function issueCertificate(i: IssueInput): X509Certificate {
  const signingKey = i.issuer?.key ?? i.selfKey;
  if (!signingKey) throw new Error("issueCertificate: no signing key");
  const issuerName = i.issuer ? der.parse(i.issuer.cert.raw).children[0].children[5].raw : name(i.subject);
  const authorityKey = i.issuer ? keyId(i.issuer.cert.publicKey) : keyId(i.publicKey);
  const extensions = [
    ext(der.OID.basicConstraints, true, i.ca ? der.seq(der.bool(true)) : der.seq()),
    // keyCertSign + cRLSign for the root; digitalSignature + nonRepudiation for an official.
    ext(der.OID.keyUsage, true, i.ca ? der.bits(Buffer.from([0x06]), 1) : der.bits(Buffer.from([0xc0]), 6)),
    ext(der.OID.subjectKeyId, false, der.octets(keyId(i.publicKey))),
    ext(der.OID.authorityKeyId, false, der.seq(der.tlv(0x80, authorityKey))),
  ];
  const tbs = der.seq(
    der.ctx(0, der.int(2)),
    der.uint(i.serial),
    sigAlgId(signingKey),
    issuerName,
    der.seq(der.time(i.notBefore), der.time(i.notAfter)),
    name(i.subject),
    i.publicKey.export({ type: "spki", format: "der" }),
    der.ctx(3, der.seq(...extensions)),
  );
  const signature = sign("sha256", tbs, signingKey);
  return new X509Certificate(der.seq(tbs, sigAlgId(signingKey), der.bits(signature)));
}

export const newSerial = () => {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x10;
  return b;
};

/** Serial numbers as upper-case hex, as X509Certificate.serialNumber reports them. */
export const serialHex = (b: Buffer) => b.toString("hex").toUpperCase();

// ---- private keys at rest -------------------------------------------------------------------------

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Encrypts a private key with a passphrase: scrypt → AES-256-GCM (a wrong passphrase fails the tag). */
export function sealKey(key: KeyObject, passphrase: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const k = scryptSync(passphrase.normalize("NFC"), salt, 32, SCRYPT);
  const c = createCipheriv("aes-256-gcm", k, iv);
  const body = Buffer.concat([c.update(key.export({ type: "pkcs8", format: "der" })), c.final()]);
  return ["v1", salt, iv, c.getAuthTag(), body].map((x) => (typeof x === "string" ? x : x.toString("base64"))).join(".");
}

/** sealKey off the event loop (scrypt in the thread pool); the same format. */
export async function sealKeyAsync(key: KeyObject, passphrase: string): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const k = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase.normalize("NFC"), salt, 32, SCRYPT, (err, derived) => (err ? reject(err) : resolve(derived))),
  );
  const c = createCipheriv("aes-256-gcm", k, iv);
  const body = Buffer.concat([c.update(key.export({ type: "pkcs8", format: "der" })), c.final()]);
  return ["v1", salt, iv, c.getAuthTag(), body].map((x) => (typeof x === "string" ? x : x.toString("base64"))).join(".");
}

export class WrongPassphraseError extends Error {}

export function openKey(sealed: string, passphrase: string): KeyObject {
  const [v, salt, iv, tag, body] = sealed.split(".");
  if (v !== "v1") throw new Error("unknown sealed key format");
  const k = scryptSync(passphrase.normalize("NFC"), Buffer.from(salt, "base64"), 32, SCRYPT);
  const d = createDecipheriv("aes-256-gcm", k, Buffer.from(iv, "base64"));
  d.setAuthTag(Buffer.from(tag, "base64"));
  let plain: Buffer;
  try {
    plain = Buffer.concat([d.update(Buffer.from(body, "base64")), d.final()]);
  } catch {
    throw new WrongPassphraseError("wrong passphrase");
  }
  return createPrivateKey({ key: plain, format: "der", type: "pkcs8" });
}

export const publicOf = (key: KeyObject) => createPublicKey(key);

// ---- revocation list -------------------------------------------------------------------------------

/** A DER X.509 v2 CRL signed by the root. */
export function buildCrl(ca: { cert: X509Certificate; key: KeyObject }, revoked: { serial: string; at: Date }[], number: number, now = new Date()): Buffer {
  const issuer = der.parse(ca.cert.raw).children[0].children[5].raw;
  const entries = revoked.map((r) => der.seq(der.uint(Buffer.from(r.serial, "hex")), der.time(r.at)));
  const next = new Date(now.getTime() + 7 * 86400_000);
  const tbs = der.seq(
    der.int(1),
    sigAlgId(ca.key),
    issuer,
    der.time(now),
    der.time(next),
    ...(entries.length ? [der.seq(...entries)] : []),
    der.ctx(0, der.seq(ext(der.OID.authorityKeyId, false, der.seq(der.tlv(0x80, keyId(ca.cert.publicKey)))), ext(der.OID.crlNumber, false, der.int(number)))),
  );
  return der.seq(tbs, sigAlgId(ca.key), der.bits(sign("sha256", tbs, ca.key)));
}

export const pem = (label: string, b: Buffer) =>
  `-----BEGIN ${label}-----\n${b.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n?$/, "\n")}-----END ${label}-----\n`;
