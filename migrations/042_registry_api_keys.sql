-- API keys issued to a registered application (src/modules/registry): the key itself lives in api_keys (module apikeys).
CREATE TABLE registry_app_api_keys (
  tenant_id text NOT NULL,
  app_id uuid NOT NULL,
  api_key_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, api_key_id),
  FOREIGN KEY (tenant_id, app_id) REFERENCES registry_apps (tenant_id, id)
);
CREATE INDEX registry_app_api_keys_app ON registry_app_api_keys (tenant_id, app_id);
