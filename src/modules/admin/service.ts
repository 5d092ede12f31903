import type { Db, Queryable } from "../../platform/db.ts";
import { type AuditEntry, audit } from "../../platform/audit.ts";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { hashPassword, passwordProblems } from "../../platform/auth/passwords.ts";
import { type Actor, hasRole, type StaffRole } from "../../platform/auth/roles.ts";
import { destroyUserSessions } from "../../platform/auth/sessions.ts";
import { newestMessages } from "../../platform/notify/read.ts";
import * as accounts from "../accounts/index.ts";

import * as store from "./store.ts";

export interface AdminCtx {
  db: Db;
  tenantId: string;
  actor: Actor;
}

/** Units an actor may administer staff in: everything for Kominfo, the own subtree for an OPD admin. */
export async function staffScope(ctx: AdminCtx): Promise<string[] | undefined> {
  if (hasRole(ctx.actor, "kominfo_admin")) return undefined;
  const roots = ctx.actor.grants.filter((g) => g.role === "opd_admin").map((g) => g.unitId);
  return store.subtreeIds(ctx.db, ctx.tenantId, roots);
}

/** The audit entry of a change this admin makes, in the change's transaction. */
const auditChange = (q: Queryable, ctx: AdminCtx, entry: Omit<AuditEntry, "tenantId" | "actorId">) =>
  audit(q, { tenantId: ctx.tenantId, actorId: ctx.actor.userId, ...entry });

const OPD_ADMIN_GRANTABLE: StaffRole[] = ["opd_admin", "opd_operator"];

const CHILD_KINDS: Record<string, string[]> = {
  pemda: ["opd", "kecamatan", "uptd"],
  opd: ["bidang", "uptd", "puskesmas"],
  bidang: ["bidang"],
  uptd: ["bidang"],
  kecamatan: ["kelurahan"],
  kelurahan: [],
  puskesmas: [],
};

/**
 * Why a unit code does not fit its level, or undefined. Region units carry their Kemendagri code under the parent's:
 * kecamatan `16.71.01` under the tenant's kab/kota `16.71`, kelurahan/desa `16.71.01.1001` (1xxx kelurahan,
 * 2xxx desa) under its kecamatan. e-Lapor routes by these codes. Other units (OPD, bidang, UPTD, puskesmas,
 * the pemda root) have a slug: letters and digits in dash-separated parts (`DISHUB-PARKIR`), never a region code.
 */
export function unitCodeProblem(kind: string, code: string, parentCode: string | undefined, tenantId: string): string | undefined {
  if (kind === "kecamatan") return new RegExp(`^${tenantId.replace(/\./g, "\\.")}\\.\\d{2}$`).test(code) ? undefined : "unit-code-kecamatan";
  if (kind === "kelurahan") {
    const under = parentCode && /^\d{2}\.\d{2}\.\d{2}$/.test(parentCode) ? parentCode : undefined;
    return under && code.startsWith(`${under}.`) && /^[12]\d{3}$/.test(code.slice(under.length + 1)) ? undefined : "unit-code-kelurahan";
  }
  return /^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(code) ? undefined : "unit-code-slug";
}

function checkUnitCode(kind: string, code: string, parentCode: string | undefined, tenantId: string) {
  const problem = unitCodeProblem(kind, code, parentCode, tenantId);
  if (problem) throw badRequest("validation-failed", { fields: [{ field: "code", code: problem }] });
}

export async function createUnit(ctx: AdminCtx, input: { parentId: string; kind: string; code: string; name: string }) {
  return ctx.db.tx(async (q) => {
    const parent = await store.getUnit(q, ctx.tenantId, input.parentId);
    if (!parent) throw badRequest("invalid-parent", { fields: [{ field: "parentId", code: "invalid-parent" }] });
    if (!CHILD_KINDS[parent.kind]?.includes(input.kind)) {
      throw badRequest("invalid-parent", { fields: [{ field: "kind", code: "invalid-parent", message: `${input.kind} ⊄ ${parent.kind}` }] });
    }
    const code = input.code.trim().toUpperCase();
    checkUnitCode(input.kind, code, parent.code, ctx.tenantId);
    if (await store.codeExists(q, ctx.tenantId, code)) throw conflict("code-taken", { fields: [{ field: "code", code: "code-taken" }] });
    const { id } = await store.insertUnit(q, ctx.tenantId, { ...input, code, name: input.name.trim() });
    await auditChange(q, ctx, {
      action: "unit.created",
      subjectType: "org_unit",
      subjectId: id,
      data: { code, name: input.name, kind: input.kind, parentId: input.parentId },
    });
    return { id };
  });
}

export async function updateUnit(ctx: AdminCtx, id: string, input: { code?: string; name?: string }) {
  await ctx.db.tx(async (q) => {
    const unit = await store.getUnit(q, ctx.tenantId, id);
    if (!unit) throw notFound("unit-not-found");
    const code = input.code?.trim().toUpperCase();
    if (code && code !== unit.code) {
      const parent = unit.parent_id ? await store.getUnit(q, ctx.tenantId, unit.parent_id) : undefined;
      checkUnitCode(unit.kind, code, parent?.code, ctx.tenantId);
    }
    if (code && (await store.codeExists(q, ctx.tenantId, code, id))) throw conflict("code-taken", { fields: [{ field: "code", code: "code-taken" }] });
    await store.updateUnit(q, ctx.tenantId, id, { code, name: input.name?.trim() });
    await auditChange(q, ctx, {
      action: "unit.updated",
      subjectType: "org_unit",
      subjectId: id,
      data: { before: { code: unit.code, name: unit.name }, after: input },
    });
  });
}

export async function deleteUnit(ctx: AdminCtx, id: string) {
  await ctx.db.tx(async (q) => {
    const unit = await store.getUnit(q, ctx.tenantId, id);
    if (!unit) throw notFound("unit-not-found");
    const use = await store.unitInUse(q, ctx.tenantId, id);
    if ((use && (use.children > 0 || use.grants > 0)) || unit.kind === "pemda") throw conflict("unit-has-children");
    await store.deleteUnit(q, ctx.tenantId, id);
    await auditChange(q, ctx, { action: "unit.deleted", subjectType: "org_unit", subjectId: id, data: { code: unit.code, name: unit.name } });
  });
}

export async function createStaff(
  ctx: AdminCtx,
  input: { name: string; email: string; phone?: string; nip?: string; password: string; unitId: string; role: StaffRole },
) {
  const email = accounts.normalizeEmail(input.email);
  const phone = input.phone ? (accounts.normalizePhone(input.phone) ?? null) : null;
  const fields = [];
  if (!email) fields.push({ field: "email", code: "invalid-email" });
  if (input.phone && !phone) fields.push({ field: "phone", code: "invalid-phone" });
  if (input.nip && !/^\d{18}$/.test(input.nip)) fields.push({ field: "nip", code: "nip-format" });
  for (const code of await passwordProblems(input.password, [input.name, input.email])) fields.push({ field: "password", code });
  if (fields.length) throw badRequest("validation-failed", { fields });
  const scope = await staffScope(ctx);
  assertGrantAllowed(scope, input.unitId, input.role);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.tx(async (q) => {
    if (!(await store.getUnit(q, ctx.tenantId, input.unitId))) throw badRequest("unit-not-found", { fields: [{ field: "unitId", code: "unit-not-found" }] });
    if (await accounts.findUserByIdentifier(q, ctx.tenantId, { kind: "email", value: email as string })) {
      throw conflict("identifier-taken", { fields: [{ field: "email", code: "identifier-taken" }] });
    }
    if (phone && (await accounts.findUserByIdentifier(q, ctx.tenantId, { kind: "phone", value: phone }))) {
      throw conflict("identifier-taken", { fields: [{ field: "phone", code: "identifier-taken" }] });
    }
    const user = await accounts.insertUser(q, {
      tenantId: ctx.tenantId,
      kind: "staff",
      name: input.name.trim(),
      email: email as string,
      phone,
      nip: input.nip ?? null,
      passwordHash,
      verified: true,
    });
    await store.insertGrant(q, { tenantId: ctx.tenantId, userId: user.id, unitId: input.unitId, role: input.role, grantedBy: ctx.actor.userId });
    await auditChange(q, ctx, { action: "staff.created", subjectType: "user", subjectId: user.id, data: { unitId: input.unitId, role: input.role } });
    return { id: user.id };
  });
}

function assertGrantAllowed(scope: string[] | undefined, unitId: string, role: StaffRole) {
  if (scope === undefined) return; // Kominfo super-admin
  if (!scope.includes(unitId) || !OPD_ADMIN_GRANTABLE.includes(role)) throw forbidden();
}

async function assertStaffInScope(ctx: AdminCtx, scope: string[] | undefined, userId: string) {
  const user = await accounts.findUserById(ctx.db, ctx.tenantId, userId);
  if (user?.kind !== "staff") throw notFound("user-not-found");
  if (scope !== undefined) {
    if (!(await store.hasGrantIn(ctx.db, ctx.tenantId, userId, scope))) throw forbidden();
  }
  return user;
}

export async function grantRole(ctx: AdminCtx, userId: string, unitId: string, role: StaffRole) {
  const scope = await staffScope(ctx);
  assertGrantAllowed(scope, unitId, role);
  await assertStaffInScope(ctx, scope, userId);
  return ctx.db.tx(async (q) => {
    if (!(await store.getUnit(q, ctx.tenantId, unitId))) throw badRequest("unit-not-found", { fields: [{ field: "unitId", code: "unit-not-found" }] });
    const row = await store.insertGrant(q, { tenantId: ctx.tenantId, userId, unitId, role, grantedBy: ctx.actor.userId });
    if (!row) throw conflict("grant-exists");
    await auditChange(q, ctx, { action: "grant.created", subjectType: "user", subjectId: userId, data: { unitId, role, grantId: row.id } });
    return { id: row.id };
  });
}

export async function revokeGrant(ctx: AdminCtx, grantId: string) {
  const scope = await staffScope(ctx);
  await ctx.db.tx(async (q) => {
    const grant = await store.getGrant(q, ctx.tenantId, grantId);
    if (!grant) throw notFound();
    assertGrantAllowed(scope, grant.unit_id, grant.role as StaffRole);
    if (grant.user_id === ctx.actor.userId && grant.role === "kominfo_admin")
      throw badRequest("bad-request", { detail: "You cannot revoke your own super-admin role" });
    await store.deleteGrant(q, ctx.tenantId, grantId);
    await auditChange(q, ctx, { action: "grant.revoked", subjectType: "user", subjectId: grant.user_id, data: { unitId: grant.unit_id, role: grant.role } });
  });
}

export async function setStaffDisabled(ctx: AdminCtx, userId: string, disabled: boolean) {
  const scope = await staffScope(ctx);
  await assertStaffInScope(ctx, scope, userId);
  if (userId === ctx.actor.userId) throw badRequest("bad-request", { detail: "You cannot disable your own account" });
  await ctx.db.tx(async (q) => {
    await accounts.updateUser(q, ctx.tenantId, userId, { disabled_at: disabled ? new Date() : null });
    if (disabled) await destroyUserSessions(q, ctx.tenantId, userId);
    await auditChange(q, ctx, { action: disabled ? "staff.disabled" : "staff.enabled", subjectType: "user", subjectId: userId });
  });
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The developer outbox: the tenant's 50 newest messages; a sealed one shows no recipient (docs/complaints.md). */
export async function devOutbox(ctx: AdminCtx) {
  const rows = await newestMessages(ctx.db, ctx.tenantId, 50);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    recipient: r.sealed ? null : r.recipient,
    sealed: r.sealed,
    template: r.template,
    subject: r.subject,
    body: r.body,
    status: r.status,
    createdAt: iso(r.created_at),
    sentAt: r.sent_at === null ? null : iso(r.sent_at),
  }));
}
