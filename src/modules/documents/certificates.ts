/** Officials' signing certificates (issued by the tenant's CA, key sealed with the passphrase) and BSrE accounts. */
import { audit } from "../../platform/audit.ts";
import { can } from "../../platform/auth/roles.ts";
import { badRequest, forbidden, notFound } from "../../platform/errors.ts";
import { updateUser } from "../accounts/index.ts";
import { ensureCa } from "./authority.ts";
import type { KeyObject } from "node:crypto";
import type { Queryable } from "../../platform/db.ts";
import { issueCertificate, type KeyAlgorithm, newKeyPairAsync, newSerial, sealKeyAsync, serialHex } from "./ca.ts";
import { type DocsCtx, requireStaff } from "./context.ts";
import * as store from "./store.ts";
import * as refs from "./store-refs.ts";

export interface IssueInput {
  userId?: string;
  passphrase: string;
  algorithm?: KeyAlgorithm;
  nip?: string;
  title?: string;
}

function checkPassphrase(p: string) {
  if (p.length < 8 || new Set(p).size < 4) {
    throw badRequest("validation-failed", {
      fields: [{ field: "passphrase", code: "weak-passphrase", message: "Minimal 8 karakter / At least 8 characters" }],
    });
  }
}

const certView = (c: store.CertificateRow & { user_name?: string }) => ({
  id: c.id,
  userId: c.user_id,
  userName: c.user_name,
  serial: c.serial,
  algorithm: c.algorithm,
  subject: c.subject_name,
  nip: c.nip,
  title: c.title,
  notBefore: c.not_before,
  notAfter: c.not_after,
  revokedAt: c.revoked_at,
  revokeReason: c.revoke_reason,
  locked: !!c.locked_until && new Date(c.locked_until) > new Date(),
  certificatePem: c.cert_pem,
});

/** What issuing needs besides the transaction: the key pair (made before it) and who asked. */
interface Issuance {
  tenant: { id: string; name: string };
  caSecret: string;
  user: { id: string; name: string; nip: string | null };
  algorithm: KeyAlgorithm;
  keyPair: { privateKey: KeyObject; publicKey: KeyObject };
  sealedKey: string;
  nip: string | null;
  title: string | null;
  createdBy: string | null;
}

/** Issues the certificate in the caller's transaction: the previous one is superseded, the issue audited. */
export async function storeNewCertificate(q: Queryable, i: Issuance) {
  const ca = await ensureCa(q, i.tenant, i.caSecret);
  const serial = newSerial();
  const now = Date.now();
  const cert = issueCertificate({
    subject: { cn: i.user.name, serialNumber: i.nip ?? undefined, title: i.title ?? undefined, o: `Pemerintah ${i.tenant.name}`, c: "ID" },
    publicKey: i.keyPair.publicKey,
    issuer: ca,
    serial,
    notBefore: new Date(now - 300_000),
    notAfter: new Date(now + 2 * 365 * 86400_000),
    ca: false,
  });
  await store.supersedeCertificates(q, i.tenant.id, i.user.id);
  const row = await store.insertCertificate(q, {
    tenant_id: i.tenant.id,
    user_id: i.user.id,
    serial: serialHex(serial),
    algorithm: i.algorithm,
    subject_name: i.user.name,
    nip: i.nip,
    title: i.title,
    cert_pem: cert.toString(),
    key_sealed: i.sealedKey,
    not_before: new Date(cert.validFrom),
    not_after: new Date(cert.validTo),
    created_by: i.createdBy,
  });
  if (i.nip && i.nip !== i.user.nip) await updateUser(q, i.tenant.id, i.user.id, { nip: i.nip });
  await audit(q, {
    tenantId: i.tenant.id,
    actorId: i.createdBy,
    action: "document.certificate-issued",
    subjectType: "document_certificate",
    subjectId: row.id,
    data: { user: i.user.id, serial: row.serial, algorithm: i.algorithm },
  });
  return row;
}

/**
 * Issues (or renews: the previous one is superseded) an official's certificate, key sealed with their passphrase.
 * The key pair and the sealing (scrypt) run in the thread pool before the transaction opens.
 */
export async function issueOfficialCertificate(ctx: Omit<DocsCtx, "signer">, input: IssueInput) {
  const actor = requireStaff(ctx);
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId && !can(actor, "documents.certificates.manage")) throw forbidden();
  if (userId === actor.userId && !can(actor, "documents.sign")) throw forbidden();
  checkPassphrase(input.passphrase);
  const algorithm = input.algorithm ?? "rsa-2048";
  const user = await refs.activeUser(ctx.db, ctx.tenant.id, userId);
  if (user?.kind !== "staff") throw notFound("user-not-found");
  const keyPair = await newKeyPairAsync(algorithm);
  const sealedKey = await sealKeyAsync(keyPair.privateKey, input.passphrase);
  const row = await ctx.db.tx(async (q) => {
    const current = await refs.activeUser(q, ctx.tenant.id, userId);
    if (current?.kind !== "staff") throw notFound("user-not-found");
    return storeNewCertificate(q, {
      tenant: ctx.tenant,
      caSecret: ctx.config.caSecret,
      user: current,
      algorithm,
      keyPair,
      sealedKey,
      nip: input.nip?.replace(/\s+/g, "") || current.nip,
      title: input.title ?? null,
      createdBy: actor.userId,
    });
  });
  return certView(row);
}

export async function listOfficialCertificates(ctx: Omit<DocsCtx, "signer">, all: boolean) {
  const actor = requireStaff(ctx);
  if (all && !can(actor, "documents.certificates.manage")) throw forbidden();
  return (await store.listCertificates(ctx.db, ctx.tenant.id, all ? undefined : actor.userId)).map(certView);
}

export async function revokeOfficialCertificate(
  ctx: Omit<DocsCtx, "signer">,
  id: string,
  reason: "key_compromise" | "cessation" | "unspecified" = "unspecified",
) {
  const actor = requireStaff(ctx);
  return ctx.db.tx(async (q) => {
    const c = await store.getCertificate(q, ctx.tenant.id, id);
    if (!c || (c.user_id !== actor.userId && !can(actor, "documents.certificates.manage"))) throw notFound("certificate-not-found");
    const row = (await store.revokeCertificate(q, ctx.tenant.id, id, reason)) as store.CertificateRow;
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "document.certificate-revoked",
      subjectType: "document_certificate",
      subjectId: id,
      data: { serial: c.serial, reason: row.revoke_reason },
    });
    return certView(row);
  });
}

// ---- BSrE accounts (the official's NIK registered at BSrE) -------------------------------------------

export async function setBsreNik(ctx: Omit<DocsCtx, "signer">, nik: string, userId?: string) {
  const actor = requireStaff(ctx);
  const target = userId ?? actor.userId;
  if (target !== actor.userId && !can(actor, "documents.certificates.manage")) throw forbidden();
  if (!/^\d{16}$/.test(nik)) throw badRequest("validation-failed", { fields: [{ field: "nik", code: "nik" }] });
  await ctx.db.tx(async (q) => {
    await store.upsertBsreAccount(q, ctx.tenant.id, target, nik);
    await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "document.bsre-account-set", subjectType: "user", subjectId: target });
  });
  return { userId: target, nik: `${nik.slice(0, 6)}**********` };
}
