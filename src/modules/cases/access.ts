/** Who may do what on a case: the roles an actor holds on it, visibility, the workflow actions open to them. */
import { randomBytes } from "node:crypto";
import type { Actor } from "../../platform/auth/roles.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import type { FileStore } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import type { ResolvedService, Workflow, WorkflowAction } from "../catalog/index.ts";
import { specOf } from "./lookups.ts";
import * as store from "./store.ts";

export interface CasesCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  files: FileStore;
  publicUrl?: string;
}

export const newTrackingToken = () => randomBytes(18).toString("base64url");

/** The workflow roles the actor holds on this case: `citizen` for its applicant, staff roles in its unit. */
export function rolesOnCase(actor: Actor | undefined, c: store.CaseRow): string[] {
  if (!actor || actor.mfaPending) return [];
  const roles: string[] = [];
  if (c.applicant_id === actor.userId) roles.push("citizen");
  for (const g of actor.grants) if (g.unitId === c.assignee_unit_id) roles.push(g.role);
  // Kominfo verifies and steers every complaint of the city (SP4N-LAPOR!), also after forwarding it.
  if (c.kind === "complaint" && !roles.includes("kominfo_admin") && actor.grants.some((g) => g.role === "kominfo_admin")) roles.push("kominfo_admin");
  return roles;
}

function canRead(actor: Actor | undefined, c: store.CaseRow): boolean {
  if (!actor || actor.mfaPending) return false;
  return rolesOnCase(actor, c).length > 0 || actor.grants.some((g) => g.role === "kominfo_admin" || g.role === "auditor");
}

/**
 * A report under child protection (a complaint category with `protection: tppk`: bullying and violence at school)
 * is read only by its reporter and the anti-violence team (TPPK) of the unit handling it — not by Kominfo, the
 * auditor or the OPD, whatever their roles elsewhere.
 */
async function protectedFrom(q: Queryable, ctx: CasesCtx, c: store.CaseRow): Promise<boolean> {
  if (c.kind !== "complaint" || !ctx.actor || c.applicant_id === ctx.actor.userId) return false;
  const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
  if (spec.complaint?.protection !== "tppk") return false;
  return !ctx.actor.grants.some((g) => g.role === "tppk" && g.unitId === c.assignee_unit_id);
}

/** The case if the actor may read it, else 404 (no hint that it exists). */
export async function loadVisible(q: Queryable, ctx: CasesCtx, id: string, forUpdate = false) {
  const c = await store.getCase(q, ctx.tenant.id, id, forUpdate);
  if (!c || !canRead(ctx.actor, c) || (await protectedFrom(q, ctx, c))) throw notFound("case-not-found");
  return c;
}

export function allowedActions(wf: Workflow, c: store.CaseRow, roles: string[]): WorkflowAction[] {
  if (!c.is_open || c.state === "draft") return [];
  return wf.actions.filter((a) => a.from.includes(c.state) && a.roles.some((r) => roles.includes(r)));
}

export function editableByApplicant(spec: ResolvedService, c: store.CaseRow): boolean {
  return c.state === "draft" || !!spec.workflow.states.find((s) => s.key === c.state)?.citizenEditable;
}

export function requireCitizen(ctx: CasesCtx): Actor {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  return ctx.actor;
}

export const stateLabel = (wf: Workflow, key: string) => wf.states.find((s) => s.key === key)?.label ?? { id: key, en: key };
/** The workflow's label of an action; null for an action the workflow does not name (engine moves: merge, auto-close). */
export const actionLabel = (wf: Workflow, key: string | null) => (key ? (wf.actions.find((a) => a.key === key)?.label ?? null) : null);
