/**
 * e-Lapor's public face: what other modules (Open311), the composition roots and the benchmark may use
 * (docs/architecture.md). Everything else in `complaints` is internal.
 */
export { type LaporCtx, listCategories, REPORTS_PER_ACCOUNT_HOUR } from "./common.ts";
export { autoCloseAnswered, startAutoCloseJob } from "./auto-close.ts";
export { seedDemoReports } from "./demo.ts";
export { createReport, type NewReport, nearby } from "./file-report.ts";
