/** The budget module's use cases, for the routes (one file each behind this list). */
export { importLines, importRealisation } from "./import.ts";
export { approveYear, savePriceStandard, setDrafting, setPriceStandardsLocked, setSubActivityLock } from "./locks.ts";
export { compareVersions, createRevision, type RevisionInput } from "./revisions.ts";
export { absorption, fiscalDataPackage, lineList, openDataCsv, overview, publicRoots, years } from "./read.ts";
export { verifyBudget } from "./verify.ts";
export { priceStandards } from "./store.ts";
