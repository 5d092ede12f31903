/**
 * Checks the signatures in a PDF, offline: the CMS signature over the signed attributes, the message
 * digest over the byte range, whether the byte range covers the whole file (nothing appended after
 * signing), the chain up to one of the trusted roots, and the certificate's validity at signing time.
 * Revocation and the document record are looked up by the caller (service.ts).
 */
import { createHash, type X509Certificate } from "node:crypto";
import { parseCms } from "./cms.ts";
import * as der from "./der.ts";
import { findSignatures } from "./pdf.ts";

export interface SignatureCheck {
  /** The CMS signature and the digest of the signed bytes hold: the signed bytes are unchanged. */
  intact: boolean;
  /** The signed range reaches the end of the file: nothing was added or changed after signing. */
  coversWholeFile: boolean;
  chainTrusted: boolean;
  validAtSigning: boolean;
  signer: { commonName: string; subject: string; serial: string; issuer: string; notBefore: Date; notAfter: Date; publicKeyType: string } | null;
  signedAt: Date | undefined;
  /** The verification code Balai puts in the signature's ContactInfo (…/verify/CODE). */
  code: string | undefined;
  error?: string;
}

export const isPdf = (b: Buffer) => b.subarray(0, 1024).includes("%PDF-");

function cn(subject: string): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject;
}

/** Walks issuer links from the signer up to a trusted root (certificates from the CMS, then the roots). */
function chainTrusted(signer: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], at: Date): boolean {
  let cur = signer;
  for (let depth = 0; depth < 6; depth++) {
    const root = roots.find((r) => cur.checkIssued(r) && cur.verify(r.publicKey));
    if (root) return new Date(root.validFrom) <= at && at <= new Date(root.validTo);
    const next = pool.find((p) => p !== cur && p.fingerprint256 !== cur.fingerprint256 && cur.checkIssued(p) && cur.verify(p.publicKey));
    if (!next?.ca) return false;
    cur = next;
  }
  return false;
}

export function checkPdf(pdf: Buffer, roots: X509Certificate[]): SignatureCheck[] {
  return findSignatures(pdf).map((sig) => {
    const [a, b, c, d] = sig.byteRange;
    const code = sig.contactInfo ? /\/verify\/([A-Za-z0-9_-]{8,64})/.exec(sig.contactInfo)?.[1] : undefined;
    const base: SignatureCheck = {
      intact: false,
      coversWholeFile: a === 0 && c + d === pdf.length,
      chainTrusted: false,
      validAtSigning: false,
      signer: null,
      signedAt: sig.signedAt,
      code,
    };
    if (a !== 0 || c + d > pdf.length) return { ...base, error: "bad-byte-range" };
    let cms: ReturnType<typeof parseCms>;
    try {
      cms = parseCms(der.parse(sig.contents).raw);
    } catch {
      return { ...base, error: "unreadable-signature" };
    }
    if (!cms.signer) return { ...base, error: "signer-certificate-missing" };
    const digest = createHash("sha256")
      .update(pdf.subarray(0, b))
      .update(pdf.subarray(c, c + d))
      .digest();
    const intact = cms.signatureValid && cms.digestAlgorithm === der.OID.sha256 && !!cms.messageDigest && cms.messageDigest.equals(digest);
    const at = sig.signedAt ?? cms.signingTime ?? new Date();
    const s = cms.signer;
    return {
      ...base,
      intact,
      chainTrusted: chainTrusted(s, cms.certificates, roots, at),
      validAtSigning: new Date(s.validFrom) <= at && at <= new Date(s.validTo),
      signedAt: sig.signedAt ?? cms.signingTime,
      signer: {
        commonName: cn(s.subject),
        subject: s.subject.replace(/\n/g, ", "),
        serial: s.serialNumber.toUpperCase(),
        issuer: cn(s.issuer),
        notBefore: new Date(s.validFrom),
        notAfter: new Date(s.validTo),
        publicKeyType: s.publicKey.asymmetricKeyType ?? "unknown",
      },
    };
  });
}
