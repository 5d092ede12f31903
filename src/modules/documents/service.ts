/**
 * Official documents: queued when a case reaches its signing step, previewed and signed (one or many) by
 * the signer or their Plt./Plh. deputy, downloaded by the citizen, verified by anyone. See docs/documents.md.
 */
import { createHash, type KeyObject, randomBytes, X509Certificate } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { can, type Actor, type Grant } from "../../platform/auth/roles.ts";
import { AppError, badRequest, conflict, forbidden, locked, notFound } from "../../platform/errors.ts";
import { checkUpload, type FileStore, newStorageKey } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { localDate } from "../../platform/workdays.ts";
import type { DocumentTemplate, FormField, ResolvedService } from "../catalog/spec.ts";
import type { TransitionEvent } from "../cases/hooks.ts";
import { act, rolesOnCase, specOf } from "../cases/service.ts";
import * as cases from "../cases/store.ts";
import { issueCertificate, type KeyAlgorithm, newKeyPair, newSerial, openKey, sealKey, serialHex, buildCrl } from "./ca.ts";
import { type Letter, renderLetter, tanggalIndonesia } from "./pdf.ts";
import { BsreSigner, LocalSigner, type OfficialRef, PassphraseError, type Signer, SignerUnavailable, type SigningSession } from "./signer.ts";
import * as store from "./store.ts";
import { checkPdf, isPdf } from "./verify.ts";

export interface DocsCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  files: FileStore;
  config: Config;
  signer: Signer;
  /** Absolute origin for links in documents (QR code): BALAI_PUBLIC_URL, else the request's origin. */
  baseUrl?: string;
}

export const MAX_PASSPHRASE_ATTEMPTS = 5;
export const LOCK_MINUTES = 30;
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;
const SIGNING_ROLES = ["lurah", "camat", "opd_admin", "kominfo_admin"] as const;

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const newCode = () => randomBytes(12).toString("base64url");

let signers = new Map<string, Signer>();
/** The signer the configuration names: the tenant's local CA, or BSrE. */
export function signerFor(config: Config): Signer {
  const key = `${config.signer}|${config.bsre?.api ?? ""}|${config.bsre?.url ?? ""}|${config.bsre?.user ?? ""}|${config.bsre?.clientId ?? ""}`;
  let s = signers.get(key);
  if (!s) {
    s = config.signer === "bsre" && config.bsre ? new BsreSigner(config.bsre) : new LocalSigner();
    signers.set(key, s);
  }
  return s;
}
export const resetSignersForTests = () => {
  signers = new Map();
};

function requireStaff(ctx: { actor: Actor | undefined }): Actor {
  const a = ctx.actor;
  if (!a || a.mfaPending) throw new AppError("unauthenticated", 401);
  if (a.kind !== "staff") throw forbidden();
  return a;
}

export const verifyUrl = (base: string | undefined, code: string) => `${(base ?? "").replace(/\/+$/, "")}/verify/${code}`;

// ---- the tenant's certificate authority ------------------------------------------------------------

const caCache = new Map<string, { cert: X509Certificate; key: KeyObject; fingerprint: string }>();

/** The tenant's root (created on first use), unsealed with the deployment's CA secret. */
export async function ensureCa(q: Queryable, tenant: { id: string; name: string }, secret: string) {
  const hit = caCache.get(tenant.id);
  if (hit) return hit;
  let row = await store.getCa(q, tenant.id);
  if (!row) {
    const kp = newKeyPair("ecdsa-p256");
    const now = Date.now();
    const cert = issueCertificate({
      subject: { cn: `Balai Root CA ${tenant.name}`, o: `Pemerintah ${tenant.name}`, c: "ID" },
      publicKey: kp.publicKey,
      selfKey: kp.privateKey,
      serial: newSerial(),
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 20 * 365 * 86400_000),
      ca: true,
    });
    row = await store.insertCa(q, {
      tenantId: tenant.id,
      certPem: cert.toString(),
      keySealed: sealKey(kp.privateKey, `${secret}:${tenant.id}`),
      fingerprint: cert.fingerprint256,
    });
    if (row.fingerprint === cert.fingerprint256) {
      await audit(q, {
        tenantId: tenant.id,
        actorId: null,
        action: "document.ca-created",
        subjectType: "document_ca",
        subjectId: tenant.id,
        data: { fingerprint: row.fingerprint },
      });
    }
  }
  const ca = { cert: new X509Certificate(row.cert_pem), key: openKey(row.key_sealed, `${secret}:${tenant.id}`), fingerprint: row.fingerprint };
  caCache.set(tenant.id, ca);
  return ca;
}

/** Root certificate (PEM) for relying parties, e.g. pdfsig's NSS database or a PDF reader's trust list. */
export async function rootPem(db: Db, tenant: Tenant, config: Config) {
  const ca = await db.tx((q) => ensureCa(q, tenant, config.caSecret));
  return ca.cert.toString();
}

/** The current revocation list (DER, signed by the root). */
export async function currentCrl(db: Db, tenant: Tenant, config: Config) {
  return db.tx(async (q) => {
    const ca = await ensureCa(q, tenant, config.caSecret);
    const revoked = await store.revokedCertificates(q, tenant.id);
    const n = await store.nextCrlNumber(q, tenant.id);
    return buildCrl(
      ca,
      revoked.map((r) => ({ serial: r.serial, at: r.revoked_at })),
      n,
    );
  });
}

// ---- certificates of officials -----------------------------------------------------------------------

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

/** Issues (or renews: the previous one is superseded) an official's certificate, key sealed with their passphrase. */
export async function issueOfficialCertificate(ctx: Omit<DocsCtx, "signer">, input: IssueInput) {
  const actor = requireStaff(ctx);
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId && !can(actor, "documents.certificates.manage")) throw forbidden();
  if (userId === actor.userId && !can(actor, "documents.sign")) throw forbidden();
  checkPassphrase(input.passphrase);
  const algorithm = input.algorithm ?? "rsa-2048";
  return ctx.db.tx(async (q) => {
    const user = await q.one<{ id: string; name: string; nip: string | null; kind: string }>(
      "SELECT id, name, nip, kind FROM users WHERE tenant_id = $1 AND id = $2 AND disabled_at IS NULL",
      [ctx.tenant.id, userId],
    );
    if (user?.kind !== "staff") throw notFound("user-not-found");
    const ca = await ensureCa(q, ctx.tenant, ctx.config.caSecret);
    const nip = input.nip?.replace(/\s+/g, "") || user.nip;
    const kp = newKeyPair(algorithm);
    const serial = newSerial();
    const now = Date.now();
    const cert = issueCertificate({
      subject: { cn: user.name, serialNumber: nip ?? undefined, title: input.title, o: `Pemerintah ${ctx.tenant.name}`, c: "ID" },
      publicKey: kp.publicKey,
      issuer: ca,
      serial,
      notBefore: new Date(now - 300_000),
      notAfter: new Date(now + 2 * 365 * 86400_000),
      ca: false,
    });
    await store.supersedeCertificates(q, ctx.tenant.id, userId);
    const row = await store.insertCertificate(q, {
      tenant_id: ctx.tenant.id,
      user_id: userId,
      serial: serialHex(serial),
      algorithm,
      subject_name: user.name,
      nip: nip ?? null,
      title: input.title ?? null,
      cert_pem: cert.toString(),
      key_sealed: sealKey(kp.privateKey, input.passphrase),
      not_before: new Date(cert.validFrom),
      not_after: new Date(cert.validTo),
      created_by: actor.userId,
    });
    if (input.nip && input.nip !== user.nip) await q.query("UPDATE users SET nip = $3 WHERE tenant_id = $1 AND id = $2", [ctx.tenant.id, userId, nip]);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "document.certificate-issued",
      subjectType: "document_certificate",
      subjectId: row.id,
      data: { user: userId, serial: row.serial, algorithm },
    });
    return certView(row);
  });
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
    await q.query(
      `INSERT INTO document_bsre_accounts (tenant_id, user_id, nik) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET nik = EXCLUDED.nik, failed_attempts = 0, locked_until = NULL`,
      [ctx.tenant.id, target, nik],
    );
    await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "document.bsre-account-set", subjectType: "user", subjectId: target });
  });
  return { userId: target, nik: `${nik.slice(0, 6)}**********` };
}

// ---- the case engine hook ------------------------------------------------------------------------------

/**
 * Called by the case engine inside the transition's transaction (registered through cases/hooks.ts).
 * Entering the state the signing action starts from queues the document; leaving it another way cancels it
 * (also when the signing action is performed outside the queue, e.g. signed on paper and uploaded).
 */
export async function onCaseTransition(q: Queryable, e: TransitionEvent): Promise<void> {
  const t = e.spec.output?.template;
  if (!t) return;
  const signAction = e.spec.workflow.actions.find((a) => a.key === t.signer.action);
  if (!signAction) return;
  const waiting = e.case.is_open && signAction.from.includes(e.to) && e.action.key !== signAction.key;
  const pending = await store.pendingForCase(q, e.tenantId, e.case.id);
  if (waiting) {
    const unitId = e.case.assignee_unit_id;
    if (!unitId) return;
    if (pending) {
      if (pending.unit_id !== unitId) await q.query("UPDATE documents SET unit_id = $3 WHERE tenant_id = $1 AND id = $2", [e.tenantId, pending.id, unitId]);
      return;
    }
    await store.insertPending(q, {
      tenantId: e.tenantId,
      caseId: e.case.id,
      serviceKey: e.case.service_key,
      version: e.case.service_version,
      unitId,
      role: t.signer.role,
      action: t.signer.action,
      code: newCode(),
      title: t.title,
    });
  } else if (pending) {
    await store.cancelPending(q, e.tenantId, e.case.id);
  }
}

// ---- composing the letter --------------------------------------------------------------------------------

interface UnitInfo {
  id: string;
  name: string;
  kind: string;
  chain: Array<{ name: string; kind: string }>;
}

async function unitInfo(q: Queryable, tenantId: string, unitId: string): Promise<UnitInfo> {
  const rows = await q.query<{ id: string; name: string; kind: string; depth: number }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, kind, name, 0 AS depth FROM org_units WHERE tenant_id = $1 AND id = $2
       UNION ALL
       SELECT o.id, o.parent_id, o.kind, o.name, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE o.tenant_id = $1 AND up.depth < 6)
     SELECT id, name, kind, depth FROM up ORDER BY depth DESC`,
    [tenantId, unitId],
  );
  const self = rows[rows.length - 1];
  if (!self) throw notFound("unit-not-found");
  return { id: self.id, name: self.name, kind: self.kind, chain: rows.filter((r) => r.kind !== "pemda").map((r) => ({ name: r.name, kind: r.kind })) };
}

/** "Lurah 26 Ilir D. I", "Camat Ilir Barat I", "Kepala Dinas …". */
export function roleTitle(role: string, unitName: string): string {
  if (role === "lurah") return `Lurah ${unitName.replace(/^Kelurahan\s+/i, "")}`;
  if (role === "camat") return `Camat ${unitName.replace(/^Kecamatan\s+/i, "")}`;
  return `Kepala ${unitName}`;
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

export function formatNumber(scheme: string, v: { seq: number; date: Date; timezone: string; unitCode: string }): string {
  const [y, m] = localDate(v.date, v.timezone).split("-");
  const short = v.unitCode.split(".").pop() ?? v.unitCode;
  return scheme
    .replaceAll("{seq}", String(v.seq))
    .replaceAll("{year}", y)
    .replaceAll("{month}", ROMAN[Number(m) - 1])
    .replaceAll("{unitCode}", v.unitCode)
    .replaceAll("{unit}", short);
}

async function fieldText(q: Queryable, tenantId: string, f: FormField, value: unknown): Promise<string> {
  if (value === undefined || value === null || value === "") return "-";
  switch (f.type) {
    case "address": {
      const a = value as { street?: string; rt?: string; rw?: string; kelurahan?: string; kecamatan?: string };
      const codes = [a.kelurahan, a.kecamatan].filter(Boolean) as string[];
      const names = new Map(
        (
          await q.query<{ code: string; name: string }>("SELECT code, name FROM org_units WHERE tenant_id = $1 AND code = ANY($2::text[])", [
            tenantId,
            `{${codes.join(",")}}`,
          ])
        ).map((r) => [r.code, r.name]),
      );
      return [a.street, a.rt || a.rw ? `RT ${a.rt ?? "-"}/RW ${a.rw ?? "-"}` : "", names.get(a.kelurahan ?? ""), names.get(a.kecamatan ?? "")]
        .filter(Boolean)
        .join(", ");
    }
    case "number":
      return Number(value).toLocaleString("id-ID");
    case "date":
      return tanggalIndonesia(new Date(`${String(value)}T12:00:00Z`));
    case "choice":
      return f.options?.find((o) => o.value === value)?.label.id ?? String(value);
    case "multichoice":
      return (value as string[]).map((v) => f.options?.find((o) => o.value === v)?.label.id ?? v).join(", ");
    case "checkbox":
      return value ? "Ya" : "Tidak";
    case "file":
      return "-";
    default:
      return String(value);
  }
}

export interface SignerIdentity {
  name: string;
  nip: string | null;
  delegation: { kind: "plt" | "plh"; principalName: string } | null;
}

async function composeLetter(
  q: Queryable,
  ctx: { tenant: Tenant; config: Config; baseUrl?: string },
  doc: store.DocumentRow,
  c: cases.CaseRow,
  spec: ResolvedService,
  signer: SignerIdentity,
  number: string | null,
  at: Date,
): Promise<Letter> {
  const t = spec.output?.template as DocumentTemplate;
  const unit = await unitInfo(q, ctx.tenant.id, doc.unit_id);
  const title = roleTitle(doc.signer_role, unit.name);
  const parent = unit.chain.length > 1 ? unit.chain[unit.chain.length - 2].name : ctx.tenant.name;
  const vars: Record<string, string> = {
    city: ctx.tenant.name,
    unit: unit.name,
    "unit.parent": parent,
    "signer.title": title,
    "case.number": c.number ?? "-",
    today: tanggalIndonesia(at, ctx.tenant.timezone),
  };
  for (const f of spec.form.fields) vars[f.name] = await fieldText(q, ctx.tenant.id, f, c.data[f.name]);
  const fill = (s: string) => s.replace(/\{([a-z0-9_.]+)\}/gi, (_, k: string) => vars[k] ?? "-");
  return {
    kop: [`Pemerintah ${ctx.tenant.name}`, ...unit.chain.map((u) => u.name)],
    kopAddress: t.address ? fill(t.address) : undefined,
    title: t.title,
    number: number ?? "… (diberikan saat ditandatangani)",
    body: t.body.map((b) => (typeof b === "string" ? fill(b) : { rows: b.rows.map((r) => [r.label, fill(r.value)] as [string, string]) })),
    place: ctx.tenant.name.replace(/^(Kota|Kabupaten)\s+/i, ""),
    date: tanggalIndonesia(at, ctx.tenant.timezone),
    signer: { title, name: signer.name, nip: signer.nip, delegation: signer.delegation },
    verifyUrl: verifyUrl(ctx.baseUrl ?? ctx.config.publicUrl, doc.code),
    preview: number === null,
  };
}

// ---- the signer's queue ------------------------------------------------------------------------------------

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
  const user = await q.one<{ nip: string | null }>("SELECT nip FROM users WHERE tenant_id = $1 AND id = $2", [tenantId, actor.userId]);
  return {
    name: actor.name,
    nip: user?.nip ?? null,
    delegation: row.delegation_id ? { kind: row.delegation_kind as "plt" | "plh", principalName: row.principal_name ?? "" } : null,
  };
}

/** The PDF as it will be signed, with a preview watermark and no number yet. */
export async function previewDocument(ctx: DocsCtx, id: string): Promise<Buffer> {
  const actor = requireStaff(ctx);
  const [row] = await store.queue(ctx.db, ctx.tenant.id, actor.userId, today(ctx.tenant), [id]);
  if (!row) throw notFound("document-not-in-queue");
  const c = (await cases.getCase(ctx.db, ctx.tenant.id, row.case_id)) as cases.CaseRow;
  const spec = await specOf(ctx.db, ctx.tenant.id, row.service_key, row.service_version);
  const letter = await composeLetter(ctx.db, ctx, row, c, spec, await identityOf(ctx.db, ctx.tenant.id, actor, row), null, new Date());
  const r = await renderLetter(letter);
  return Buffer.from(await r.doc.save());
}

/** A Db whose tx runs in an already open transaction (to drive the case engine from inside ours). */
function within(q: Queryable, db: Db): Db {
  return {
    kind: db.kind,
    query: (s, p) => q.query(s, p),
    one: (s, p) => q.one(s, p),
    later: (s, p, k) => q.later(s, p, k),
    afterCommit: (fn) => q.afterCommit(fn),
    tx: (fn) => fn(q),
    listen: (channel, cb) => db.listen(channel, cb),
    close: async () => {},
  };
}

export type SignResult =
  | { id: string; status: "signed"; number: string; code: string; caseId: string }
  | { id: string; status: "failed"; code: string; detail?: string };

async function countFailure(ctx: DocsCtx, actor: Actor, cert: store.CertificateRow | undefined) {
  return ctx.db.tx(async (q) => {
    let failed: { failed_attempts: number; locked_until: Date | null };
    if (cert) failed = await store.passphraseFailed(q, ctx.tenant.id, cert.id, MAX_PASSPHRASE_ATTEMPTS, LOCK_MINUTES);
    else {
      failed = (await q.one<{ failed_attempts: number; locked_until: Date | null }>(
        `UPDATE document_bsre_accounts SET failed_attempts = failed_attempts + 1,
                locked_until = CASE WHEN failed_attempts + 1 >= $3 THEN now() + make_interval(mins => $4) ELSE locked_until END
          WHERE tenant_id = $1 AND user_id = $2 RETURNING failed_attempts, locked_until`,
        [ctx.tenant.id, actor.userId, MAX_PASSPHRASE_ATTEMPTS, LOCK_MINUTES],
      )) ?? { failed_attempts: 1, locked_until: null };
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

/** Signs the given documents of the signer's queue with one passphrase. Nothing is signed unless every id is in the queue. */
export async function signDocuments(ctx: DocsCtx, ids: string[], passphrase: string): Promise<SignResult[]> {
  const actor = requireStaff(ctx);
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw badRequest("validation-failed", { fields: [{ field: "ids", code: "required" }] });
  const rows = await store.queue(ctx.db, ctx.tenant.id, actor.userId, today(ctx.tenant), unique);
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw conflict("document-not-in-queue", { detail: missing.join(", ") });

  // Unlock the signing key once.
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
    const acc = await ctx.db.one<{ nik: string; locked_until: Date | null }>(
      "SELECT nik, locked_until FROM document_bsre_accounts WHERE tenant_id = $1 AND user_id = $2",
      [ctx.tenant.id, actor.userId],
    );
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
    const c = await cases.getCase(q, ctx.tenant.id, row.case_id, true);
    const doc = await store.getDocument(q, ctx.tenant.id, row.id, true);
    if (!c || !doc || doc.status !== "pending") throw conflict("document-not-pending");
    const spec = await specOf(q, ctx.tenant.id, doc.service_key, doc.service_version);
    const t = spec.output?.template;
    const action = spec.workflow.actions.find((a) => a.key === doc.sign_action);
    if (!t || !action || !c.is_open || !action.from.includes(c.state) || c.assignee_unit_id !== doc.unit_id) throw conflict("case-not-at-signing-step");
    const unit = await q.one<{ code: string }>("SELECT code FROM org_units WHERE tenant_id = $1 AND id = $2", [ctx.tenant.id, doc.unit_id]);
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
    const file = await cases.insertFile(q, {
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

// ---- the citizen's copy -----------------------------------------------------------------------------------

async function caseVisible(q: Queryable, ctx: { tenant: Tenant; actor: Actor | undefined }, caseId: string) {
  const c = await cases.getCase(q, ctx.tenant.id, caseId);
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
  const f = await cases.getFile(ctx.db, ctx.tenant.id, d.file_id);
  if (!f) throw notFound("document-not-found");
  return { filename: f.filename, bytes: await ctx.files.get(f.storage_key) };
}

// ---- delegations (Plt./Plh.) --------------------------------------------------------------------------------

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
    const grants = await q.query<{ unit_id: string; role: string }>(
      `SELECT unit_id, role FROM role_grants WHERE tenant_id = $1 AND user_id = $2 AND role = ANY($3::text[]) AND ($4::uuid IS NULL OR unit_id = $4)`,
      [ctx.tenant.id, principalId, `{${SIGNING_ROLES.join(",")}}`, input.unitId ?? null],
    );
    if (grants.length === 0) throw badRequest("validation-failed", { fields: [{ field: "unitId", code: "no-signing-role" }] });
    if (grants.length > 1) throw badRequest("validation-failed", { fields: [{ field: "unitId", code: "required" }] });
    const deputy = await q.one<{ id: string; name: string }>(
      "SELECT id, name FROM users WHERE tenant_id = $1 AND kind = 'staff' AND disabled_at IS NULL AND (lower(email) = lower($2) OR id::text = $2)",
      [ctx.tenant.id, input.deputy],
    );
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

// ---- verification ---------------------------------------------------------------------------------------------

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
  const issuer = doc ? await q.one<{ name: string }>("SELECT name FROM org_units WHERE tenant_id = $1 AND id = $2", [tenant.id, doc.unit_id]) : undefined;
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
  const f = await cases.getFile(ctx.db, ctx.tenant.id, d.file_id);
  if (!f) throw notFound("document-not-found");
  const bytes = await ctx.files.get(f.storage_key);
  const v = await verifyBytes(ctx.db, ctx.tenant, ctx.config, bytes, ctx.signer);
  return audited(ctx, v, "code", sha256(bytes));
}

/** An uploaded PDF: must really be a PDF (content, not name) and at most 20 MB. */
export async function verifyUpload(ctx: Omit<DocsCtx, "actor"> & { actor: Actor | undefined }, bytes: Buffer, filename = "dokumen.pdf") {
  if (bytes.length > MAX_VERIFY_BYTES) {
    throw new AppError("payload-too-large", 413, { fields: [{ field: "file", code: "file-too-large", message: "Maks 20 MB / Max 20 MB" }] });
  }
  if (!isPdf(bytes)) {
    await checkUpload(bytes, filename, ["application/pdf"], MAX_VERIFY_BYTES);
    throw badRequest("not-a-pdf", { fields: [{ field: "file", code: "file-type", message: "Bukan berkas PDF / Not a PDF file" }] });
  }
  const v = await verifyBytes(ctx.db, ctx.tenant, ctx.config, bytes, ctx.signer);
  return audited(ctx, v, "upload", sha256(bytes));
}
