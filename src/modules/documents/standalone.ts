/**
 * Signing a letter that is not a case's output document (e.g. an e-Office outgoing letter): the caller composes the
 * letter, this renders it with the platform's layout and signs it with the official's key (local CA or BSrE) after
 * the same passphrase checks and lock-out as the signing queue. Delegations (Plt./Plh.) are looked up here too.
 */
import type { Queryable } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import { type DocsCtx, requireStaff, sha256 } from "./context.ts";
import { type Letter, renderLetter, type SignatureMeta } from "./pdf.ts";
import { openSigningSession } from "./sign.ts";
import { PassphraseError, SignerUnavailable } from "./signer.ts";
import * as store from "./store.ts";
import * as refs from "./store-refs.ts";

export interface SignedLetter {
  pdf: Buffer;
  sha256: string;
  signerKind: "local" | "bsre";
  certificateId: string | null;
}

export interface LetterSigningSession {
  /** Renders and signs one letter; a BSrE refusal at this point becomes the same problem as in the signing queue. */
  sign(letter: Letter, meta: Omit<SignatureMeta, "name" | "contactInfo">): Promise<SignedLetter>;
}

/**
 * Unlocks the signed-in official's key with the passphrase (wrong ones counted and locked out as in the signing
 * queue). Call it before the caller's own transaction; sign inside it.
 */
export async function unlockSigner(ctx: DocsCtx, passphrase: string): Promise<LetterSigningSession> {
  const actor = requireStaff(ctx);
  const { session } = await openSigningSession(ctx, actor, passphrase);
  return {
    async sign(letter, meta) {
      try {
        const rendered = await renderLetter(letter);
        const signed = await session.sign(rendered, { ...meta, name: actor.name, contactInfo: letter.verifyUrl });
        return { pdf: signed.pdf, sha256: sha256(signed.pdf), signerKind: session.kind, certificateId: session.certificateId };
      } catch (err) {
        if (err instanceof PassphraseError) throw new AppError("passphrase-invalid", 400, { fields: [{ field: "passphrase", code: "passphrase-invalid" }] });
        if (err instanceof SignerUnavailable) throw new AppError(err.code, err.code === "signer-unavailable" ? 502 : 409, { detail: err.message });
        throw err;
      }
    },
  };
}

/** The preview of a letter (watermark, no signature). */
export async function previewLetter(letter: Letter): Promise<Buffer> {
  const r = await renderLetter({ ...letter, preview: true });
  return Buffer.from(await r.doc.save());
}

export interface ActiveDelegation {
  id: string;
  kind: "plt" | "plh";
  role: string;
  principalId: string;
  principalName: string;
}

/** Delegations (Plt./Plh.) to the deputy valid on the day, in the unit and one of the roles. */
export async function activeDelegations(q: Queryable, tenantId: string, deputyId: string, unitId: string, roles: readonly string[], day: string) {
  const rows = await store.activeDelegations(q, tenantId, deputyId, unitId, roles, day);
  return rows.map((r): ActiveDelegation => ({ id: r.id, kind: r.kind, role: r.role, principalId: r.principal_id, principalName: r.principal_name }));
}

/** The NIP printed under an official's signature. */
export async function officialNip(q: Queryable, tenantId: string, userId: string): Promise<string | null> {
  return (await refs.userNip(q, tenantId, userId))?.nip ?? null;
}
