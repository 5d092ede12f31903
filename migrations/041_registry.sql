-- The registry (src/modules/registry, docs/registry.md), continued: what runs where, official social-media accounts,
-- each OPD's public front door (/opd/{code}) with Kominfo's approval, the servers and Balai's own process samples.

CREATE TABLE infra_servers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  location text NOT NULL DEFAULT '',
  vcpu integer NOT NULL CHECK (vcpu > 0),
  memory_gb integer NOT NULL CHECK (memory_gb > 0),
  storage_gb integer NOT NULL CHECK (storage_gb > 0),
  -- Balai itself runs here: its process samples (infra_samples) are recorded against this server.
  runs_balai boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);

ALTER TABLE registry_apps ADD COLUMN server_id uuid;
ALTER TABLE registry_apps ADD COLUMN reminded_at timestamptz;
-- What an app needs of its server (Kominfo's estimate), to answer "do our servers hold every OPD's apps?".
ALTER TABLE registry_apps ADD COLUMN vcpu_need real NOT NULL DEFAULT 0.5;
ALTER TABLE registry_apps ADD COLUMN memory_gb_need real NOT NULL DEFAULT 1;

CREATE TABLE infra_samples (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  server_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  cpu_percent real NOT NULL,
  rss_mb real NOT NULL,
  heap_mb real NOT NULL,
  load1 real NOT NULL,
  host_memory_used_percent real NOT NULL
);
CREATE INDEX infra_samples_server ON infra_samples (tenant_id, server_id, at DESC);

CREATE TABLE registry_social_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL,
  platform text NOT NULL CHECK (platform IN ('instagram', 'facebook', 'x', 'youtube', 'tiktok', 'whatsapp', 'website', 'other')),
  handle text NOT NULL,
  url text NOT NULL,
  admin_name text NOT NULL,
  admin_contact text NOT NULL DEFAULT '',
  verification text NOT NULL DEFAULT 'unverified' CHECK (verification IN ('unverified', 'verified')),
  last_review date,
  review_due date NOT NULL,
  reminded_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, platform, handle)
);

-- An OPD's front door: what is live (published) and a proposed change waiting for Kominfo (draft).
CREATE TABLE opd_pages (
  tenant_id text NOT NULL REFERENCES tenants(id),
  unit_id uuid NOT NULL,
  published jsonb,
  published_at timestamptz,
  approved_by uuid,
  draft jsonb,
  draft_by uuid,
  draft_at timestamptz,
  PRIMARY KEY (tenant_id, unit_id)
);
