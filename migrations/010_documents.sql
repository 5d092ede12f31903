-- Official documents with electronic signatures (docs/documents.md).

-- The tenant's local certificate authority: its root certificate and the root key, encrypted with
-- the deployment's CA secret (BALAI_CA_SECRET). Cities that sign through BSrE may never create one.
CREATE TABLE document_cas (
  tenant_id text PRIMARY KEY REFERENCES tenants(id),
  cert_pem text NOT NULL,
  key_sealed text NOT NULL,
  fingerprint text NOT NULL,
  crl_number integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Certificates issued to officials. The private key is sealed with the official's passphrase
-- (scrypt + AES-256-GCM); the passphrase itself is never stored. Failed passphrases are counted.
CREATE TABLE document_certificates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL,
  serial text NOT NULL,
  algorithm text NOT NULL CHECK (algorithm IN ('rsa-2048', 'ecdsa-p256')),
  subject_name text NOT NULL,
  nip text,
  title text,
  cert_pem text NOT NULL,
  key_sealed text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  revoked_at timestamptz,
  revoke_reason text CHECK (revoke_reason IN ('superseded', 'key_compromise', 'cessation', 'unspecified')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, serial)
);
CREATE INDEX document_certificates_user ON document_certificates (tenant_id, user_id, created_at DESC);

-- Plt./Plh.: the principal's signing role in a unit, delegated to a named deputy for a date range.
CREATE TABLE document_delegations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL,
  role text NOT NULL,
  principal_id uuid NOT NULL,
  deputy_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('plt', 'plh')),
  valid_from date NOT NULL,
  valid_to date NOT NULL CHECK (valid_to >= valid_from),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX document_delegations_deputy ON document_delegations (tenant_id, deputy_id) WHERE revoked_at IS NULL;

-- One output document of a case: pending in the signer's queue while the case waits at its signing
-- step, then signed (or cancelled when the case leaves that step another way).
CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL,
  service_key text NOT NULL,
  service_version integer NOT NULL,
  unit_id uuid NOT NULL,
  signer_role text NOT NULL,
  sign_action text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed', 'cancelled')),
  code text NOT NULL,
  title text NOT NULL,
  number text,
  signed_at timestamptz,
  signed_by uuid,
  signer_name text,
  signer_nip text,
  signer_title text,
  delegation jsonb,
  certificate_id uuid,
  signer_kind text CHECK (signer_kind IN ('local', 'bsre')),
  external_id text,
  file_id uuid,
  sha256 text,
  size integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  UNIQUE (tenant_id, code)
);
CREATE UNIQUE INDEX documents_pending_case ON documents (tenant_id, case_id) WHERE status = 'pending';
CREATE INDEX documents_queue ON documents (tenant_id, unit_id, signer_role, created_at) WHERE status = 'pending';
CREATE INDEX documents_case ON documents (tenant_id, case_id);
CREATE INDEX documents_sha ON documents (tenant_id, sha256) WHERE sha256 IS NOT NULL;

-- Gapless document numbers per numbering scope (scheme + unit) and year.
CREATE TABLE document_counters (
  tenant_id text NOT NULL,
  scope text NOT NULL,
  year integer NOT NULL,
  value integer NOT NULL,
  PRIMARY KEY (tenant_id, scope, year)
);

-- Officials who sign through BSrE: their NIK as registered there (the passphrase stays with BSrE).
CREATE TABLE document_bsre_accounts (
  tenant_id text NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL,
  nik text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  PRIMARY KEY (tenant_id, user_id)
);
