/**
 * The budget module's public face: verification for the command line (`balai budget verify`) and the demo seed.
 * Everything else is reached over HTTP (routes.ts).
 */
export { type BudgetVerifyReport, verifyBudget } from "./verify.ts";
export { seedDemoBudget } from "./demo.ts";
