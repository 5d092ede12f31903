-- One login (src/modules/oidc, docs/sso.md): Balai as the OpenID Connect provider of the city's OPD apps, and the
-- registry of those apps (src/modules/registry, docs/registry.md) that clients and API keys are issued to.

-- Every OPD application Kominfo knows about. An OIDC client is issued only to an app in this list.
CREATE TABLE registry_apps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id text NOT NULL REFERENCES tenants(id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  owner_unit_id uuid,
  purpose text NOT NULL DEFAULT '',
  url text,
  hosting text NOT NULL DEFAULT 'balai' CHECK (hosting IN ('balai', 'city', 'pdn')),
  uses_splp boolean NOT NULL DEFAULT false,
  data_processed text NOT NULL DEFAULT '',
  data_classification text NOT NULL DEFAULT 'internal' CHECK (data_classification IN ('public', 'internal', 'restricted', 'confidential')),
  status text NOT NULL DEFAULT 'development' CHECK (status IN ('development', 'production', 'retired')),
  last_security_assessment date,
  duplicates_national text,
  review_due date,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, key),
  UNIQUE (tenant_id, id)
);

-- Registered OIDC clients: oidc-provider's client metadata as JSON; a revoked client is never found again.
CREATE TABLE oidc_clients (
  tenant_id text NOT NULL REFERENCES tenants(id),
  client_id text NOT NULL,
  app_id uuid NOT NULL,
  name text NOT NULL,
  metadata jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, client_id),
  FOREIGN KEY (tenant_id, app_id) REFERENCES registry_apps (tenant_id, id)
);

-- oidc-provider's stored artefacts (sessions, interactions, grants, codes, tokens …), one row per model and id.
CREATE TABLE oidc_models (
  tenant_id text NOT NULL,
  kind text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  uid text,
  user_code text,
  client_id text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (tenant_id, kind, id)
);
CREATE INDEX oidc_models_grant ON oidc_models (tenant_id, grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_models_uid ON oidc_models (tenant_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_models_client ON oidc_models (tenant_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX oidc_models_expiry ON oidc_models (expires_at);

-- Signing keys (private JWKs), cookie keys and the pairwise-subject salt; newest active first, retired ones kept
-- in the published JWKS until their tokens have expired.
CREATE TABLE oidc_keys (
  tenant_id text NOT NULL REFERENCES tenants(id),
  kid text NOT NULL,
  use text NOT NULL CHECK (use IN ('sig', 'cookie', 'pairwise')),
  material jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  PRIMARY KEY (tenant_id, kid)
);

-- A citizen's consent to give an app their NIK (UU PDP 27/2022): the app's registered purpose and retention, when.
CREATE TABLE oidc_nik_consents (
  tenant_id text NOT NULL,
  user_id uuid NOT NULL,
  client_id text NOT NULL,
  purpose text NOT NULL,
  retention_days integer NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  PRIMARY KEY (tenant_id, user_id, client_id)
);

-- Sign-ins through the provider, per app: "which apps use the one login, how much".
CREATE TABLE oidc_sign_ins (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  client_id text NOT NULL,
  user_id uuid,
  kind text NOT NULL CHECK (kind IN ('authorization_code', 'client_credentials', 'refresh_token')),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oidc_sign_ins_client ON oidc_sign_ins (tenant_id, client_id, at DESC);

-- Accounts linked to an upstream identity provider (INApas): its subject, and the NIK it vouches for.
CREATE TABLE identity_links (
  tenant_id text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('inapas')),
  subject text NOT NULL,
  user_id uuid NOT NULL,
  nik text,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, provider, subject)
);
CREATE UNIQUE INDEX identity_links_user ON identity_links (tenant_id, provider, user_id);
CREATE INDEX identity_links_nik ON identity_links (tenant_id, nik) WHERE nik IS NOT NULL;
