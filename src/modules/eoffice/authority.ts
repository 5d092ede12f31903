/** Who acts as the unit's head: a holder of a head role there, or their Plt./Plh. deputy (documents' delegations). */
import type { Queryable } from "../../platform/db.ts";
import { type Actor, can } from "../../platform/auth/roles.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { activeDelegations } from "../documents/index.ts";
import { HEAD_ROLES, today } from "./common.ts";

export interface HeadRight {
  /** Set when the actor acts as Plt./Plh. for the head. */
  delegation: { kind: "plt" | "plh"; principalId: string; principalName: string; role: string } | null;
}

/**
 * The actor's right to act as head of the unit (dispose, sign): their own head role, else a delegation valid today.
 * `principalId`, when given, is the head the delegation must come from (the letter's named signer).
 */
export async function headRight(
  q: Queryable,
  tenant: Tenant,
  actor: Actor,
  unitId: string,
  permission: "eoffice.dispose" | "eoffice.sign",
  principalId?: string | null,
): Promise<HeadRight | null> {
  if ((!principalId || principalId === actor.userId) && can(actor, permission, [unitId]) && actor.grants.some((g) => g.unitId === unitId))
    return { delegation: null };
  const ds = await activeDelegations(q, tenant.id, actor.userId, unitId, HEAD_ROLES, today(tenant));
  const d = ds.find((x) => !principalId || x.principalId === principalId);
  return d ? { delegation: { kind: d.kind, principalId: d.principalId, principalName: d.principalName, role: d.role } } : null;
}
