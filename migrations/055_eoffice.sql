-- e-Office: letters (surat masuk / surat keluar / nota dinas), dispositions and the archive's retention schedule
-- (docs/eoffice.md). Vocabulary follows SRIKANDI so records can move there.

INSERT INTO staff_roles (name) VALUES ('sekretariat') ON CONFLICT DO NOTHING;
INSERT INTO staff_roles (name) VALUES ('kepala') ON CONFLICT DO NOTHING;

-- The retention schedule (Jadwal Retensi Arsip, JRA): national reference data, the same for every pemda, so not
-- per tenant. Codes from the pemda classification scheme (Permendagri 83/2022 lampiran); active and inactive
-- years and the final fate per the JRA fasilitatif/substantif schedules.
CREATE TABLE eoffice_classifications (
  code text PRIMARY KEY,
  name text NOT NULL,
  active_years integer NOT NULL CHECK (active_years >= 0),
  inactive_years integer NOT NULL CHECK (inactive_years >= 0),
  final_fate text NOT NULL CHECK (final_fate IN ('musnah', 'permanen', 'dinilai_kembali'))
);
INSERT INTO eoffice_classifications (code, name, active_years, inactive_years, final_fate) VALUES
  ('000', 'Umum', 2, 3, 'musnah'),
  ('000.1', 'Ketatausahaan dan Kerumahtanggaan', 2, 3, 'musnah'),
  ('000.1.2', 'Undangan', 1, 1, 'musnah'),
  ('000.2', 'Perlengkapan', 2, 3, 'musnah'),
  ('000.5', 'Perencanaan', 2, 8, 'permanen'),
  ('000.7', 'Organisasi dan Tata Laksana', 3, 7, 'permanen'),
  ('000.8', 'Kepegawaian (kebijakan)', 2, 8, 'permanen'),
  ('000.9', 'Keuangan (pertanggungjawaban)', 2, 8, 'dinilai_kembali'),
  ('100', 'Pemerintahan', 3, 7, 'permanen'),
  ('100.3', 'Otonomi Daerah', 3, 7, 'permanen'),
  ('300', 'Ketenteraman dan Ketertiban Umum', 2, 5, 'dinilai_kembali'),
  ('400', 'Kesejahteraan Rakyat', 2, 5, 'dinilai_kembali'),
  ('400.3', 'Pendidikan', 2, 5, 'dinilai_kembali'),
  ('400.7', 'Kesehatan', 2, 5, 'dinilai_kembali'),
  ('500', 'Perekonomian dan Pembangunan', 2, 5, 'dinilai_kembali'),
  ('500.2', 'Perdagangan', 2, 5, 'dinilai_kembali'),
  ('600', 'Pekerjaan Umum dan Penataan Ruang', 3, 7, 'permanen'),
  ('700', 'Pengawasan', 5, 5, 'permanen'),
  ('800', 'Kepegawaian', 2, 3, 'musnah'),
  ('800.1', 'Pengadaan dan Mutasi Pegawai', 2, 3, 'musnah'),
  ('900', 'Keuangan', 2, 8, 'musnah'),
  ('900.1', 'Anggaran (APBD)', 2, 8, 'permanen');

-- One letter: incoming (registered by the secretariat, or delivered inside Balai from another OPD's outgoing
-- letter) or outgoing (drafted → verified → signed → sent).
CREATE TABLE eoffice_letters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  kind text NOT NULL CHECK (kind IN ('surat', 'nota_dinas')),
  status text NOT NULL CHECK (status IN ('registered', 'disposed', 'finished', 'draft', 'verification', 'signing', 'signed', 'sent')),
  agenda_number integer,
  number text,
  subject text NOT NULL,
  sender text NOT NULL,
  recipient text NOT NULL,
  letter_date date NOT NULL,
  received_on date,
  classification_code text NOT NULL REFERENCES eoffice_classifications (code),
  confidentiality text NOT NULL CHECK (confidentiality IN ('biasa', 'terbatas', 'rahasia', 'sangat_rahasia')),
  urgency text NOT NULL CHECK (urgency IN ('biasa', 'segera', 'sangat_segera')),
  body text,
  copies text[] NOT NULL DEFAULT '{}',
  copy_unit_ids uuid[] NOT NULL DEFAULT '{}',
  is_copy boolean NOT NULL DEFAULT false,
  to_unit_id uuid,
  source_letter_id uuid,
  drafter_id uuid,
  verifier_id uuid,
  signer_id uuid,
  review_note text,
  file_key text,
  file_name text,
  file_type text,
  file_sha256 text,
  file_size integer,
  signed_at timestamptz,
  signed_by uuid,
  signer_name text,
  signer_title text,
  delegation jsonb,
  verify_code text UNIQUE,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX eoffice_letters_unit ON eoffice_letters (tenant_id, unit_id, direction, created_at DESC);

-- A disposition: a head (or the one who received it) sends the letter on to a staff member of the unit with an
-- instruction and a deadline. unread → read → forwarded | finished; cancelled only while unread.
CREATE TABLE eoffice_dispositions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  letter_id uuid NOT NULL REFERENCES eoffice_letters (id),
  parent_id uuid REFERENCES eoffice_dispositions (id),
  unit_id uuid NOT NULL,
  from_user_id uuid NOT NULL,
  to_user_id uuid NOT NULL,
  instruction text NOT NULL,
  due_on date,
  status text NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'read', 'forwarded', 'finished', 'cancelled')),
  delegation jsonb,
  read_at timestamptz,
  done_at timestamptz,
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eoffice_dispositions_to ON eoffice_dispositions (tenant_id, to_user_id, status, created_at DESC);
CREATE INDEX eoffice_dispositions_letter ON eoffice_dispositions (tenant_id, letter_id, created_at);

-- Gapless counters: agenda numbers of incoming letters per unit and year; outgoing numbers per unit, classification and year.
CREATE TABLE eoffice_counters (
  tenant_id text NOT NULL,
  scope text NOT NULL,
  year integer NOT NULL,
  seq integer NOT NULL,
  PRIMARY KEY (tenant_id, scope, year)
);
