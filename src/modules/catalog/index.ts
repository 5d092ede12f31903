/**
 * The catalog module's public face: the service spec types, loading and importing a catalog directory, and the
 * reads other modules need (a service row and a published version).
 */
export { DEFAULT_CATALOG_DIR, getPublishedService, importCatalog, importCatalogInto, type ServiceDetail } from "./service.ts";
export * from "./spec-constants.ts";
export { buildCatalog, formatCatalogErrors, loadCatalogDir } from "./spec-load.ts";
export type * from "./spec-types.ts";
export { type ComplaintCategoryRow, complaintCategories, getServiceRow, getVersion, type ServiceRow } from "./store.ts";
/** A unit's published services (the registry's OPD page). */
export { servicesOfUnit } from "./store.ts";
/** TypeBox schemas others build on (the case engine's responses embed a service's form). */
export { Form as FormSchema, L as LocalizedSchema } from "./schemas.ts";
// SPBE/Pemdi pre-fill and dashboards (issue 17)
export { serviceCounts } from "./store-stats.ts";
