/**
 * What e-Office needs from other modules' tables, through their index.ts: staff and units from `admin` (which owns
 * role_grants and the org-unit tree and reads the staff's names), demo users from `accounts`.
 */
import type { Queryable } from "../../platform/db.ts";
import { findUserByIdentifier } from "../accounts/index.ts";
import { unitsByCode } from "../admin/index.ts";

export {
  /** An active staff member holding any role in the unit (a disposition's recipient). */
  staffMemberIn as staffInUnit,
  /** A unit by id with its parent's name (the letterhead). */
  unitWithParent as unit,
  /** The units a letter may be sent to inside Balai (OPDs, kecamatan, kelurahan, …). */
  unitDirectory as units,
  /** The unit's staff with their roles there (the picker of a disposition or a verifier). */
  unitStaff,
} from "../admin/index.ts";

/** Demo lookups by e-mail and unit code. */
export const userByEmail = (q: Queryable, tenantId: string, email: string) => findUserByIdentifier(q, tenantId, { kind: "email", value: email.toLowerCase() });
export const unitByCode = async (q: Queryable, tenantId: string, code: string) => (await unitsByCode(q, tenantId, [code]))[0];
