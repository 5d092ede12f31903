/** Delegations (Plt./Plh.): a deputy signs in the principal's role for a period. */
import { audit } from "../../platform/audit.ts";
import { can } from "../../platform/auth/roles.ts";
import { badRequest, forbidden, notFound } from "../../platform/errors.ts";
import { type DocsCtx, requireStaff } from "./context.ts";
import * as store from "./store.ts";
import * as refs from "./store-refs.ts";

const SIGNING_ROLES = ["lurah", "camat", "opd_admin", "kominfo_admin", "kepala"] as const;

export interface DelegationInput {
  deputy: string;
  from: string;
  to: string;
  kind: "plt" | "plh";
  unitId?: string;
  principalId?: string;
}

export async function createDelegation(ctx: Omit<DocsCtx, "signer">, input: DelegationInput) {
  const actor = requireStaff(ctx);
  if (!can(actor, "documents.delegate")) throw forbidden();
  const principalId = input.principalId ?? actor.userId;
  if (principalId !== actor.userId && !can(actor, "documents.certificates.manage")) throw forbidden();
  if (input.from > input.to) throw badRequest("validation-failed", { fields: [{ field: "to", code: "before-from" }] });
  return ctx.db.tx(async (q) => {
    const grants = await refs.signingGrants(q, ctx.tenant.id, principalId, SIGNING_ROLES, input.unitId ?? null);
    if (grants.length === 0) throw badRequest("validation-failed", { fields: [{ field: "unitId", code: "no-signing-role" }] });
    if (grants.length > 1) throw badRequest("validation-failed", { fields: [{ field: "unitId", code: "required" }] });
    const deputy = await refs.staffByEmailOrId(q, ctx.tenant.id, input.deputy);
    if (!deputy) throw badRequest("validation-failed", { fields: [{ field: "deputy", code: "user-not-found" }] });
    if (deputy.id === principalId) throw badRequest("validation-failed", { fields: [{ field: "deputy", code: "same-user" }] });
    const row = await store.insertDelegation(q, {
      tenantId: ctx.tenant.id,
      unitId: grants[0].unit_id,
      role: grants[0].role,
      principalId,
      deputyId: deputy.id,
      kind: input.kind,
      from: input.from,
      to: input.to,
      createdBy: actor.userId,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "document.delegation-created",
      subjectType: "document_delegation",
      subjectId: row.id,
      data: { principal: principalId, deputy: deputy.id, kind: input.kind, from: input.from, to: input.to, role: row.role, unit: row.unit_id },
    });
    return {
      id: row.id,
      unitId: row.unit_id,
      role: row.role,
      principalId,
      deputyId: deputy.id,
      deputyName: deputy.name,
      kind: row.kind,
      from: row.valid_from,
      to: row.valid_to,
    };
  });
}

export async function listDelegations(ctx: Omit<DocsCtx, "signer">) {
  const actor = requireStaff(ctx);
  const all = can(actor, "documents.certificates.manage");
  return (await store.listDelegations(ctx.db, ctx.tenant.id, all ? null : actor.userId)).map((d) => ({
    id: d.id,
    unit: { id: d.unit_id, name: d.unit_name },
    role: d.role,
    principal: { id: d.principal_id, name: d.principal_name },
    deputy: { id: d.deputy_id, name: d.deputy_name },
    kind: d.kind,
    from: d.valid_from,
    to: d.valid_to,
    revokedAt: d.revoked_at,
  }));
}

export async function revokeDelegation(ctx: Omit<DocsCtx, "signer">, id: string) {
  const actor = requireStaff(ctx);
  await ctx.db.tx(async (q) => {
    const d = await store.getDelegation(q, ctx.tenant.id, id);
    if (!d || (d.principal_id !== actor.userId && !can(actor, "documents.certificates.manage"))) throw notFound("delegation-not-found");
    await store.revokeDelegation(q, ctx.tenant.id, id);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "document.delegation-revoked",
      subjectType: "document_delegation",
      subjectId: id,
    });
  });
}
