/** The citizen's copy: the documents of a case they may see, and the signed file's download. */
import type { Queryable } from "../../platform/db.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { getCase, getCaseFile, rolesOnCase } from "../cases/index.ts";
import { type DocsCtx, verifyUrl } from "./context.ts";
import * as store from "./store.ts";

async function caseVisible(q: Queryable, ctx: { tenant: Tenant; actor: Actor | undefined }, caseId: string) {
  const c = await getCase(q, ctx.tenant.id, caseId);
  const a = ctx.actor;
  if (!c || !a || a.mfaPending) return undefined;
  const ok = rolesOnCase(a, c).length > 0 || a.grants.some((g) => g.role === "kominfo_admin" || g.role === "auditor");
  return ok ? c : undefined;
}

const docView = (d: store.DocumentRow, base: string | undefined) => ({
  id: d.id,
  title: d.title,
  status: d.status,
  number: d.number,
  signedAt: d.signed_at,
  signerName: d.signer_name,
  signerTitle: d.signer_title,
  code: d.status === "signed" ? d.code : undefined,
  verifyUrl: d.status === "signed" ? verifyUrl(base, d.code) : undefined,
  downloadUrl: d.status === "signed" ? `/api/documents/${d.id}/download` : undefined,
});

export async function documentsOfCase(ctx: Omit<DocsCtx, "signer">, caseId: string) {
  const c = await caseVisible(ctx.db, ctx, caseId);
  if (!c) throw notFound("case-not-found");
  return (await store.documentsOfCase(ctx.db, ctx.tenant.id, caseId)).map((d) => docView(d, ctx.baseUrl ?? ctx.config.publicUrl));
}

export async function downloadDocument(ctx: Omit<DocsCtx, "signer">, id: string) {
  if (!ctx.actor) throw new AppError("unauthenticated", 401);
  const d = await store.getDocument(ctx.db, ctx.tenant.id, id);
  if (d?.status !== "signed" || !d.file_id || !(await caseVisible(ctx.db, ctx, d.case_id))) throw notFound("document-not-found");
  const f = await getCaseFile(ctx.db, ctx.tenant.id, d.file_id);
  if (!f) throw notFound("document-not-found");
  return { filename: f.filename, bytes: await ctx.files.get(f.storage_key) };
}

/** For the case engine's views: the signed letter of each case, ready to download (cases `onReadyOutputs`). */
export async function signedLetters(q: Queryable, tenantId: string, caseIds: string[]) {
  const rows = await store.signedDocumentsOfCases(q, tenantId, caseIds);
  return new Map(rows.map((d) => [d.case_id, { title: d.title, number: d.number, downloadUrl: `/api/documents/${d.id}/download` }]));
}
