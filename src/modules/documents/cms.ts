/**
 * CMS SignedData (RFC 5652), detached, as PAdES wants it (ETSI.CAdES.detached): signed attributes
 * content-type, message-digest and signing-certificate-v2 (the signing time is the /M of the PDF
 * signature dictionary); the signer's certificate chain is embedded. RSA (PKCS#1 v1.5) or ECDSA, SHA-256.
 */
import { createHash, type KeyObject, sign, verify, X509Certificate } from "node:crypto";
import { Signer as SignPdfSigner } from "@signpdf/utils";
import { sigAlgId } from "./ca.ts";
import * as der from "./der.ts";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest();

function issuerAndSerial(cert: X509Certificate): Buffer {
  const tbs = der.parse(cert.raw).children[0];
  // tbs: [0] version, serial, sigAlg, issuer, ...
  return der.seq(tbs.children[3].raw, tbs.children[1].raw);
}

/** SignerInfo's signature algorithm: rsaEncryption for RSA (what most verifiers expect), ecdsa-with-SHA256 for EC. */
function signerSigAlg(key: KeyObject): Buffer {
  return key.asymmetricKeyType === "rsa" ? der.seq(der.oid(der.OID.rsaEncryption), der.nul()) : sigAlgId(key);
}

export function signDetached(content: Buffer, key: KeyObject, chain: X509Certificate[], signingTime?: Date): Buffer {
  return signDigest(sha256(content), key, chain, signingTime);
}

/** The same CMS from the SHA-256 digest of the content alone (what a hash-signing service such as BSrE's v2 API receives). */
export function signDigest(digest: Buffer, key: KeyObject, chain: X509Certificate[], signingTime?: Date): Buffer {
  if (digest.length !== 32) throw new Error("a SHA-256 digest has 32 bytes");
  const [cert] = chain;
  const attrs = [
    der.seq(der.oid(der.OID.contentType), der.set(der.oid(der.OID.data))),
    der.seq(der.oid(der.OID.messageDigest), der.set(der.octets(digest))),
    // ESSCertIDv2 with the default hash (SHA-256) omitted.
    der.seq(der.oid(der.OID.signingCertificateV2), der.set(der.seq(der.seq(der.seq(der.octets(sha256(cert.raw))))))),
    ...(signingTime ? [der.seq(der.oid(der.OID.signingTime), der.set(der.time(signingTime)))] : []),
  ];
  const signedAttrs = der.set(...attrs);
  const signature = sign("sha256", signedAttrs, key);
  const digestAlg = der.seq(der.oid(der.OID.sha256));
  const signerInfo = der.seq(
    der.int(1),
    issuerAndSerial(cert),
    digestAlg,
    Buffer.concat([Buffer.from([0xa0]), signedAttrs.subarray(1)]),
    signerSigAlg(key),
    der.octets(signature),
  );
  const signedData = der.seq(der.int(1), der.set(digestAlg), der.seq(der.oid(der.OID.data)), der.ctx(0, ...chain.map((c) => c.raw)), der.set(signerInfo));
  return der.seq(der.oid(der.OID.signedData), der.ctx(0, signedData));
}

/** A signer for @signpdf/signpdf with a key already unlocked. */
export class CmsSigner extends SignPdfSigner {
  private key: KeyObject;
  private chain: X509Certificate[];
  constructor(key: KeyObject, chain: X509Certificate[]) {
    super();
    this.key = key;
    this.chain = chain;
  }
  async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return signDetached(pdfBuffer, this.key, this.chain);
  }
}

/**
 * A signer for @signpdf/signpdf whose CMS comes from elsewhere: it gets the SHA-256 digest of the signed byte
 * ranges and answers a detached CMS SignedData over it (BSrE's hash signing).
 */
export class DigestCmsSigner extends SignPdfSigner {
  private signDigestRemote: (digest: Buffer) => Promise<Buffer>;
  constructor(signDigestRemote: (digest: Buffer) => Promise<Buffer>) {
    super();
    this.signDigestRemote = signDigestRemote;
  }
  async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return this.signDigestRemote(sha256(pdfBuffer));
  }
}

export interface ParsedCms {
  certificates: X509Certificate[];
  signer: X509Certificate | undefined;
  messageDigest: Buffer | undefined;
  signingTime: Date | undefined;
  /** The signature over the signed attributes verifies with the signer certificate's key. */
  signatureValid: boolean;
  digestAlgorithm: string;
}

/** Parses a CMS SignedData (trailing zero padding allowed) and checks its signer's signature. */
export function parseCms(bytes: Buffer): ParsedCms {
  const top = der.parse(bytes);
  if (der.oidString(top.children[0]) !== der.OID.signedData) throw new Error("not a CMS SignedData");
  const sd = top.children[1].children[0];
  const certNode = sd.children.find((c) => c.tag === 0xa0);
  const certificates = (certNode?.children ?? []).map((c) => new X509Certificate(c.raw));
  const signerInfos = sd.children[sd.children.length - 1];
  const si = signerInfos.children[0];
  if (!si) throw new Error("no signer");
  const sid = si.children[1];
  const sidIssuer = sid.children[0]?.raw;
  const sidSerial = sid.children[1]?.content;
  const signer = certificates.find((c) => {
    const tbs = der.parse(c.raw).children[0];
    return sidIssuer && sidSerial && tbs.children[3].raw.equals(sidIssuer) && tbs.children[1].content.equals(sidSerial);
  });
  const digestAlgorithm = der.oidString(si.children[2].children[0]);
  const attrsNode = si.children.find((c) => c.tag === 0xa0);
  let messageDigest: Buffer | undefined;
  let signingTime: Date | undefined;
  let signatureValid = false;
  if (attrsNode) {
    for (const a of attrsNode.children) {
      const type = der.oidString(a.children[0]);
      const value = a.children[1].children[0];
      if (type === der.OID.messageDigest) messageDigest = Buffer.from(value.content);
      if (type === der.OID.signingTime) signingTime = der.timeValue(value);
    }
    const sigNode = si.children[si.children.indexOf(attrsNode) + 2];
    const signedAttrs = Buffer.concat([Buffer.from([0x31]), attrsNode.raw.subarray(1)]);
    if (signer && sigNode) {
      try {
        signatureValid = verify("sha256", signedAttrs, signer.publicKey, sigNode.content);
      } catch {
        signatureValid = false;
      }
    }
  }
  return { certificates, signer, messageDigest, signingTime, signatureValid, digestAlgorithm };
}
