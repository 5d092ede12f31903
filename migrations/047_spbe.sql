-- SPBE / Pemdi self-assessment (issue 17, part 4). The frameworks themselves are data files (spbe/frameworks/);
-- an assessment names the framework key and version it was run with.
CREATE TABLE spbe_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants (id),
  framework text NOT NULL,
  framework_version int NOT NULL,
  year int NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, framework, year)
);
-- Which OPD answers which indicator.
CREATE TABLE spbe_assignments (
  assessment_id uuid NOT NULL REFERENCES spbe_assessments (id),
  indicator text NOT NULL,
  unit_code text NOT NULL,
  PRIMARY KEY (assessment_id, indicator)
);
CREATE TABLE spbe_answers (
  assessment_id uuid NOT NULL REFERENCES spbe_assessments (id),
  indicator text NOT NULL,
  level int NOT NULL,
  explanation text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'returned')),
  reviewed_level int,
  review_note text,
  answered_by uuid,
  answered_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by uuid,
  reviewed_at timestamptz,
  PRIMARY KEY (assessment_id, indicator)
);
CREATE TABLE spbe_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL REFERENCES spbe_assessments (id),
  indicator text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  size int NOT NULL,
  uploaded_by uuid,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX spbe_evidence_answer ON spbe_evidence (assessment_id, indicator);
