/** The tenants module's public face: creating a pemda, the demo city, and reads of its kecamatan. */
export { DEMO_PASSWORD, DEMO_TENANT, type DemoLogin, seedDemo } from "./demo.ts";
export { loadRegions, type RegionTree } from "./regions.ts";
export { type CreatedTenant, type CreateTenantInput, createTenant, slugFor } from "./service.ts";
export { listKecamatan, unitByCode, type UnitRow } from "./store.ts";
