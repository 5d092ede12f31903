-- e-Lapor → SP4N-LAPOR! forwarding (docs/complaints.md, "Forwarding to SP4N-LAPOR!"): one row per forwarded report,
-- written in the transaction of the staff action with the XML fields it will send, drained by a job with back-off;
-- the tracking id LAPOR! answers goes to cases.national_ref (migration 084).
CREATE TABLE complaint_lapor_outbox (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL,
  body jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  tracking_id text,
  transaction_id text,
  requested_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (tenant_id, case_id)
);
CREATE INDEX complaint_lapor_outbox_pending ON complaint_lapor_outbox (next_at) WHERE state = 'pending';
