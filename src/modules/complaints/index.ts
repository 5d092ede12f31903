/**
 * e-Lapor's public face: what other modules (Open311), the composition roots and the benchmark may use
 * (docs/architecture.md, docs/complaints.md). Everything else in `complaints` is internal.
 */
export { autoCloseAnswered, startAutoCloseJob } from "./auto-close.ts";
export { type Category, categoryView, type LaporCtx, listCategories, REPORTS_PER_ACCOUNT_HOUR } from "./common.ts";
export { seedDemoReports } from "./demo.ts";
export { createReport, type NewReport, nearby } from "./file-report.ts";
export { getPublicReport, listPublicReports, type PublicQuery } from "./public.ts";
export { uploadPhoto } from "./photos.ts";
