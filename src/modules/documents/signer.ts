/**
 * One Signer interface over the tenant's local CA and BSrE's TTE service. `open` unlocks the official's
 * signing key once (a bulk signature asks for the passphrase once); the session then signs each document.
 */
import type { KeyObject, X509Certificate } from "node:crypto";
import { openKey, WrongPassphraseError } from "./ca.ts";
import { BsreClient, type BsreConfig, BsreError } from "./bsre.ts";
import { CmsSigner } from "./cms.ts";
import { type RenderedLetter, type SignatureMeta, saveUnsigned, signPreparedPdf, withSignatureField } from "./pdf.ts";

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

/**
 * BSrE: the visible block (QR code, text) is already drawn by Balai, so BSrE signs invisibly. The
 * passphrase is checked by BSrE on the first document; a wrong one stops the batch.
 */
export class BsreSigner implements Signer {
  readonly kind = "bsre" as const;
  readonly client: BsreClient;
  constructor(cfg: BsreConfig | BsreClient) {
    this.client = cfg instanceof BsreClient ? cfg : new BsreClient(cfg);
  }
  async open(official: OfficialRef, passphrase: string): Promise<SigningSession> {
    if (!official.nik) throw new SignerUnavailable("signer-nik-missing", "the official has no NIK registered for BSrE");
    const nik = official.nik;
    try {
      const status = await this.client.userStatus(nik);
      if (status.status && status.status !== "ISSUE") throw new SignerUnavailable("bsre-user-inactive", status.message ?? status.status);
    } catch (err) {
      throw mapBsre(err);
    }
    return {
      kind: "bsre",
      certificateId: null,
      sign: async (letter, meta) => {
        try {
          const res = await this.client.signPdf(await saveUnsigned(letter), {
            nik,
            passphrase,
            tampilan: "invisible",
            reason: meta.reason,
            location: meta.location,
            linkQR: meta.contactInfo,
          });
          return { pdf: res.pdf, externalId: res.id };
        } catch (err) {
          throw mapBsre(err);
        }
      },
    };
  }
}

function mapBsre(err: unknown): Error {
  if (err instanceof BsreError) {
    if (err.kind === "passphrase") return new PassphraseError(err.message);
    if (err.kind === "user") return new SignerUnavailable("bsre-user-inactive", err.message);
    return new SignerUnavailable("signer-unavailable", err.message);
  }
  return err as Error;
}
