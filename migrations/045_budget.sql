-- Budget mirror (issue 17, part 3): Permendagri 90/2019 nomenclature, SIPD lines, locks, revisions and a
-- tamper-evident hash chain with signed daily roots. SIPD stays the legal system; these tables mirror it.
INSERT INTO staff_roles (name) VALUES ('tapd') ON CONFLICT DO NOTHING;

-- National reference lists (the same for every tenant): programme structure and kode rekening.
CREATE TABLE budget_nomenclature (
  code text PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('urusan', 'bidang', 'program', 'kegiatan', 'sub_kegiatan')),
  name text NOT NULL
);
CREATE TABLE budget_accounts (
  code text PRIMARY KEY,
  level int NOT NULL CHECK (level BETWEEN 1 AND 6),
  name text NOT NULL
);

-- Standar Satuan Harga / Harga Satuan Pokok Kegiatan / Analisis Standar Belanja, per tenant and year.
CREATE TABLE budget_price_standards (
  tenant_id text NOT NULL REFERENCES tenants (id),
  year int NOT NULL,
  kind text NOT NULL CHECK (kind IN ('SSH', 'HSPK', 'ASB')),
  code text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  price numeric(18, 2) NOT NULL CHECK (price >= 0),
  account_code text,
  PRIMARY KEY (tenant_id, year, code)
);

-- The fiscal year: drafting until the DPRD-approved APBD is recorded, then locked (changes only by revision).
CREATE TABLE budget_years (
  tenant_id text NOT NULL REFERENCES tenants (id),
  year int NOT NULL,
  status text NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting', 'approved')),
  approved_at timestamptz,
  perda_number text,
  perda_sha256 text,
  price_standards_locked boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, year)
);

-- Drafting open per OPD (Kominfo/TAPD open and close it) and locked sub kegiatan.
CREATE TABLE budget_locks (
  tenant_id text NOT NULL REFERENCES tenants (id),
  year int NOT NULL,
  scope text NOT NULL CHECK (scope IN ('drafting', 'sub_kegiatan')),
  target text NOT NULL,
  open boolean NOT NULL,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, year, scope, target)
);

-- Current numbers. line_key = unit code / sub kegiatan code / kode rekening / description hash (one line).
CREATE TABLE budget_lines (
  tenant_id text NOT NULL REFERENCES tenants (id),
  year int NOT NULL,
  line_key text NOT NULL,
  unit_code text NOT NULL,
  sub_activity_code text NOT NULL,
  account_code text NOT NULL,
  description text NOT NULL,
  volume numeric(18, 2) NOT NULL DEFAULT 1,
  measure text NOT NULL DEFAULT '',
  unit_price numeric(18, 2) NOT NULL DEFAULT 0,
  amount numeric(18, 2) NOT NULL,
  standard_code text,
  PRIMARY KEY (tenant_id, year, line_key)
);
CREATE INDEX budget_lines_unit ON budget_lines (tenant_id, year, unit_code);

-- Revision 0 is the approved APBD (penetapan); 1..n are pergeseran / perubahan with their decree.
CREATE TABLE budget_revisions (
  tenant_id text NOT NULL REFERENCES tenants (id),
  year int NOT NULL,
  number int NOT NULL,
  kind text NOT NULL CHECK (kind IN ('penetapan', 'pergeseran', 'perubahan')),
  reason text NOT NULL,
  approver text NOT NULL,
  decree_number text NOT NULL,
  decree_sha256 text NOT NULL,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, year, number)
);
CREATE TABLE budget_revision_lines (
  tenant_id text NOT NULL,
  year int NOT NULL,
  number int NOT NULL,
  line_key text NOT NULL,
  amount_before numeric(18, 2),
  amount_after numeric(18, 2) NOT NULL,
  line jsonb NOT NULL,
  PRIMARY KEY (tenant_id, year, number, line_key),
  FOREIGN KEY (tenant_id, year, number) REFERENCES budget_revisions (tenant_id, year, number)
);

-- Realisation (BPKAD SP2D / SIPD realisasi) per line and month, and revenue (Bapenda).
CREATE TABLE budget_realisations (
  tenant_id text NOT NULL REFERENCES tenants (id),
  year int NOT NULL,
  unit_code text NOT NULL,
  sub_activity_code text NOT NULL,
  account_code text NOT NULL,
  month int NOT NULL CHECK (month BETWEEN 1 AND 12),
  amount numeric(18, 2) NOT NULL,
  PRIMARY KEY (tenant_id, year, unit_code, sub_activity_code, account_code, month)
);

-- The append-only chain: every budget state (import, lock, approval, revision) hashed onto the previous one.
CREATE TABLE budget_chain (
  tenant_id text NOT NULL REFERENCES tenants (id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  year int NOT NULL,
  event text NOT NULL,
  data jsonb NOT NULL,
  state_hash text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
-- The root of each day (the chain's head at the day's last entry), signed with the city's key; published.
CREATE TABLE budget_daily_roots (
  tenant_id text NOT NULL REFERENCES tenants (id),
  day date NOT NULL,
  seq bigint NOT NULL,
  root_hash text NOT NULL,
  signature text NOT NULL,
  cert_fingerprint text NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

CREATE FUNCTION budget_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'budget_chain is append-only';
END $$;
CREATE TRIGGER budget_chain_no_change BEFORE UPDATE OR DELETE ON budget_chain
  FOR EACH ROW EXECUTE FUNCTION budget_chain_append_only();
CREATE TRIGGER budget_revisions_no_change BEFORE UPDATE OR DELETE ON budget_revisions
  FOR EACH ROW EXECUTE FUNCTION budget_chain_append_only();
CREATE TRIGGER budget_revision_lines_no_change BEFORE UPDATE OR DELETE ON budget_revision_lines
  FOR EACH ROW EXECUTE FUNCTION budget_chain_append_only();
