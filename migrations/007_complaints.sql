-- e-Lapor: a complaint is a case (kind 'complaint') plus one complaint_details row. The point lives in the case row
-- (cases.lat, cases.lng, cases.h3: H3 res 9), so the nearby index follows the engine's is_open without a trigger.

CREATE TABLE complaint_details (
  case_id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  service_key text NOT NULL,
  classification text NOT NULL CHECK (classification IN ('aspirasi','pengaduan','permintaan_informasi')),
  title text,
  description text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  h3 text NOT NULL,
  kelurahan_code text,
  kecamatan_code text,
  -- where the routing rules send it (the verifier forwards it there, or re-routes)
  routed_unit_id uuid,
  -- the reporter (also cases.applicant_id, for "my reports" and notifications); never shown to staff when anonymous
  reporter_id uuid,
  anonymous boolean NOT NULL DEFAULT false,
  confidential boolean NOT NULL DEFAULT false,
  support_count integer NOT NULL DEFAULT 0,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  rated_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  merged_into uuid,
  first_response_at timestamptz,
  hidden boolean NOT NULL DEFAULT false,
  flag_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
  UNIQUE (tenant_id, case_id)
);
-- Public list and map: newest first, keyset by (created_at, case_id).
CREATE INDEX complaint_details_public ON complaint_details (tenant_id, created_at DESC, case_id DESC) WHERE NOT confidential AND NOT hidden;
CREATE INDEX complaint_details_flagged ON complaint_details (tenant_id, created_at) WHERE flag_count > 0;

-- Duplicate suggestion ("near here, same category, still open"): cells of a disk, then the exact distance.
CREATE INDEX cases_complaint_nearby ON cases (tenant_id, service_key, h3) WHERE kind = 'complaint' AND is_open;
-- Heat map and statistics by date.
CREATE INDEX cases_complaint_submitted ON cases (tenant_id, submitted_at) WHERE kind = 'complaint';
-- Auto-close job: answered reports waiting for the reporter.
CREATE INDEX cases_complaint_responded ON cases (updated_at) WHERE kind = 'complaint' AND is_open AND state = 'responded';

-- "+1, saya juga mengalami": one support per user per report.
CREATE TABLE complaint_supports (
  tenant_id text NOT NULL,
  case_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, case_id, user_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES complaint_details (tenant_id, case_id)
);

-- Flags by users; undecided flags form Kominfo's moderation queue.
CREATE TABLE complaint_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL,
  case_id uuid NOT NULL,
  user_id uuid NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  decision text CHECK (decision IN ('hide','keep')),
  decided_by uuid,
  decided_at timestamptz,
  UNIQUE (tenant_id, case_id, user_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES complaint_details (tenant_id, case_id)
);
CREATE INDEX complaint_flags_open ON complaint_flags (tenant_id, created_at) WHERE decision IS NULL;

-- Photos of reports and progress updates: the re-encoded image is a row in `files` (EXIF stripped);
-- this row adds its thumbnail. case_id NULL = staged by the uploader, not yet attached to a report.
CREATE TABLE complaint_photos (
  file_id uuid PRIMARY KEY REFERENCES files (id),
  tenant_id text NOT NULL,
  owner_id uuid NOT NULL,
  case_id uuid,
  kind text NOT NULL CHECK (kind IN ('report','update')),
  thumb_storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaint_photos_case ON complaint_photos (tenant_id, case_id, created_at);
CREATE INDEX complaint_photos_staged ON complaint_photos (tenant_id, owner_id) WHERE case_id IS NULL;
