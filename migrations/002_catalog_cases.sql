-- Service catalog (versioned specs) and the case engine.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE catalog_taxa (
  tenant_id text NOT NULL REFERENCES tenants(id),
  kind text NOT NULL CHECK (kind IN ('category','life_event')),
  key text NOT NULL,
  name_id text NOT NULL,
  name_en text NOT NULL,
  description_id text,
  description_en text,
  icon text,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, kind, key)
);

CREATE TABLE services (
  tenant_id text NOT NULL REFERENCES tenants(id),
  key text NOT NULL,
  prefix text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('application','complaint','incident','booking')),
  owner_unit_id uuid NOT NULL,
  served_by text NOT NULL CHECK (served_by IN ('owner','kelurahan','kecamatan')),
  category text NOT NULL,
  life_events jsonb NOT NULL DEFAULT '[]'::jsonb,
  channel text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  current_version integer,
  name_id text NOT NULL,
  name_en text NOT NULL,
  -- Lower-cased, unaccented text of names, summaries and keywords, for full-text and typo-tolerant search.
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key),
  UNIQUE (tenant_id, prefix),
  FOREIGN KEY (tenant_id, owner_unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX services_owner ON services (tenant_id, owner_unit_id);
CREATE INDEX services_search_trgm ON services USING gin (search_text gin_trgm_ops);
CREATE INDEX services_search_fts ON services USING gin (to_tsvector('simple', search_text));

CREATE TABLE service_versions (
  tenant_id text NOT NULL,
  service_key text NOT NULL,
  version integer NOT NULL,
  spec jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  PRIMARY KEY (tenant_id, service_key, version),
  FOREIGN KEY (tenant_id, service_key) REFERENCES services (tenant_id, key) ON DELETE CASCADE
);

-- Published versions are immutable: open cases keep the version they started with.
CREATE FUNCTION service_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'published service version %/% is immutable', OLD.service_key, OLD.version;
  END IF;
  RETURN COALESCE(NEW, OLD);
END;
$$;
CREATE TRIGGER service_versions_guard BEFORE UPDATE OR DELETE ON service_versions
  FOR EACH ROW EXECUTE FUNCTION service_versions_immutable();

CREATE TABLE holidays (
  tenant_id text NOT NULL REFERENCES tenants(id),
  day date NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'national' CHECK (kind IN ('national','cuti_bersama','local')),
  PRIMARY KEY (tenant_id, day)
);

-- Gapless case numbers: one counter row per tenant, prefix and year, bumped inside the submitting transaction.
CREATE TABLE case_counters (
  tenant_id text NOT NULL,
  prefix text NOT NULL,
  year integer NOT NULL,
  last integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, prefix, year)
);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  number text,
  tracking_token text NOT NULL UNIQUE,
  service_key text NOT NULL,
  service_version integer NOT NULL,
  kind text NOT NULL,
  applicant_id uuid,
  applicant_name text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  state text NOT NULL,
  is_open boolean NOT NULL DEFAULT true,
  outcome text,
  version integer NOT NULL DEFAULT 1,
  assignee_unit_id uuid,
  kecamatan_code text,
  kelurahan_code text,
  lat double precision,
  lng double precision,
  h3 text,
  sla_due_at timestamptz,
  state_due_at timestamptz,
  escalated_at timestamptz,
  submitted_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, service_key, service_version) REFERENCES service_versions (tenant_id, service_key, version)
);
-- Staff inbox: open cases of a unit by due time; applicant's list; search by number.
CREATE INDEX cases_inbox ON cases (tenant_id, assignee_unit_id, sla_due_at) WHERE is_open AND state <> 'draft';
CREATE INDEX cases_unit_all ON cases (tenant_id, assignee_unit_id, submitted_at DESC);
CREATE INDEX cases_applicant ON cases (tenant_id, applicant_id, created_at DESC);
CREATE INDEX cases_service ON cases (tenant_id, service_key, state);
CREATE INDEX cases_number_trgm ON cases USING gin (number gin_trgm_ops);

CREATE TABLE case_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  case_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_name text,
  actor_role text,
  kind text NOT NULL CHECK (kind IN ('created','submitted','transition','comment','attachment','assigned','escalated','updated')),
  action text,
  from_state text,
  to_state text,
  comment text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_events_case ON case_events (tenant_id, case_id, id);

CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  owner_id uuid,
  case_id uuid,
  field text,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_case ON files (tenant_id, case_id);
