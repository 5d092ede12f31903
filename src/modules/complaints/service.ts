/**
 * e-Lapor: citizen complaints and aspirations as cases of kind `complaint` (docs/complaints.md). Reports are filed
 * straight into the `lapor` workflow's start state through the case engine's one filing path, routed by the category's
 * rules, then handled through the engine's workflow actions. The use cases, one concern per file, are gathered here for
 * the HTTP routes; other modules use ./index.ts.
 */
export {
  categoryView,
  type Category,
  canRead,
  type LaporCtx,
  listCategories,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PHOTO_TYPES,
  REPORTS_PER_ACCOUNT_HOUR,
  requireUser,
  staffRoles,
} from "./common.ts";
export { autoCloseAnswered, startAutoCloseJob } from "./auto-close.ts";
export { createReport, type NewReport, nearby } from "./file-report.ts";
export { readPhoto, readPublicPhoto, uploadPhoto } from "./photos.ts";
export { getPublicReport, listPublicReports, type PublicQuery, publicStats } from "./public.ts";
export { myReports, viewReport } from "./read.ts";
export { flag, rate, reopen, reply, support } from "./reporter.ts";
export { heatmap, merge, moderate, moderationQueue, postUpdate } from "./staff.ts";
