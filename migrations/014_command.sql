-- Command center "Lawang Jabo" and Call Center 112.
--
-- Incidents are cases of kind 'incident' (service kejadian-darurat-112); `incidents` holds what a call
-- taker records beside the case (type, priority, caller, place) and the times response reports need.
-- Every further call about the same event is a row of `incident_calls`. Responding units (Damkar,
-- PSC 119, BPBD, Satpol PP, Dishub, police as an external contact) are `responders`; each assignment of a
-- responder to an incident is a `dispatches` row with its own status and times.
CREATE TABLE incidents (
  case_id uuid PRIMARY KEY REFERENCES cases(id),
  tenant_id text NOT NULL REFERENCES tenants(id),
  type text NOT NULL CHECK (type IN ('fire','medical','traffic','crime','disaster','tree','missing','other')),
  priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 3),
  source text NOT NULL CHECK (source IN ('call','app','ingest')),
  caller_name text,
  caller_phone text,
  address text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  h3 text NOT NULL,
  kelurahan_code text,
  kecamatan_code text,
  notes text,
  call_count integer NOT NULL DEFAULT 1,
  taken_by uuid,
  received_at timestamptz NOT NULL,
  first_dispatched_at timestamptz,
  first_arrived_at timestamptz,
  closed_at timestamptz,
  outcome text CHECK (outcome IN ('handled','false_alarm')),
  closing_note text
);
CREATE INDEX incidents_open ON incidents (tenant_id, received_at DESC) WHERE closed_at IS NULL;
CREATE INDEX incidents_recent ON incidents (tenant_id, type, h3, received_at DESC);
CREATE INDEX incidents_received ON incidents (tenant_id, received_at);

CREATE TABLE incident_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES incidents(case_id),
  caller_name text,
  caller_phone text,
  notes text,
  source text NOT NULL DEFAULT 'call',
  taken_by uuid,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_calls_case ON incident_calls (case_id, received_at);

CREATE TABLE responders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  name text NOT NULL,
  agency text NOT NULL CHECK (agency IN ('damkar','psc119','bpbd','satpolpp','dishub','police','other')),
  -- The OPD whose staff (liaison) see and update this responder's dispatches; null for an external contact.
  org_unit_id uuid,
  phone text,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (tenant_id, code)
);

CREATE TABLE dispatches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES incidents(case_id),
  responder_id uuid NOT NULL REFERENCES responders(id),
  status text NOT NULL CHECK (status IN ('dispatched','en_route','on_scene','finished','cancelled')),
  note text,
  dispatched_by uuid,
  dispatched_at timestamptz NOT NULL,
  en_route_at timestamptz,
  on_scene_at timestamptz,
  finished_at timestamptz,
  cancelled_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX dispatches_case ON dispatches (case_id, dispatched_at);
CREATE INDEX dispatches_active ON dispatches (tenant_id, responder_id) WHERE status IN ('dispatched','en_route','on_scene');

-- CCTV registry (Dishub's cameras and any other OPD's), with the health job's last verdict.
CREATE TABLE cameras (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  name text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  owner_unit_id uuid,
  stream_kind text NOT NULL CHECK (stream_kind IN ('hls','mjpeg','snapshot')),
  stream_url text,
  status text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown','online','offline')),
  checked_at timestamptz,
  last_error text,
  latency_ms integer,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);

-- OPD integration: events pushed by OPD systems (flood sensors, traffic counters, the water utility)
-- with an API key of scope 'ingest', and the threshold rules that raise alerts on them.
CREATE TABLE ingest_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  api_key_id uuid,
  source text NOT NULL,
  kind text NOT NULL,
  value double precision,
  unit text,
  lat double precision,
  lon double precision,
  message text,
  data jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  alert_rule_id uuid,
  severity text
);
CREATE INDEX ingest_events_recent ON ingest_events (tenant_id, id DESC);
CREATE INDEX ingest_events_source ON ingest_events (tenant_id, source, kind, id DESC);

CREATE TABLE ingest_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  source text,
  kind text NOT NULL,
  op text NOT NULL CHECK (op IN ('>','>=','<','<=')),
  threshold double precision NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info','warning','critical')),
  message_id text NOT NULL,
  message_en text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_rules_kind ON ingest_rules (tenant_id, kind) WHERE active;

-- The live stream replays the outbox by id (Last-Event-ID); old events are pruned by age.
CREATE INDEX outbox_events_created ON outbox_events (created_at);
