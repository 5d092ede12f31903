/**
 * The admin module's public face: reads of the org-unit tree that other modules need (a unit and the units below
 * it, units by code) and granting a role (seeds). The tree is edited only through this module's routes.
 */
export { allUnits, getUnit, holdersOfRole, insertGrant, subtreeIds, subtreeOfCode, unitsByCode, unitsById } from "./store.ts";
