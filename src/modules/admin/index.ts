/**
 * The admin module's public face: reads of the org-unit tree that other modules need (a unit and the units below
 * it, units by code), the units a module provisions for itself (schools, teams), who holds a role where, and granting
 * a role (seeds). The tree is edited only through this module's routes.
 */
export {
  allUnits,
  ensureUnit,
  ensureUnitUnder,
  getUnit,
  holdersOfRole,
  holdersOfRolesIn,
  insertGrant,
  staffMemberIn,
  subtreeIds,
  subtreeOfCode,
  unitDirectory,
  unitStaff,
  unitsByCode,
  unitsById,
  unitWithParent,
} from "./store.ts";
export { type UnitRef, withUnits } from "./with-units.ts";
