/** Staff and applicants act on a case: workflow actions, comments, staff documents. */
import type { Actor } from "../../platform/auth/roles.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { checkUpload } from "../../platform/files.ts";
import { addWorkingDays } from "../../platform/workdays.ts";
import { type CasesCtx, editableByApplicant, loadVisible, rolesOnCase, stateLabel } from "./access.ts";
import { notifyApplicant } from "./applicant-message.ts";
import { keepCaseFile } from "./case-files.ts";
import { validateForm } from "./form.ts";
import { runTransitionHooks } from "./hooks.ts";
import { formContext, holidaysOf, specOf } from "./lookups.ts";
import * as store from "./store.ts";

export interface ActInput {
  version: number;
  comment?: string;
  forwardTo?: string;
  fileIds?: string[];
}

/** One workflow action, guarded by role and state; concurrent attempts on the same version: exactly one wins. */
export async function act(ctx: CasesCtx, id: string, actionKey: string, input: ActInput) {
  if (!ctx.actor || ctx.actor.mfaPending) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  return ctx.db.tx(async (q) => {
    const c = await loadVisible(q, ctx, id);
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    const wf = spec.workflow;
    const roles = rolesOnCase(actor, c);
    if (c.kind === "complaint" && roles.includes("citizen")) throw forbidden("complaint-use-lapor");
    // Dispatch records and response times are kept by the 112 screens; the generic actions would skip them.
    if (spec.channel === "command") throw forbidden("incident-use-command");
    const action = wf.actions.find((a) => a.key === actionKey);
    if (!action) throw notFound("action-not-found");
    if (!action.roles.some((r) => roles.includes(r))) throw forbidden("action-not-allowed");
    if (c.version !== input.version) throw conflict("stale-version");
    if (!c.is_open || !action.from.includes(c.state))
      throw conflict("action-not-allowed-in-state", { detail: `${actionKey} is not possible in state ${c.state}` });
    const comment = input.comment?.trim() || null;
    if (action.requireComment && !comment) throw badRequest("validation-failed", { fields: [{ field: "comment", code: "required" }] });
    const files = await store.listFiles(q, ctx.tenant.id, id);
    const attached = (input.fileIds ?? []).filter((f) => files.some((x) => x.id === f));
    if ((input.fileIds ?? []).length !== attached.length) throw badRequest("validation-failed", { fields: [{ field: "fileIds", code: "file-missing" }] });
    if (action.requireDocument && attached.length === 0) throw badRequest("validation-failed", { fields: [{ field: "fileIds", code: "required" }] });
    if (roles.includes("citizen") && editableByApplicant(spec, c)) {
      // Resubmission after a correction: the answers must now be complete.
      const errors = validateForm(spec.form.fields, c.data, await formContext(q, ctx.tenant.id, id), true);
      if (errors.length) throw badRequest("validation-failed", { fields: errors });
    }
    let assignee = c.assignee_unit_id;
    if (action.forward) {
      if (!input.forwardTo) throw badRequest("validation-failed", { fields: [{ field: "forwardTo", code: "required" }] });
      const unit = await store.unitByCodeOrId(q, ctx.tenant.id, input.forwardTo);
      if (!unit) throw badRequest("validation-failed", { fields: [{ field: "forwardTo", code: "unit-not-found" }] });
      if (unit.id === c.assignee_unit_id) throw badRequest("validation-failed", { fields: [{ field: "forwardTo", code: "same-unit" }] });
      assignee = unit.id;
    }
    const target = wf.states.find((s) => s.key === action.to)!;
    const now = new Date();
    const holidays = await holidaysOf(q, ctx.tenant.id);
    // Back from a correction, the service clock restarts: the wait was on the citizen.
    const restart = roles.includes("citizen") && editableByApplicant(spec, c);
    const updated = await store.updateCase(q, ctx.tenant.id, id, input.version, {
      state: target.key,
      assignee_unit_id: assignee,
      is_open: !target.terminal,
      outcome: target.terminal ? (target.outcome ?? target.key) : null,
      closed_at: target.terminal ? now : null,
      state_due_at: target.slaDays !== undefined && !target.terminal ? addWorkingDays(now, target.slaDays, ctx.tenant.timezone, holidays) : null,
      escalated_at: null,
      ...(restart ? { sla_due_at: addWorkingDays(now, spec.slaDays, ctx.tenant.timezone, holidays) } : {}),
    });
    if (!updated) throw conflict("stale-version");
    await runTransitionHooks(q, { tenantId: ctx.tenant.id, actor, case: updated, spec, action, from: c.state, to: target.key });
    const role = action.roles.find((r) => roles.includes(r)) ?? null;
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: role,
      kind: "transition",
      action: action.key,
      fromState: c.state,
      toState: target.key,
      comment,
      data: { ...(action.forward ? { forwardedTo: assignee } : {}), ...(attached.length ? { files: attached } : {}) },
    });
    await emit(q, ctx.tenant.id, "case.transitioned", {
      caseId: id,
      number: c.number,
      action: action.key,
      from: c.state,
      to: target.key,
      toLabel: target.label,
      unitId: assignee,
      kind: c.kind,
    });
    const label = stateLabel(wf, target.key);
    await notifyApplicant(
      q,
      ctx,
      updated,
      spec,
      {
        id: `${label.id}${comment && role !== "citizen" ? ` — ${comment}` : ""}`,
        en: `${label.en}${comment && role !== "citizen" ? ` — ${comment}` : ""}`,
      },
      actor,
    );
    // Last: appending to the audit chain locks the head of one of its lanes until commit.
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: `case.${action.key}`,
      subjectType: "case",
      subjectId: id,
      data: { from: c.state, to: target.key, number: c.number, role },
    });
    return { id, state: target.key, version: updated.version };
  });
}

export async function addComment(ctx: CasesCtx, id: string, comment: string) {
  if (!ctx.actor) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  return ctx.db.tx(async (q) => {
    const c = await loadVisible(q, ctx, id);
    const roles = rolesOnCase(actor, c);
    if (!roles.length) throw forbidden();
    // A reporter answers through e-Lapor, which keeps an anonymous reporter's name out of the history and audit.
    if (c.kind === "complaint" && roles.includes("citizen")) throw forbidden("complaint-use-lapor");
    await store.insertEvent(q, { ...eventBy(ctx, id, actor, roles[0]), kind: "comment", comment: comment.trim() });
    await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "case.commented", subjectType: "case", subjectId: id });
    if (!roles.includes("citizen") && c.number) {
      const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
      await notifyApplicant(
        q,
        ctx,
        c,
        spec,
        { id: `pesan baru dari petugas: ${comment.trim()}`, en: `new message from the officer: ${comment.trim()}` },
        actor,
      );
    }
  });
}

/** Who writes a case event: the tenant, the case and the acting user in their role on it. */
const eventBy = (ctx: CasesCtx, caseId: string, actor: Actor, role: string) => ({
  tenantId: ctx.tenant.id,
  caseId,
  actorId: actor.userId,
  actorName: actor.name,
  actorRole: role,
});

/** Staff attach a document (e.g. the issued letter) to a case they handle. */
export async function uploadStaffFile(ctx: CasesCtx, id: string, filename: string, bytes: Buffer) {
  if (!ctx.actor) throw new AppError("unauthenticated", 401);
  const actor = ctx.actor;
  const c = await loadVisible(ctx.db, ctx, id);
  const roles = rolesOnCase(actor, c).filter((r) => r !== "citizen");
  if (!roles.length || !c.is_open) throw forbidden();
  const checked = await checkUpload(bytes, filename, ["application/pdf", "image/jpeg", "image/png"], 10 * 1024 * 1024);
  return keepCaseFile(ctx, { ownerId: actor.userId, caseId: id, field: "__staff", checked }, async (q, row) => {
    await store.insertEvent(q, { ...eventBy(ctx, id, actor, roles[0]), kind: "attachment", data: { file: row.id, filename: row.filename } });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.document-attached",
      subjectType: "case",
      subjectId: id,
      data: { file: row.id, sha256: checked.sha256 },
    });
  });
}
