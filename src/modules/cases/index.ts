/**
 * The case engine's public face: the only file other modules import from `cases` (docs/architecture.md). Filing
 * (one path for applications, reports and incidents), acting and moving, history, reading a case and its spec,
 * form validation, transition hooks, holidays (owned by `calendar`), and the types that go with them.
 */

// Filing and moving, in the caller's transaction.
export { type EventActor, fileCase, type NewFiledCase } from "./filing.ts";
export { appendCaseEvent, type CaseEventInput, type MoveInput, moveCase, setCasePlace } from "./move.ts";
export { applicantContactOf, type MessageCtx, notifyApplicant } from "./applicant-message.ts";

// Use cases (own transaction), as the HTTP routes call them.
export { type ActInput, act, addComment } from "./act.ts";
export { saveAnswers, startApplication, uploadCaseFile } from "./drafts.ts";
export { submit } from "./submit.ts";
export { nationalRefView, nationalSystemOf, recordNationalRef, recordNationalRefFromSystem, SP4N_LAPOR } from "./national-ref.ts";
export { viewCase } from "./view.ts";

// Access and reading.
export { allowedActions, type CasesCtx, rolesOnCase } from "./access.ts";
export { holidaysOf, specOf } from "./lookups.ts";
export { type InboxQuery, staffInbox } from "./inbox.ts";
export {
  attachFiles as attachCaseFiles,
  type CaseRow,
  caseNumbers,
  type EventRow,
  type FileRow,
  getCase,
  getCaseByNumber,
  getFile as getCaseFile,
  insertFile as insertCaseFile,
  listEvents as caseEvents,
} from "./store.ts";

// Forms.
export { allKecamatanCodes, type FormContext, validateForm } from "./form.ts";

// Hooks and jobs.
export { onReadyOutputs, onTransition, type ReadyOutput, type ReadyOutputLookup, type TransitionEvent, type TransitionHook } from "./hooks.ts";
export { escalateOverdueCases, startEscalationJob } from "./escalation.ts";
// Demo seeds: a case filed just now moved back into a realistic history (demo data only).
export { backdateCase, retimeTransitions, spreadCaseHistory } from "./store-demo.ts";
// SPBE/Pemdi pre-fill and dashboards (issue 17)
export { serviceLevelStats } from "./store-stats.ts";
