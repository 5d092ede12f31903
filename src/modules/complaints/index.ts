/**
 * e-Lapor: citizen complaints and aspirations as cases of kind `complaint` (docs/complaints.md). Reports are filed
 * straight into the `lapor` workflow's start state through the case engine's one filing path, routed by the
 * category's rules, then handled through the engine's workflow actions. One concern per file.
 *
 * e-Lapor's public face: what other modules (Open311), the composition roots and the benchmark may use
 * (docs/architecture.md, docs/complaints.md). Everything else in `complaints` is internal.
 */
export { autoCloseAnswered, startAutoCloseJob } from "./auto-close.ts";
export { type Category, categoryView, type LaporCtx, listCategories, REPORTS_PER_ACCOUNT_HOUR } from "./common.ts";
export { seedDemoReports } from "./demo.ts";
export { createReport, type NewReport, nearby } from "./file-report.ts";
export { getPublicReport, listPublicReports, type PublicQuery } from "./public.ts";
// SPBE/Pemdi pre-fill (issue 17)
export { ratingStats } from "./store-stats.ts";
export { uploadPhoto } from "./photos.ts";
// Closing the loop (issue 14 item 8): the `resolve` hook, the unconfirmed-fix job
export { closeUnconfirmed, initFixLoop } from "./fix-loop.ts";
// SP4N-LAPOR! forwarding (docs/complaints.md): the adapter, its configuration and the outbox job
export { drainLaporOutbox, startLaporForwardJob } from "./lapor-forward.ts";
export { LaporClient, laporConfig } from "./lapor-client.ts";
