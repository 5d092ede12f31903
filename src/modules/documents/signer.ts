/**
 * One Signer interface over the tenant's local CA and BSrE's TTE service. `open` unlocks the official's
 * signing key once (a bulk signature asks for the passphrase once); the session then signs each document.
 */
import { type KeyObject, X509Certificate } from "node:crypto";
import { SignPdf } from "@signpdf/signpdf";
import { BsreClient, type BsreConfig, BsreError } from "./bsre.ts";
import { BsreV2Client, type BsreV2Config } from "./bsre-v2.ts";
import { openKey, WrongPassphraseError } from "./ca.ts";
import { CmsSigner, DigestCmsSigner } from "./cms.ts";
import { type RenderedLetter, type SignatureMeta, saveUnsigned, signPreparedPdf, withSignatureField } from "./pdf.ts";
import { checkPdf } from "./verify.ts";

export type SignerKind = "local" | "bsre";

export interface OfficialRef {
  userId: string;
  nik: string | null;
  /** Local signing: the official's active certificate, its sealed key and the chain up to the root. */
  certificate?: { id: string; sealedKey: string; chain: X509Certificate[] };
}

export interface SigningSession {
  readonly kind: SignerKind;
  readonly certificateId: string | null;
  sign(letter: RenderedLetter, meta: SignatureMeta): Promise<{ pdf: Buffer; externalId?: string | null }>;
}

export interface Signer {
  readonly kind: SignerKind;
  /** Throws PassphraseError for a wrong passphrase (the caller counts it), SignerUnavailable otherwise. */
  open(official: OfficialRef, passphrase: string): Promise<SigningSession>;
}

export class PassphraseError extends Error {}
export class SignerUnavailable extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Signs a rendered letter with an unlocked key (also what the benchmark calls). */
export async function signLetterLocally(letter: RenderedLetter, meta: SignatureMeta, key: KeyObject, chain: X509Certificate[]) {
  return signPreparedPdf(await withSignatureField(letter, meta), new CmsSigner(key, chain));
}

export class LocalSigner implements Signer {
  readonly kind = "local" as const;
  async open(official: OfficialRef, passphrase: string): Promise<SigningSession> {
    const cert = official.certificate;
    if (!cert) throw new SignerUnavailable("certificate-missing", "no active certificate");
    let key: KeyObject;
    try {
      key = openKey(cert.sealedKey, passphrase);
    } catch (err) {
      if (err instanceof WrongPassphraseError) throw new PassphraseError("wrong passphrase");
      throw err;
    }
    return {
      kind: "local",
      certificateId: cert.id,
      sign: async (letter, meta) => ({ pdf: await signLetterLocally(letter, meta, key, cert.chain) }),
    };
  }
}

/** What BsreSigner needs (config.ts BsreSettings). */
export interface BsreSignerConfig extends BsreConfig, BsreV2Config {
  api: "v2" | "v1";
  caPem?: string;
}

/** Room for BSrE's CMS (its chain and, at PAdES LT, a time-stamp and revocation data); the reference integration reserves 17,500 bytes. */
export const BSRE_SIGNATURE_LENGTH = 20_000;

/**
 * BSrE. v2 (default): Balai prepares the PDF with its own signature field over its visible block and QR code,
 * sends the digest of the signed byte ranges, and embeds BSrE's CMS. v1: BSrE receives the whole PDF and signs
 * it invisibly. The passphrase is checked by BSrE on the first document; a wrong one stops the batch.
 */
export class BsreSigner implements Signer {
  readonly kind = "bsre" as const;
  readonly api: "v2" | "v1";
  readonly client: BsreClient;
  readonly v2: BsreV2Client;
  private roots: X509Certificate[];
  constructor(cfg: BsreSignerConfig, opts: { fetch?: typeof fetch; timeoutMs?: number } = {}) {
    this.api = cfg.api;
    this.client = new BsreClient(cfg, opts);
    this.v2 = new BsreV2Client(cfg, opts);
    this.roots = (cfg.caPem?.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
  }

  async open(official: OfficialRef, passphrase: string): Promise<SigningSession> {
    if (!official.nik) throw new SignerUnavailable("signer-nik-missing", "the official has no NIK registered for BSrE");
    const nik = official.nik;
    try {
      if (this.api === "v2") await this.v2.accessToken();
      else {
        const status = await this.client.userStatus(nik);
        if (status.status && status.status !== "ISSUE") throw new SignerUnavailable("bsre-user-inactive", status.message ?? status.status);
      }
    } catch (err) {
      throw mapBsre(err);
    }
    const sign =
      this.api === "v2"
        ? (l: RenderedLetter, m: SignatureMeta) => this.signV2(nik, passphrase, l, m)
        : (l: RenderedLetter, m: SignatureMeta) => this.signV1(nik, passphrase, l, m);
    return {
      kind: "bsre",
      certificateId: null,
      sign: async (letter, meta) => {
        try {
          return await sign(letter, meta);
        } catch (err) {
          throw mapBsre(err);
        }
      },
    };
  }

  private async signV2(nik: string, passphrase: string, letter: RenderedLetter, meta: SignatureMeta) {
    const [x1, y1, x2, y2] = letter.signatureRect;
    const page = letter.doc.getPages().indexOf(letter.page) + 1;
    const prepared = await withSignatureField(letter, meta, BSRE_SIGNATURE_LENGTH);
    const remote = new DigestCmsSigner(async (digest) => {
      const cms = await this.v2.signHash(nik, passphrase, [
        {
          id: "0",
          digest,
          signatureLevel: "PAdES_BASELINE_LT",
          tampilan: "INVISIBLE",
          page,
          rect: { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) },
          signingDate: meta.signingTime,
          reason: meta.reason,
          location: meta.location,
          contactInfo: meta.contactInfo,
        },
      ]);
      return cms.get("0") as Buffer;
    });
    return { pdf: await new SignPdf().sign(prepared, remote), externalId: null };
  }

  private async signV1(nik: string, passphrase: string, letter: RenderedLetter, meta: SignatureMeta) {
    const res = await this.client.signPdf(await saveUnsigned(letter), {
      nik,
      passphrase,
      tampilan: "invisible",
      reason: meta.reason,
      location: meta.location,
      linkQR: meta.contactInfo,
    });
    return { pdf: res.pdf, externalId: res.id };
  }

  /** Whether a BSrE-signed file's chain leads to BSrE: offline against BSRE_CA_FILE, else (v1) BSrE's verify endpoint. */
  async chainTrusted(pdf: Buffer): Promise<boolean> {
    if (this.roots.length) {
      const checks = checkPdf(pdf, this.roots);
      if (checks.length && checks[checks.length - 1].chainTrusted) return true;
    }
    if (this.api !== "v1") return false;
    try {
      const r = await this.client.verify(pdf);
      return String(r.conclusion ?? r.status ?? "").toUpperCase() === "VALID";
    } catch {
      return false;
    }
  }
}

function mapBsre(err: unknown): Error {
  if (err instanceof BsreError) {
    if (err.kind === "passphrase") return new PassphraseError(err.message);
    if (err.kind === "user") return new SignerUnavailable("bsre-user-not-registered", err.message);
    if (err.kind === "certificate") return new SignerUnavailable("bsre-user-inactive", err.message);
    return new SignerUnavailable("signer-unavailable", err.message);
  }
  return err as Error;
}
