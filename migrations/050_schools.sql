-- School reporting for Dinas Pendidikan (docs/schools.md): schools (SD/SMP) are org units of kind `sekolah` under
-- Disdik keyed by NPSN, imported from Dapodik; periodic reports are data (report kinds: a form, a period, a deadline,
-- who submits and who reviews); each school's report per kind and period is one row with its review state.
INSERT INTO org_unit_kinds (name) VALUES ('sekolah') ON CONFLICT DO NOTHING;
INSERT INTO staff_roles (name) VALUES ('kepala_sekolah'), ('operator_sekolah'), ('tppk') ON CONFLICT DO NOTHING;

CREATE TABLE schools (
  unit_id uuid PRIMARY KEY REFERENCES org_units(id),
  tenant_id text NOT NULL REFERENCES tenants(id),
  -- Nomor Pokok Sekolah Nasional: 8 characters (digits, some regions a leading letter).
  npsn text NOT NULL CHECK (npsn ~ '^[A-Z0-9]{8}$'),
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('SD', 'SMP')),
  status text NOT NULL DEFAULT 'Negeri',
  dapodik_id text,
  kecamatan_code text,
  address text,
  lat double precision,
  lon double precision,
  principal_name text,
  pupils integer NOT NULL DEFAULT 0,
  teachers integer NOT NULL DEFAULT 0,
  source text NOT NULL DEFAULT 'dapodik' CHECK (source IN ('dapodik', 'excel', 'demo')),
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, npsn)
);
CREATE INDEX schools_kecamatan ON schools (tenant_id, kecamatan_code);

-- Rombongan belajar (classes) of the current semester, from Dapodik: attendance is reported per class.
CREATE TABLE school_classes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL REFERENCES schools(unit_id),
  dapodik_id text NOT NULL,
  name text NOT NULL,
  grade integer,
  pupils integer NOT NULL DEFAULT 0,
  UNIQUE (unit_id, dapodik_id)
);

CREATE TABLE school_report_kinds (
  tenant_id text NOT NULL REFERENCES tenants(id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,40}$'),
  name jsonb NOT NULL,
  -- {fields: [{name, type, label, required, ...}]}, checked by src/modules/schools/forms.ts.
  form jsonb NOT NULL,
  period text NOT NULL CHECK (period IN ('monthly')),
  -- Due this many days after the period ends; reminders this many days before.
  due_days integer NOT NULL CHECK (due_days BETWEEN 1 AND 60),
  remind_days integer NOT NULL CHECK (remind_days BETWEEN 0 AND 30),
  submitter_roles text[] NOT NULL,
  reviewer_roles text[] NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE school_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL REFERENCES schools(unit_id),
  kind text NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  state text NOT NULL CHECK (state IN ('submitted', 'returned', 'accepted')),
  data jsonb NOT NULL,
  due_on date NOT NULL,
  late boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  submitted_at timestamptz NOT NULL,
  submitted_by uuid,
  reviewed_at timestamptz,
  reviewed_by uuid,
  review_comment text,
  FOREIGN KEY (tenant_id, kind) REFERENCES school_report_kinds (tenant_id, key),
  UNIQUE (tenant_id, unit_id, kind, period)
);
CREATE INDEX school_reports_period ON school_reports (tenant_id, kind, period);
-- The period overview reads every school's rows of one period.
CREATE INDEX school_reports_unit_period ON school_reports (tenant_id, period, unit_id);

-- Photos of facility damage, staged by the uploader and attached to a report when it is submitted.
CREATE TABLE school_report_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL REFERENCES schools(unit_id),
  owner_id uuid NOT NULL,
  report_id uuid REFERENCES school_reports(id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX school_report_photos_report ON school_report_photos (tenant_id, report_id);

-- One reminder per school, kind and period (the reminder job is idempotent).
CREATE TABLE school_report_reminders (
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL REFERENCES schools(unit_id),
  kind text NOT NULL,
  period text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, unit_id, kind, period)
);

-- Severe damage in an accepted facility report becomes a Dinas PUPR work order case (one per damage item).
CREATE TABLE school_work_orders (
  report_id uuid NOT NULL REFERENCES school_reports(id),
  item integer NOT NULL,
  tenant_id text NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL,
  case_number text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, item)
);
