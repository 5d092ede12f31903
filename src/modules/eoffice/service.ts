/** The e-Office use cases, for the routes (one file per use case; see docs/eoffice.md). */
export { classifications, letterDetail, letterFile, searchLetters, unitDirectory } from "./archive.ts";
export type { EoCtx } from "./common.ts";
export { cancel, dispose, finish, forward, markRead, myDispositions } from "./dispositions.ts";
export { exportLetter } from "./export.ts";
export { attachScan, MAX_SCAN_BYTES, registerIncoming } from "./incoming.ts";
export { createDraft, reviewDraft, submitDraft, TEMPLATES } from "./outgoing.ts";
export { previewOutgoing, sendOutgoing, signOutgoing, verifyCode } from "./signing.ts";
