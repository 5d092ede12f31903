/**
 * The case engine's use cases, one per file (see ./index.ts for what other modules may use): drafts (./drafts.ts),
 * submission (./submit.ts, through the one filing path ./filing.ts), actions and comments (./act.ts), reading
 * (./view.ts). The HTTP routes take them from here.
 */
export { allowedActions, type CasesCtx, newTrackingToken, rolesOnCase } from "./access.ts";
export { type ActInput, act, addComment, uploadStaffFile } from "./act.ts";
export { saveAnswers, startApplication, uploadCaseFile } from "./drafts.ts";
export { holidaysOf, specOf } from "./lookups.ts";
export { submit } from "./submit.ts";
export { myCases, readFile, track, viewCase } from "./view.ts";
