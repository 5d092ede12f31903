-- e-Puskesmas queue (docs/health.md): puskesmas, their polyclinics (BPJS kodepoli), doctor schedules with a daily
-- capacity, one number sequence per schedule and day, bookings (Balai, Mobile JKN and walk-ins share it), the
-- Mobile JKN web-service credentials and tokens per puskesmas, and the durable queue of pushes to BPJS.
INSERT INTO staff_roles (name) VALUES ('puskesmas_counter') ON CONFLICT DO NOTHING;

CREATE TABLE health_facilities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL REFERENCES org_units(id),
  -- BPJS faskes (PPK) code of the puskesmas, e.g. 0301U049; SATUSEHAT Organization and Location ids when registered.
  kode_faskes text,
  satusehat_org_id text,
  satusehat_location_id text,
  name text NOT NULL,
  address text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  -- Opening hours per ISO weekday (1 = Monday … 7 = Sunday): {"1": "07:30-14:00", …}; a missing day is closed.
  hours jsonb NOT NULL DEFAULT '{}'::jsonb,
  ws_username text,
  ws_password_hash text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, unit_id),
  UNIQUE (tenant_id, id)
);

CREATE TABLE health_polis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  facility_id uuid NOT NULL REFERENCES health_facilities(id),
  kodepoli text NOT NULL CHECK (kodepoli ~ '^[A-Z0-9]{3}$'),
  name text NOT NULL,
  -- The letter in front of the queue number (A-012).
  prefix text NOT NULL CHECK (prefix ~ '^[A-Z]$'),
  active boolean NOT NULL DEFAULT true,
  UNIQUE (facility_id, kodepoli)
);

CREATE TABLE health_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  poli_id uuid NOT NULL REFERENCES health_polis(id),
  kodedokter integer NOT NULL CHECK (kodedokter > 0),
  namadokter text NOT NULL,
  -- The doctor's NIK: SATUSEHAT finds the Practitioner by it.
  doctor_nik text CHECK (doctor_nik ~ '^[0-9]{16}$'),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  kapasitas integer NOT NULL CHECK (kapasitas BETWEEN 1 AND 1000),
  -- Minutes a patient takes on average, for the waiting estimate.
  minutes_per_patient integer NOT NULL DEFAULT 10 CHECK (minutes_per_patient BETWEEN 1 AND 240),
  active boolean NOT NULL DEFAULT true,
  UNIQUE (poli_id, kodedokter, weekday, start_time)
);

-- One row per schedule and day: the capacity guard. A conditional upsert (taken < kapasitas) holds the row lock,
-- so concurrent bookings serialize here and the quota is never exceeded; a cancellation gives its place back.
CREATE TABLE health_sessions (
  tenant_id text NOT NULL REFERENCES tenants(id),
  schedule_id uuid NOT NULL REFERENCES health_schedules(id),
  date date NOT NULL,
  taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
  PRIMARY KEY (schedule_id, date)
);

-- One number sequence per poli and day (every doctor of the poli, bookings and walk-ins alike): A-001, A-002, …
CREATE TABLE health_poli_days (
  tenant_id text NOT NULL REFERENCES tenants(id),
  poli_id uuid NOT NULL REFERENCES health_polis(id),
  date date NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (poli_id, date)
);

CREATE TABLE health_bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  facility_id uuid NOT NULL REFERENCES health_facilities(id),
  poli_id uuid NOT NULL REFERENCES health_polis(id),
  schedule_id uuid NOT NULL REFERENCES health_schedules(id),
  kodedokter integer NOT NULL,
  date date NOT NULL,
  number integer NOT NULL,
  code text NOT NULL,
  source text NOT NULL CHECK (source IN ('balai', 'mobilejkn', 'walkin')),
  state text NOT NULL CHECK (state IN ('booked', 'hadir', 'called', 'served', 'tidak_hadir', 'batal')),
  nik text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  nomorkartu text CHECK (nomorkartu ~ '^[0-9]{13}$'),
  patient_name text,
  nohp text,
  norm text,
  keluhan text,
  alasan text,
  user_id uuid REFERENCES users(id),
  -- The citizen's phone view opens the ticket by this unguessable token.
  token text NOT NULL UNIQUE,
  call_count integer NOT NULL DEFAULT 0,
  booked_at timestamptz NOT NULL DEFAULT now(),
  checked_in_at timestamptz,
  called_at timestamptz,
  served_at timestamptz,
  ended_at timestamptz,
  near_notified boolean NOT NULL DEFAULT false,
  satusehat_encounter_id text,
  UNIQUE (poli_id, date, number)
);
CREATE UNIQUE INDEX health_bookings_one_active_nik ON health_bookings (tenant_id, date, poli_id, kodedokter, nik)
  WHERE state IN ('booked', 'hadir', 'called');
CREATE UNIQUE INDEX health_bookings_one_active_card ON health_bookings (tenant_id, date, poli_id, kodedokter, nomorkartu)
  WHERE state IN ('booked', 'hadir', 'called') AND nomorkartu IS NOT NULL;
CREATE INDEX health_bookings_day ON health_bookings (tenant_id, poli_id, date, state);
CREATE INDEX health_bookings_user ON health_bookings (user_id, date) WHERE user_id IS NOT NULL;

CREATE TABLE health_ws_tokens (
  token_hash text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  facility_id uuid NOT NULL REFERENCES health_facilities(id),
  expires_at timestamptz NOT NULL
);

-- Pushes to BPJS's antrean FKTP service, written in the transaction of the change and sent (with retries) by a job.
CREATE TABLE health_bpjs_outbox (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  facility_id uuid NOT NULL REFERENCES health_facilities(id),
  booking_id uuid REFERENCES health_bookings(id),
  path text NOT NULL CHECK (path IN ('antrean/add', 'antrean/panggil', 'antrean/batal')),
  body jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX health_bpjs_outbox_pending ON health_bpjs_outbox (next_at) WHERE state = 'pending';
