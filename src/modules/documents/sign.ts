/** The signer's queue: preview, and signing one or many documents with one passphrase (the case moves on). */
import { X509Certificate } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Actor, Grant } from "../../platform/auth/roles.ts";
import { AppError, badRequest, conflict, locked, notFound } from "../../platform/errors.ts";
import { newStorageKey } from "../../platform/files.ts";
import type { Queryable } from "../../platform/db.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { localDate } from "../../platform/workdays.ts";
import { act, type CaseRow, getCase, insertCaseFile, specOf } from "../cases/index.ts";
import { ensureCa } from "./authority.ts";
import { type DocsCtx, LOCK_MINUTES, MAX_PASSPHRASE_ATTEMPTS, requireStaff, sha256, within } from "./context.ts";
import { composeLetter, formatNumber, type SignerIdentity } from "./letter.ts";
import { renderLetter } from "./pdf.ts";
import { type OfficialRef, PassphraseError, SignerUnavailable, type SigningSession } from "./signer.ts";
import * as store from "./store.ts";
import * as refs from "./store-refs.ts";

const today = (tenant: Tenant) => localDate(new Date(), tenant.timezone);

export async function signingQueue(ctx: DocsCtx) {
  const actor = requireStaff(ctx);
  const rows = await store.queue(ctx.db, ctx.tenant.id, actor.userId, today(ctx.tenant));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    caseId: r.case_id,
    caseNumber: r.case_number,
    applicantName: r.applicant_name,
    unit: { id: r.unit_id, name: r.unit_name },
    role: r.signer_role,
    delegation: r.delegation_id ? { id: r.delegation_id, kind: r.delegation_kind, principalName: r.principal_name } : null,
    createdAt: r.created_at,
  }));
}

async function identityOf(q: Queryable, tenantId: string, actor: Actor, row: store.QueueRow): Promise<SignerIdentity> {
  const user = await refs.userNip(q, tenantId, actor.userId);
  return {
    name: actor.name,
    nip: user?.nip ?? null,
    delegation: row.delegation_id ? { kind: row.delegation_kind as "plt" | "plh", principalName: row.principal_name ?? "" } : null,
  };
}

/** Whether the official can sign now, or what they must set up first (the queue page opens the certificate dialog). */
export async function signingStatus(ctx: DocsCtx) {
  const actor = requireStaff(ctx);
  if (ctx.signer.kind === "local") {
    if (await store.activeCertificate(ctx.db, ctx.tenant.id, actor.userId)) return { signer: "local" as const, ready: true, missing: null };
    const latest = await store.latestCertificate(ctx.db, ctx.tenant.id, actor.userId);
    return { signer: "local" as const, ready: false, missing: latest?.revoked_at ? ("certificate-revoked" as const) : ("certificate-missing" as const) };
  }
  const ok = !!(await store.bsreAccount(ctx.db, ctx.tenant.id, actor.userId));
  return { signer: "bsre" as const, ready: ok, missing: ok ? null : ("signer-nik-missing" as const) };
}

/** The PDF as it will be signed, with a preview watermark and no number yet. */
export async function previewDocument(ctx: DocsCtx, id: string): Promise<Buffer> {
  const actor = requireStaff(ctx);
  const [row] = await store.queue(ctx.db, ctx.tenant.id, actor.userId, today(ctx.tenant), [id]);
  if (!row) throw notFound("document-not-in-queue");
  const c = (await getCase(ctx.db, ctx.tenant.id, row.case_id)) as CaseRow;
  const spec = await specOf(ctx.db, ctx.tenant.id, row.service_key, row.service_version);
  const letter = await composeLetter(ctx.db, ctx, row, c, spec, await identityOf(ctx.db, ctx.tenant.id, actor, row), null, new Date());
  const r = await renderLetter(letter);
  return Buffer.from(await r.doc.save());
}

export type SignResult =
  | { id: string; status: "signed"; number: string; code: string; caseId: string }
  | { id: string; status: "failed"; code: string; detail?: string };

async function countFailure(ctx: DocsCtx, actor: Actor, cert: store.CertificateRow | undefined) {
  return ctx.db.tx(async (q) => {
    let failed: { failed_attempts: number; locked_until: Date | null };
    if (cert) failed = await store.passphraseFailed(q, ctx.tenant.id, cert.id, MAX_PASSPHRASE_ATTEMPTS, LOCK_MINUTES);
    else {
      failed = (await store.bsrePassphraseFailed(q, ctx.tenant.id, actor.userId, MAX_PASSPHRASE_ATTEMPTS, LOCK_MINUTES)) ?? {
        failed_attempts: 1,
        locked_until: null,
      };
    }
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "document.passphrase-failed",
      subjectType: cert ? "document_certificate" : "user",
      subjectId: cert?.id ?? actor.userId,
      data: { attempts: failed.failed_attempts, locked: !!failed.locked_until },
    });
    return failed;
  });
}

function passphraseProblem(failed: { failed_attempts: number; locked_until: Date | null }) {
  if (failed.locked_until && new Date(failed.locked_until) > new Date())
    return locked("passphrase-locked", { detail: new Date(failed.locked_until).toISOString() });
  return new AppError("passphrase-invalid", 400, {
    detail: `${MAX_PASSPHRASE_ATTEMPTS - failed.failed_attempts} attempts left`,
    fields: [{ field: "passphrase", code: "passphrase-invalid" }],
  });
}

/**
 * Unlocks the official's signing key once (local certificate or BSrE account): a wrong passphrase is counted and
 * locks after MAX_PASSPHRASE_ATTEMPTS; also used by modules that sign their own letters (documents/index.ts).
 */
export async function openSigningSession(
  ctx: DocsCtx,
  actor: Actor,
  passphrase: string,
): Promise<{ session: SigningSession; cert: store.CertificateRow | undefined }> {
  const official: OfficialRef = { userId: actor.userId, nik: null };
  let cert: store.CertificateRow | undefined;
  if (ctx.signer.kind === "local") {
    cert = await store.activeCertificate(ctx.db, ctx.tenant.id, actor.userId);
    if (!cert) {
      const latest = await store.latestCertificate(ctx.db, ctx.tenant.id, actor.userId);
      throw conflict(latest?.revoked_at ? "certificate-revoked" : "certificate-missing");
    }
    if (cert.locked_until && new Date(cert.locked_until) > new Date()) throw locked("passphrase-locked", { detail: new Date(cert.locked_until).toISOString() });
    const ca = await ctx.db.tx((q) => ensureCa(q, ctx.tenant, ctx.config.caSecret));
    official.certificate = { id: cert.id, sealedKey: cert.key_sealed, chain: [new X509Certificate(cert.cert_pem), ca.cert] };
  } else {
    const acc = await store.bsreAccount(ctx.db, ctx.tenant.id, actor.userId);
    if (!acc) throw conflict("signer-nik-missing");
    if (acc.locked_until && new Date(acc.locked_until) > new Date()) throw locked("passphrase-locked", { detail: new Date(acc.locked_until).toISOString() });
    official.nik = acc.nik;
  }
  let session: SigningSession;
  try {
    session = await ctx.signer.open(official, passphrase);
  } catch (err) {
    if (err instanceof PassphraseError) throw passphraseProblem(await countFailure(ctx, actor, cert));
    if (err instanceof SignerUnavailable) throw new AppError(err.code, err.code === "signer-unavailable" ? 502 : 409, { detail: err.message });
    throw err;
  }
  if (cert && cert.failed_attempts > 0) await store.passphraseOk(ctx.db, ctx.tenant.id, cert.id);
  return { session, cert };
}

/** Signs the given documents of the signer's queue with one passphrase. Nothing is signed unless every id is in the queue. */
export async function signDocuments(ctx: DocsCtx, ids: string[], passphrase: string): Promise<SignResult[]> {
  const actor = requireStaff(ctx);
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw badRequest("validation-failed", { fields: [{ field: "ids", code: "required" }] });
  const rows = await store.queue(ctx.db, ctx.tenant.id, actor.userId, today(ctx.tenant), unique);
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw conflict("document-not-in-queue", { detail: missing.join(", ") });

  const { session, cert } = await openSigningSession(ctx, actor, passphrase);

  const results: SignResult[] = [];
  for (const id of unique) {
    const row = rows.find((r) => r.id === id) as store.QueueRow;
    try {
      results.push(await signOne(ctx, actor, row, session));
    } catch (err) {
      if (err instanceof PassphraseError) {
        // BSrE checks the passphrase on the first document: stop the batch, count the failure.
        if (results.length === 0) throw passphraseProblem(await countFailure(ctx, actor, cert));
        results.push({ id, status: "failed", code: "passphrase-invalid" });
        break;
      }
      // BSrE refusing the first document (NIK, certificate, service down): nothing was signed, say so plainly.
      if (err instanceof SignerUnavailable && results.length === 0)
        throw new AppError(err.code, err.code === "signer-unavailable" ? 502 : 409, { detail: err.message });
      if (err instanceof AppError) results.push({ id, status: "failed", code: err.code, detail: err.message !== err.code ? err.message : undefined });
      else if (err instanceof SignerUnavailable) results.push({ id, status: "failed", code: err.code, detail: err.message });
      else throw err;
    }
  }
  return results;
}

async function signOne(ctx: DocsCtx, actor: Actor, row: store.QueueRow, session: SigningSession): Promise<SignResult> {
  return ctx.db.tx(async (q) => {
    // Lock order as the case engine: the case row first, then its document.
    const c = await getCase(q, ctx.tenant.id, row.case_id, true);
    const doc = await store.getDocument(q, ctx.tenant.id, row.id, true);
    if (!c || !doc || doc.status !== "pending") throw conflict("document-not-pending");
    const spec = await specOf(q, ctx.tenant.id, doc.service_key, doc.service_version);
    const t = spec.output?.template;
    const action = spec.workflow.actions.find((a) => a.key === doc.sign_action);
    if (!t || !action || !c.is_open || !action.from.includes(c.state) || c.assignee_unit_id !== doc.unit_id) throw conflict("case-not-at-signing-step");
    const unit = await refs.unitCode(q, ctx.tenant.id, doc.unit_id);
    const signedAt = new Date();
    const year = Number(localDate(signedAt, ctx.tenant.timezone).slice(0, 4));
    const seq = await store.nextNumber(q, ctx.tenant.id, `${t.numbering}|${doc.unit_id}`, year);
    const number = formatNumber(t.numbering, { seq, date: signedAt, timezone: ctx.tenant.timezone, unitCode: unit?.code ?? "" });
    const identity = await identityOf(q, ctx.tenant.id, actor, row);
    const letter = await composeLetter(q, ctx, doc, c, spec, identity, number, signedAt);
    const rendered = await renderLetter(letter);
    const signerTitle = `${identity.delegation ? `${identity.delegation.kind === "plt" ? "Plt." : "Plh."} ` : ""}${letter.signer.title}`;
    const signed = await session.sign(rendered, {
      reason: `${t.title} nomor ${number}`,
      location: letter.place,
      name: actor.name,
      contactInfo: letter.verifyUrl,
      signingTime: signedAt,
    });
    const hash = sha256(signed.pdf);
    const key = newStorageKey(ctx.tenant.id);
    await ctx.files.put(key, signed.pdf);
    const file = await insertCaseFile(q, {
      tenantId: ctx.tenant.id,
      ownerId: actor.userId,
      caseId: c.id,
      field: "__document",
      filename: `${t.title.replace(/[^\w]+/g, "-")}-${number.replace(/[^\w]+/g, "-")}.pdf`.slice(0, 120),
      contentType: "application/pdf",
      size: signed.pdf.length,
      sha256: hash,
      storageKey: key,
    });
    const delegation = row.delegation_id
      ? {
          kind: row.delegation_kind as "plt" | "plh",
          principalId: row.principal_id as string,
          principalName: row.principal_name ?? "",
          delegationId: row.delegation_id,
        }
      : null;
    await store.markSigned(q, ctx.tenant.id, doc.id, {
      number,
      signedAt,
      signedBy: actor.userId,
      signerName: actor.name,
      signerNip: identity.nip,
      signerTitle,
      delegation,
      certificateId: session.certificateId,
      signerKind: session.kind,
      externalId: signed.externalId ?? null,
      fileId: file.id,
      sha256: hash,
      size: signed.pdf.length,
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "document.signed",
      subjectType: "document",
      subjectId: doc.id,
      data: {
        case: c.id,
        number,
        sha256: hash,
        signer: session.kind,
        certificate: session.certificateId,
        role: doc.signer_role,
        delegation: delegation?.delegationId ?? null,
      },
    });
    // The workflow step the signature stands for, performed by the case engine (a deputy acts in the principal's role).
    const grant: Grant = { role: doc.signer_role as Grant["role"], unitId: doc.unit_id, unitCode: unit?.code ?? "", unitName: "", unitKind: "" };
    const effective: Actor = delegation ? { ...actor, grants: [...actor.grants, grant] } : actor;
    await act({ db: within(q, ctx.db), tenant: ctx.tenant, actor: effective, files: ctx.files, publicUrl: ctx.config.publicUrl }, c.id, doc.sign_action, {
      version: c.version,
      comment: `Ditandatangani secara elektronik oleh ${signerTitle}: ${t.title} nomor ${number}`,
      fileIds: action.requireDocument ? [file.id] : undefined,
    });
    return { id: doc.id, status: "signed" as const, number, code: doc.code, caseId: c.id };
  });
}
