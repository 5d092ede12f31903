/**
 * Official documents: queued when a case reaches its signing step, previewed and signed (one or many) by the signer
 * or their Plt./Plh. deputy, downloaded by the citizen, verified by anyone. See docs/documents.md. One use case per
 * file (sign.ts, verification.ts, delegations.ts, certificates.ts, citizen-copy.ts, case-hook.ts …).
 *
 * The documents module's public face: what other modules and the composition roots may use. `init()` wires the
 * module into the case engine; call it wherever cases can move (the HTTP server, the CLI, workers), not only
 * where the HTTP routes are built.
 */
import { onReadyOutputs, onTransition } from "../cases/index.ts";
import { onCaseTransition } from "./case-hook.ts";
import { signedLetters } from "./citizen-copy.ts";

export { currentCrl, ensureCa, rootPem } from "./authority.ts";
export { type DocsCtx, signerFor, verifyUrl } from "./context.ts";
export { verifyBytes, type Verification, type VerifyReason } from "./verification.ts";
// For modules that sign their own letters (e-Office): compose a Letter, sign it, look up Plt./Plh. delegations.
export { type Letter, tanggalIndonesia } from "./pdf.ts";
export { roleTitle } from "./letter.ts";
export {
  type ActiveDelegation,
  activeDelegations,
  officialNip,
  type LetterSigningSession,
  previewLetter,
  type SignedLetter,
  unlockSigner,
} from "./standalone.ts";

export { DEMO_SIGNING_PASSPHRASE, DEMO_SIGNERS, seedDemoSigners } from "./demo.ts";

/**
 * Registers the case→document hook: a case entering its signing step gets its output document queued, leaving it
 * otherwise cancels it; and tells the case pages when the signed letter is ready. Idempotent (the case engine ignores a hook registered twice).
 */
export function init(): void {
  onTransition(onCaseTransition);
  onReadyOutputs(signedLetters);
}
