/** The citizen's own drafts: listed on "Permohonan saya" and deleted there (one draft per service, see drafts.ts). */
import { audit } from "../../platform/audit.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import { type CasesCtx, requireCitizen } from "./access.ts";
import * as store from "./store.ts";

export async function myDrafts(ctx: CasesCtx) {
  const actor = requireCitizen(ctx);
  const rows = await store.listDrafts(ctx.db, ctx.tenant.id, actor.userId);
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    service: { key: r.service_key, name: { id: r.name_id, en: r.name_en } },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/**
 * Deletes one of the citizen's drafts, with its uploaded files: rows in the transaction, then the bytes in the file
 * store once it has committed. Someone else's case answers 404 (as if it did not exist); a case that has been
 * submitted answers 409 `case-not-draft`. Audited as `case.draft-deleted`, naming the files removed. Answers the
 * storage keys whose bytes the file store failed to delete (the caller logs them: bytes no row names any more).
 */
export async function deleteDraft(ctx: CasesCtx, id: string): Promise<{ bytesLeft: string[] }> {
  const actor = requireCitizen(ctx);
  const files = await ctx.db.tx(async (q) => {
    const c = await store.getCase(q, ctx.tenant.id, id, true);
    if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
    if (c.state !== "draft") throw conflict("case-not-draft");
    const deleted = await store.deleteDraft(q, ctx.tenant.id, id);
    if (!deleted) throw conflict("case-not-draft");
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "case.draft-deleted",
      subjectType: "case",
      subjectId: id,
      data: { service: c.service_key, version: c.service_version, ...(deleted.length ? { files: deleted.map((f) => f.id) } : {}) },
    });
    return deleted;
  });
  // After commit, so a rolled-back delete never loses bytes. A file store that fails here leaves bytes no row names
  // (the citizen's delete has happened; it is not undone for that): they are answered for the log.
  const settled = await Promise.allSettled(files.map((f) => ctx.files.delete(f.storage_key)));
  return { bytesLeft: files.filter((_, i) => settled[i]?.status === "rejected").map((f) => f.storage_key) };
}
