/**
 * Official documents: queued when a case reaches its signing step, previewed and signed (one or many) by
 * the signer or their Plt./Plh. deputy, downloaded by the citizen, verified by anyone. See docs/documents.md.
 * One use case per file; this file re-exports them for the routes and older importers (the module's public
 * face is index.ts).
 */
export * from "./authority.ts";
export * from "./case-hook.ts";
export * from "./certificates.ts";
export * from "./citizen-copy.ts";
export { type DocsCtx, LOCK_MINUTES, MAX_PASSPHRASE_ATTEMPTS, MAX_VERIFY_BYTES, resetSignersForTests, signerFor, verifyUrl } from "./context.ts";
export * from "./delegations.ts";
export { formatNumber, roleTitle, type SignerIdentity } from "./letter.ts";
export * from "./sign.ts";
export * from "./verification.ts";
