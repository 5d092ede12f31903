/** The citizen's draft: started, answered over several visits, files uploaded (submitting it: ./submit.ts). */
import { audit } from "../../platform/audit.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import { checkUpload } from "../../platform/files.ts";
import { getServiceRow } from "../catalog/index.ts";
import { type CasesCtx, editableByApplicant, newTrackingToken, requireCitizen } from "./access.ts";
import { keepCaseFile } from "./case-files.ts";
import { validateForm } from "./form.ts";
import { formContext, formContextEmpty, specOf } from "./lookups.ts";
import * as store from "./store.ts";

/**
 * Starts an application as a draft the citizen can fill in over several visits. With `resume` (the web app's "start"), a
 * citizen who already has a draft of the service (same version) gets it back (`resumed`) instead of another empty
 * one; without it (or with answers to prefill) a new draft starts, e.g. for two children's letters.
 */
export async function startApplication(ctx: CasesCtx, serviceKey: string, data: Record<string, unknown> = {}, opts: { resume?: boolean } = {}) {
  const actor = requireCitizen(ctx);
  return ctx.db.tx(async (q) => {
    const service = await getServiceRow(q, ctx.tenant.id, serviceKey);
    if (!service?.current_version || !service.active) throw notFound("service-not-found");
    const spec = await specOf(q, ctx.tenant.id, serviceKey, service.current_version);
    if (spec.channel === "offline") throw badRequest("service-offline", { detail: spec.counter?.id });
    // Complaints are filed through e-Lapor (location, photos, anonymity), never as a draft application.
    if (spec.kind === "complaint") throw badRequest("complaint-use-lapor");
    // Call Center 112 incidents are recorded by call takers or the Darurat button (emergency module).
    if (spec.channel === "command") throw badRequest("incident-use-112");
    // A service the national system holds and Balai only guides to has no form here.
    if (spec.nationalSystem?.role === "guide") throw badRequest("service-national-guide", { detail: spec.nationalSystem.url });
    if (opts.resume && Object.keys(data).length === 0) {
      const existing = await store.latestDraft(q, ctx.tenant.id, actor.userId, serviceKey, service.current_version);
      if (existing) return { id: existing.id, version: existing.version, resumed: true };
    }
    const errors = validateForm(spec.form.fields, data, await formContextEmpty(q, ctx.tenant.id), false);
    if (errors.length) throw badRequest("validation-failed", { fields: errors });
    const c = await store.insertDraft(q, {
      tenantId: ctx.tenant.id,
      token: newTrackingToken(),
      serviceKey,
      version: service.current_version,
      kind: spec.kind,
      applicantId: actor.userId,
      applicantName: actor.name,
      data,
    });
    await store.insertEvent(q, {
      tenantId: ctx.tenant.id,
      caseId: c.id,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: "citizen",
      kind: "created",
      toState: "draft",
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.draft-created",
      subjectType: "case",
      subjectId: c.id,
      data: { service: serviceKey, version: service.current_version },
    });
    return { id: c.id, version: c.version, resumed: false };
  });
}

/** Saves the citizen's answers (a draft, or a case sent back for correction). */
export async function saveAnswers(ctx: CasesCtx, id: string, version: number, data: Record<string, unknown>) {
  const actor = requireCitizen(ctx);
  return ctx.db.tx(async (q) => {
    const c = await store.getCase(q, ctx.tenant.id, id);
    if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    if (!editableByApplicant(spec, c)) throw conflict("case-not-editable");
    const errors = validateForm(spec.form.fields, data, await formContext(q, ctx.tenant.id, id), false);
    if (errors.length) throw badRequest("validation-failed", { fields: errors });
    const updated = await store.updateCase(q, ctx.tenant.id, id, version, { data });
    if (!updated) throw conflict("stale-version");
    if (c.state !== "draft") {
      await store.insertEvent(q, {
        tenantId: ctx.tenant.id,
        caseId: id,
        actorId: actor.userId,
        actorName: actor.name,
        actorRole: "citizen",
        kind: "updated",
        data: { fields: Object.keys(data) },
      });
      await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "case.answers-updated", subjectType: "case", subjectId: id });
    }
    return { id, version: updated.version };
  });
}

export async function uploadCaseFile(ctx: CasesCtx, id: string, field: string, filename: string, bytes: Buffer) {
  const actor = requireCitizen(ctx);
  const c = await store.getCase(ctx.db, ctx.tenant.id, id);
  if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
  const spec = await specOf(ctx.db, ctx.tenant.id, c.service_key, c.service_version);
  if (!editableByApplicant(spec, c)) throw conflict("case-not-editable");
  const f = spec.form.fields.find((x) => x.name === field && x.type === "file");
  if (!f) throw badRequest("validation-failed", { fields: [{ field: "field", code: "enum" }] });
  const checked = await checkUpload(
    bytes,
    filename,
    f.accept ?? ["application/pdf", "image/jpeg", "image/png"],
    (f.maxSizeMb ?? 5) * 1024 * 1024,
    `data.${field}`,
  );
  return keepCaseFile(ctx, { ownerId: actor.userId, caseId: id, field, checked }, async (q, row) => {
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.file-uploaded",
      subjectType: "case",
      subjectId: id,
      data: { file: row.id, field, sha256: checked.sha256 },
    });
  });
}
