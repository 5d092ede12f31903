-- API keys for third-party apps (e.g. Open311 GeoReport v2 clients). Only the SHA-256 of a key is stored;
-- `prefix` is its first characters, shown to admins to tell keys apart.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  -- The citizen account that reports filed through this key belong to (created with the first one).
  app_user_id uuid,
  UNIQUE (tenant_id, id)
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at DESC);

-- Open311 submissions: which key filed which case, the reporter's contact details as the app sent them
-- (staff-only; never in any public output), and the token for GET tokens/{token}.
CREATE TABLE open311_requests (
  token text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL,
  service_request_id text NOT NULL,
  api_key_id uuid NOT NULL REFERENCES api_keys(id),
  email text,
  first_name text,
  last_name text,
  phone text,
  device_id text,
  account_id text,
  address_string text,
  media_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, case_id)
);
