-- WhatsApp front door (docs/whatsapp-front-door.md): inbound messages seen (idempotency on the provider's message
-- id), one conversation per phone number, and which citizen accounts were created from WhatsApp.
CREATE TABLE frontdoor_inbound (
  tenant_id text NOT NULL REFERENCES tenants(id),
  channel text NOT NULL CHECK (channel IN ('whatsapp','sms')),
  message_id text NOT NULL,
  kind text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel, message_id)
);
CREATE INDEX frontdoor_inbound_tenant ON frontdoor_inbound (tenant_id, received_at DESC);

CREATE TABLE frontdoor_conversations (
  tenant_id text NOT NULL REFERENCES tenants(id),
  phone text NOT NULL,
  step text NOT NULL CHECK (step IN ('category','description','location','photo','confirm')),
  data jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, phone)
);

CREATE TABLE frontdoor_accounts (
  tenant_id text NOT NULL,
  user_id uuid NOT NULL,
  source text NOT NULL CHECK (source IN ('whatsapp')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
