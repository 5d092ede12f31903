import type { Queryable } from "../../platform/db.ts";

export interface CaRow {
  tenant_id: string;
  cert_pem: string;
  key_sealed: string;
  fingerprint: string;
  crl_number: number;
}

export interface CertificateRow {
  id: string;
  tenant_id: string;
  user_id: string;
  serial: string;
  algorithm: "rsa-2048" | "ecdsa-p256";
  subject_name: string;
  nip: string | null;
  title: string | null;
  cert_pem: string;
  key_sealed: string;
  not_before: Date;
  not_after: Date;
  failed_attempts: number;
  locked_until: Date | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  created_at: Date;
}

export interface DocumentRow {
  id: string;
  tenant_id: string;
  case_id: string;
  service_key: string;
  service_version: number;
  unit_id: string;
  signer_role: string;
  sign_action: string;
  status: "pending" | "signed" | "cancelled";
  code: string;
  title: string;
  number: string | null;
  signed_at: Date | null;
  signed_by: string | null;
  signer_name: string | null;
  signer_nip: string | null;
  signer_title: string | null;
  delegation: { kind: "plt" | "plh"; principalId: string; principalName: string; delegationId: string } | null;
  certificate_id: string | null;
  signer_kind: "local" | "bsre" | null;
  external_id: string | null;
  file_id: string | null;
  sha256: string | null;
  size: number | null;
  created_at: Date;
}

export interface DelegationRow {
  id: string;
  tenant_id: string;
  unit_id: string;
  role: string;
  principal_id: string;
  deputy_id: string;
  kind: "plt" | "plh";
  valid_from: string;
  valid_to: string;
  created_at: Date;
  revoked_at: Date | null;
}

export const getCa = (q: Queryable, tenantId: string) => q.one<CaRow>("SELECT * FROM document_cas WHERE tenant_id = $1", [tenantId]);

export async function insertCa(q: Queryable, r: { tenantId: string; certPem: string; keySealed: string; fingerprint: string }) {
  // Two processes creating the root at once: the first one wins, the second reads it back.
  await q.query("INSERT INTO document_cas (tenant_id, cert_pem, key_sealed, fingerprint) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id) DO NOTHING", [
    r.tenantId,
    r.certPem,
    r.keySealed,
    r.fingerprint,
  ]);
  return (await getCa(q, r.tenantId)) as CaRow;
}

export async function nextCrlNumber(q: Queryable, tenantId: string) {
  const r = await q.one<{ crl_number: number }>("UPDATE document_cas SET crl_number = crl_number + 1 WHERE tenant_id = $1 RETURNING crl_number", [tenantId]);
  return r?.crl_number ?? 1;
}

export async function insertCertificate(
  q: Queryable,
  c: Omit<CertificateRow, "id" | "failed_attempts" | "locked_until" | "revoked_at" | "revoke_reason" | "created_at"> & { created_by: string | null },
) {
  return (await q.one<CertificateRow>(
    `INSERT INTO document_certificates (tenant_id, user_id, serial, algorithm, subject_name, nip, title, cert_pem, key_sealed, not_before, not_after, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [c.tenant_id, c.user_id, c.serial, c.algorithm, c.subject_name, c.nip, c.title, c.cert_pem, c.key_sealed, c.not_before, c.not_after, c.created_by],
  )) as CertificateRow;
}

/** The official's newest certificate that is not revoked (and not expired). */
export const activeCertificate = (q: Queryable, tenantId: string, userId: string, forUpdate = false) =>
  q.one<CertificateRow>(
    `SELECT * FROM document_certificates WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL AND not_after > now()
      ORDER BY created_at DESC LIMIT 1${forUpdate ? " FOR UPDATE" : ""}`,
    [tenantId, userId],
  );

export const latestCertificate = (q: Queryable, tenantId: string, userId: string) =>
  q.one<CertificateRow>("SELECT * FROM document_certificates WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC LIMIT 1", [tenantId, userId]);

export const getCertificate = (q: Queryable, tenantId: string, id: string) =>
  q.one<CertificateRow>("SELECT * FROM document_certificates WHERE tenant_id = $1 AND id = $2", [tenantId, id]);

export const certificateBySerial = (q: Queryable, tenantId: string, serial: string) =>
  q.one<CertificateRow>("SELECT * FROM document_certificates WHERE tenant_id = $1 AND serial = $2", [tenantId, serial]);

export const listCertificates = (q: Queryable, tenantId: string, userId?: string) =>
  q.query<CertificateRow & { user_name: string }>(
    `SELECT c.*, u.name AS user_name FROM document_certificates c JOIN directory_people u ON u.tenant_id = c.tenant_id AND u.id = c.user_id
      WHERE c.tenant_id = $1 AND ($2::uuid IS NULL OR c.user_id = $2) ORDER BY c.created_at DESC LIMIT 500`,
    [tenantId, userId ?? null],
  );

export const revokedCertificates = (q: Queryable, tenantId: string) =>
  q.query<{ serial: string; revoked_at: Date }>(
    "SELECT serial, revoked_at FROM document_certificates WHERE tenant_id = $1 AND revoked_at IS NOT NULL ORDER BY revoked_at",
    [tenantId],
  );

export async function revokeCertificate(q: Queryable, tenantId: string, id: string, reason: string) {
  return q.one<CertificateRow>(
    "UPDATE document_certificates SET revoked_at = coalesce(revoked_at, now()), revoke_reason = coalesce(revoke_reason, $3) WHERE tenant_id = $1 AND id = $2 RETURNING *",
    [tenantId, id, reason],
  );
}

export async function supersedeCertificates(q: Queryable, tenantId: string, userId: string) {
  await q.query(
    "UPDATE document_certificates SET revoked_at = now(), revoke_reason = 'superseded' WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL",
    [tenantId, userId],
  );
}

/** Counts a wrong passphrase; the fifth in a row locks the certificate for 30 minutes. */
export async function passphraseFailed(q: Queryable, tenantId: string, id: string, maxAttempts: number, lockMinutes: number) {
  return (await q.one<{ failed_attempts: number; locked_until: Date | null }>(
    `UPDATE document_certificates SET failed_attempts = failed_attempts + 1,
            locked_until = CASE WHEN failed_attempts + 1 >= $3 THEN now() + make_interval(mins => $4) ELSE locked_until END
      WHERE tenant_id = $1 AND id = $2 RETURNING failed_attempts, locked_until`,
    [tenantId, id, maxAttempts, lockMinutes],
  )) as { failed_attempts: number; locked_until: Date | null };
}

export async function passphraseOk(q: Queryable, tenantId: string, id: string) {
  await q.query("UPDATE document_certificates SET failed_attempts = 0, locked_until = NULL WHERE tenant_id = $1 AND id = $2 AND failed_attempts > 0", [
    tenantId,
    id,
  ]);
}

// ---- documents -------------------------------------------------------------------------------------

export async function insertPending(
  q: Queryable,
  d: { tenantId: string; caseId: string; serviceKey: string; version: number; unitId: string; role: string; action: string; code: string; title: string },
) {
  return q.one<DocumentRow>(
    `INSERT INTO documents (tenant_id, case_id, service_key, service_version, unit_id, signer_role, sign_action, code, title)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, case_id) WHERE status = 'pending' DO NOTHING RETURNING *`,
    [d.tenantId, d.caseId, d.serviceKey, d.version, d.unitId, d.role, d.action, d.code, d.title],
  );
}

export const pendingForCase = (q: Queryable, tenantId: string, caseId: string) =>
  q.one<DocumentRow>("SELECT * FROM documents WHERE tenant_id = $1 AND case_id = $2 AND status = 'pending'", [tenantId, caseId]);

export async function cancelPending(q: Queryable, tenantId: string, caseId: string) {
  await q.query("UPDATE documents SET status = 'cancelled', cancelled_at = now() WHERE tenant_id = $1 AND case_id = $2 AND status = 'pending'", [
    tenantId,
    caseId,
  ]);
}

export async function moveDocumentUnit(q: Queryable, tenantId: string, id: string, unitId: string) {
  await q.query("UPDATE documents SET unit_id = $3 WHERE tenant_id = $1 AND id = $2", [tenantId, id, unitId]);
}

export const getDocument = (q: Queryable, tenantId: string, id: string, forUpdate = false) =>
  q.one<DocumentRow>(`SELECT * FROM documents WHERE tenant_id = $1 AND id = $2${forUpdate ? " FOR UPDATE" : ""}`, [tenantId, id]);

export const documentByCode = (q: Queryable, tenantId: string, code: string) =>
  q.one<DocumentRow>("SELECT * FROM documents WHERE tenant_id = $1 AND code = $2", [tenantId, code]);

export const documentBySha = (q: Queryable, tenantId: string, sha256: string) =>
  q.one<DocumentRow>("SELECT * FROM documents WHERE tenant_id = $1 AND sha256 = $2 AND status = 'signed'", [tenantId, sha256]);

export const documentsOfCase = (q: Queryable, tenantId: string, caseId: string) =>
  q.query<DocumentRow>("SELECT * FROM documents WHERE tenant_id = $1 AND case_id = $2 AND status <> 'cancelled' ORDER BY created_at", [tenantId, caseId]);

export interface QueueRow extends DocumentRow {
  case_number: string | null;
  case_state: string;
  applicant_name: string | null;
  unit_name: string;
  delegation_id: string | null;
  delegation_kind: "plt" | "plh" | null;
  principal_id: string | null;
  principal_name: string | null;
}

/**
 * Pending documents the user may sign: their own signing role in the document's unit, or a delegation
 * (Plt./Plh.) of that role to them that is valid today. An own grant wins over a delegation.
 */
export function queue(q: Queryable, tenantId: string, userId: string, today: string, ids?: string[]) {
  return q.query<QueueRow>(
    `SELECT d.*, c.number AS case_number, c.state AS case_state, c.applicant_name, u.name AS unit_name,
            CASE WHEN g.id IS NULL THEN dl.id END AS delegation_id,
            CASE WHEN g.id IS NULL THEN dl.kind END AS delegation_kind,
            CASE WHEN g.id IS NULL THEN dl.principal_id END AS principal_id,
            CASE WHEN g.id IS NULL THEN pu.name END AS principal_name
       FROM documents d
       JOIN case_summaries c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
       JOIN directory_units u ON u.tenant_id = d.tenant_id AND u.id = d.unit_id
       LEFT JOIN directory_grants g ON g.tenant_id = d.tenant_id AND g.user_id = $2 AND g.unit_id = d.unit_id AND g.role = d.signer_role
       LEFT JOIN LATERAL (
         SELECT * FROM document_delegations x
          WHERE x.tenant_id = d.tenant_id AND x.deputy_id = $2 AND x.unit_id = d.unit_id AND x.role = d.signer_role
            AND x.revoked_at IS NULL AND x.valid_from <= $3::date AND x.valid_to >= $3::date
          ORDER BY x.created_at DESC LIMIT 1) dl ON true
       LEFT JOIN directory_people pu ON pu.tenant_id = d.tenant_id AND pu.id = dl.principal_id
      WHERE d.tenant_id = $1 AND d.status = 'pending' AND (g.id IS NOT NULL OR dl.id IS NOT NULL)
        AND ($4::uuid[] IS NULL OR d.id = ANY($4::uuid[]))
      ORDER BY d.created_at
      LIMIT 500`,
    [tenantId, userId, today, ids ? `{${ids.join(",")}}` : null],
  );
}

export async function markSigned(
  q: Queryable,
  tenantId: string,
  id: string,
  s: {
    number: string;
    signedAt: Date;
    signedBy: string;
    signerName: string;
    signerNip: string | null;
    signerTitle: string;
    delegation: DocumentRow["delegation"];
    certificateId: string | null;
    signerKind: "local" | "bsre";
    externalId: string | null;
    fileId: string;
    sha256: string;
    size: number;
  },
) {
  return q.one<DocumentRow>(
    `UPDATE documents SET status = 'signed', number = $3, signed_at = $4, signed_by = $5, signer_name = $6, signer_nip = $7, signer_title = $8,
            delegation = $9::jsonb, certificate_id = $10, signer_kind = $11, external_id = $12, file_id = $13, sha256 = $14, size = $15
      WHERE tenant_id = $1 AND id = $2 AND status = 'pending' RETURNING *`,
    [
      tenantId,
      id,
      s.number,
      s.signedAt,
      s.signedBy,
      s.signerName,
      s.signerNip,
      s.signerTitle,
      s.delegation,
      s.certificateId,
      s.signerKind,
      s.externalId,
      s.fileId,
      s.sha256,
      s.size,
    ],
  );
}

/** The next number in a numbering scope and year (the counter row stays locked until commit: gapless). */
export async function nextNumber(q: Queryable, tenantId: string, scope: string, year: number) {
  const r = await q.one<{ value: number }>(
    `INSERT INTO document_counters AS c (tenant_id, scope, year, value) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, scope, year) DO UPDATE SET value = c.value + 1 RETURNING value`,
    [tenantId, scope, year],
  );
  return r!.value;
}

// ---- delegations -------------------------------------------------------------------------------------

export async function insertDelegation(
  q: Queryable,
  d: {
    tenantId: string;
    unitId: string;
    role: string;
    principalId: string;
    deputyId: string;
    kind: "plt" | "plh";
    from: string;
    to: string;
    createdBy: string;
  },
) {
  return (await q.one<DelegationRow>(
    `INSERT INTO document_delegations (tenant_id, unit_id, role, principal_id, deputy_id, kind, valid_from, valid_to, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, tenant_id, unit_id, role, principal_id, deputy_id, kind,
       to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, created_at, revoked_at`,
    [d.tenantId, d.unitId, d.role, d.principalId, d.deputyId, d.kind, d.from, d.to, d.createdBy],
  )) as DelegationRow;
}

export const listDelegations = (q: Queryable, tenantId: string, userId: string | null) =>
  q.query<DelegationRow & { principal_name: string; deputy_name: string; unit_name: string }>(
    `SELECT d.id, d.tenant_id, d.unit_id, d.role, d.principal_id, d.deputy_id, d.kind, to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from,
            to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to, d.created_at, d.revoked_at, p.name AS principal_name, x.name AS deputy_name, u.name AS unit_name
       FROM document_delegations d
       JOIN directory_people p ON p.tenant_id = d.tenant_id AND p.id = d.principal_id
       JOIN directory_people x ON x.tenant_id = d.tenant_id AND x.id = d.deputy_id
       JOIN directory_units u ON u.tenant_id = d.tenant_id AND u.id = d.unit_id
      WHERE d.tenant_id = $1 AND ($2::uuid IS NULL OR d.principal_id = $2 OR d.deputy_id = $2)
      ORDER BY d.created_at DESC LIMIT 200`,
    [tenantId, userId],
  );

export const getDelegation = (q: Queryable, tenantId: string, id: string) =>
  q.one<DelegationRow>("SELECT * FROM document_delegations WHERE tenant_id = $1 AND id = $2", [tenantId, id]);

export async function revokeDelegation(q: Queryable, tenantId: string, id: string) {
  await q.query("UPDATE document_delegations SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

// ---- BSrE accounts (the official's NIK registered at BSrE) ------------------------------------------

export async function upsertBsreAccount(q: Queryable, tenantId: string, userId: string, nik: string) {
  await q.query(
    `INSERT INTO document_bsre_accounts (tenant_id, user_id, nik) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET nik = EXCLUDED.nik, failed_attempts = 0, locked_until = NULL`,
    [tenantId, userId, nik],
  );
}

export const bsreAccount = (q: Queryable, tenantId: string, userId: string) =>
  q.one<{ nik: string; locked_until: Date | null }>("SELECT nik, locked_until FROM document_bsre_accounts WHERE tenant_id = $1 AND user_id = $2", [
    tenantId,
    userId,
  ]);

export const bsrePassphraseFailed = (q: Queryable, tenantId: string, userId: string, maxAttempts: number, lockMinutes: number) =>
  q.one<{ failed_attempts: number; locked_until: Date | null }>(
    `UPDATE document_bsre_accounts SET failed_attempts = failed_attempts + 1,
            locked_until = CASE WHEN failed_attempts + 1 >= $3 THEN now() + make_interval(mins => $4) ELSE locked_until END
      WHERE tenant_id = $1 AND user_id = $2 RETURNING failed_attempts, locked_until`,
    [tenantId, userId, maxAttempts, lockMinutes],
  );

/** Delegations to a deputy valid on a day in a unit, for the given roles (e-Office dispositions and letters). */
export const activeDelegations = (q: Queryable, tenantId: string, deputyId: string, unitId: string, roles: readonly string[], day: string) =>
  q.query<{ id: string; kind: "plt" | "plh"; role: string; principal_id: string; principal_name: string }>(
    `SELECT d.id, d.kind, d.role, d.principal_id, p.name AS principal_name
       FROM document_delegations d JOIN directory_people p ON p.tenant_id = d.tenant_id AND p.id = d.principal_id
      WHERE d.tenant_id = $1 AND d.deputy_id = $2 AND d.unit_id = $3 AND d.role = ANY($4::text[])
        AND d.revoked_at IS NULL AND d.valid_from <= $5::date AND d.valid_to >= $5::date
      ORDER BY d.created_at DESC`,
    [tenantId, deputyId, unitId, `{${roles.join(",")}}`, day],
  );

/** Whether the official holds a certificate that is neither revoked nor expired. */
export const hasActiveCertificate = async (q: Queryable, tenantId: string, userId: string) => !!(await activeCertificate(q, tenantId, userId));

/** The newest signed document of each given case: the letter the applicant may download. */
export const signedDocumentsOfCases = (q: Queryable, tenantId: string, caseIds: string[]) =>
  q.query<{ case_id: string; id: string; title: string; number: string | null }>(
    `SELECT DISTINCT ON (case_id) case_id, id, title, number FROM documents
      WHERE tenant_id = $1 AND case_id = ANY($2::uuid[]) AND status = 'signed' ORDER BY case_id, signed_at DESC`,
    [tenantId, `{${caseIds.join(",")}}`],
  );
