/** Verification of a signed PDF: by the QR code's page or an uploaded file, against the record and the CA. */
import { X509Certificate } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { checkUpload } from "../../platform/files.ts";
import { fileTooLarge } from "../../platform/uploads.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { getCaseFile } from "../cases/index.ts";
import { type DocsCtx, MAX_VERIFY_BYTES, sha256 } from "./context.ts";
import { BsreSigner, type Signer } from "./signer.ts";
import * as store from "./store.ts";
import * as refs from "./store-refs.ts";
import { checkPdf, isPdf } from "./verify.ts";

export type VerifyReason =
  | "no-signature"
  | "signature-invalid"
  | "modified-after-signing"
  | "untrusted-chain"
  | "certificate-revoked"
  | "certificate-expired"
  | "unknown-document"
  | "record-mismatch";

export interface Verification {
  valid: boolean;
  reasons: VerifyReason[];
  modifiedAfterSigning: boolean;
  signature: {
    signerName: string;
    signerTitle: string | null;
    nip: string | null;
    delegation: { kind: "plt" | "plh"; principalName: string } | null;
    signedAt: Date | null;
    certificate: { serial: string; subject: string; issuer: string; algorithm: string } | null;
    signedWith: "local" | "bsre" | null;
  } | null;
  document: { number: string | null; title: string; code: string; issuer: string | null } | null;
}

/** Full check of PDF bytes (no audit). `bsreVerify` asks BSrE about a BSrE-signed file's chain. */
export async function verifyBytes(
  q: Queryable,
  tenant: Tenant,
  _config: Config,
  pdf: Buffer,
  signer?: Signer,
): Promise<Verification & { documentId: string | null }> {
  const ca = await store.getCa(q, tenant.id);
  const roots = ca ? [new X509Certificate(ca.cert_pem)] : [];
  const checks = checkPdf(pdf, roots);
  const hash = sha256(pdf);
  if (checks.length === 0) {
    return { valid: false, reasons: ["no-signature"], modifiedAfterSigning: false, signature: null, document: null, documentId: null };
  }
  const s = checks[checks.length - 1];
  let doc = s.code ? await store.documentByCode(q, tenant.id, s.code) : undefined;
  if (doc?.status !== "signed") doc = await store.documentBySha(q, tenant.id, hash);
  const reasons: VerifyReason[] = [];
  if (!s.intact) reasons.push("signature-invalid");
  // Anything after the signed range (an incremental update, appended bytes) was added after signing.
  if (!s.coversWholeFile || checks.some((x) => !x.intact)) reasons.push("modified-after-signing");
  let chainTrusted = s.chainTrusted;
  if (!chainTrusted && doc?.signer_kind === "bsre" && signer instanceof BsreSigner && s.intact) chainTrusted = await signer.chainTrusted(pdf);
  if (!chainTrusted) reasons.push("untrusted-chain");
  const certRow = s.signer ? await store.certificateBySerial(q, tenant.id, s.signer.serial) : undefined;
  const signedAt = s.signedAt ?? doc?.signed_at ?? null;
  if (certRow?.revoked_at && (certRow.revoke_reason !== "superseded" || (signedAt && new Date(certRow.revoked_at) < new Date(signedAt))))
    reasons.push("certificate-revoked");
  if (!s.validAtSigning) reasons.push("certificate-expired");
  if (!doc) reasons.push("unknown-document");
  else if (doc.sha256 !== hash && s.intact && s.coversWholeFile) reasons.push("record-mismatch");
  const issuer = doc ? await refs.unitName(q, tenant.id, doc.unit_id) : undefined;
  return {
    valid: reasons.length === 0,
    reasons,
    modifiedAfterSigning: reasons.includes("modified-after-signing") || reasons.includes("signature-invalid") || reasons.includes("record-mismatch"),
    signature: {
      signerName: doc?.signer_name ?? s.signer?.commonName ?? "?",
      signerTitle: doc?.signer_title ?? null,
      nip: doc?.signer_nip ?? null,
      delegation: doc?.delegation ? { kind: doc.delegation.kind, principalName: doc.delegation.principalName } : null,
      signedAt,
      certificate: s.signer ? { serial: s.signer.serial, subject: s.signer.subject, issuer: s.signer.issuer, algorithm: s.signer.publicKeyType } : null,
      signedWith: doc?.signer_kind ?? null,
    },
    document: doc ? { number: doc.number, title: doc.title, code: doc.code, issuer: issuer?.name ?? null } : null,
    documentId: doc?.id ?? null,
  };
}

async function audited(
  ctx: { db: Db; tenant: Tenant; actor: Actor | undefined },
  v: Verification & { documentId: string | null },
  via: "code" | "upload",
  hash: string,
) {
  await ctx.db.tx((q) =>
    audit(q, {
      tenantId: ctx.tenant.id,
      actorId: ctx.actor?.userId ?? null,
      action: "document.verified",
      subjectType: "document",
      subjectId: v.documentId,
      data: { via, valid: v.valid, reasons: v.reasons, sha256: hash },
    }),
  );
  const { documentId: _d, ...out } = v;
  return out;
}

/** The QR code's page: the stored signed file, checked again now (revocation included). */
export async function verifyByCode(ctx: Omit<DocsCtx, "actor"> & { actor: Actor | undefined }, code: string) {
  const d = await store.documentByCode(ctx.db, ctx.tenant.id, code);
  if (d?.status !== "signed" || !d.file_id) throw notFound("document-not-found");
  const f = await getCaseFile(ctx.db, ctx.tenant.id, d.file_id);
  if (!f) throw notFound("document-not-found");
  const bytes = await ctx.files.get(f.storage_key);
  const v = await verifyBytes(ctx.db, ctx.tenant, ctx.config, bytes, ctx.signer);
  return audited(ctx, v, "code", sha256(bytes));
}

/** An uploaded PDF: must really be a PDF (content, not name) and at most 20 MB. */
export async function verifyUpload(ctx: Omit<DocsCtx, "actor"> & { actor: Actor | undefined }, bytes: Buffer, filename = "dokumen.pdf") {
  if (bytes.length > MAX_VERIFY_BYTES) throw fileTooLarge(MAX_VERIFY_BYTES);
  if (!isPdf(bytes)) {
    await checkUpload(bytes, filename, ["application/pdf"], MAX_VERIFY_BYTES);
    throw badRequest("not-a-pdf", { fields: [{ field: "file", code: "file-type", message: "Bukan berkas PDF / Not a PDF file" }] });
  }
  const v = await verifyBytes(ctx.db, ctx.tenant, ctx.config, bytes, ctx.signer);
  return audited(ctx, v, "upload", sha256(bytes));
}
