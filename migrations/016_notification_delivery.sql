-- Delivery of notifications through real SMS / WhatsApp / e-mail adapters (docs/messaging.md).
--
-- A notification stays 'pending' (shown as "queued") until an adapter accepts it ('sent'; 'recorded' for the
-- development adapter) or it fails for good ('failed': a permanent 4xx answer, or too many attempts).
-- Temporary failures (time-out, 429, 5xx) set next_attempt_at with back-off; the dispatcher also moves
-- next_attempt_at forward while it holds a message (a lease), so a crashed process's claim runs out.
ALTER TABLE notifications
  ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN provider text,
  ADD COLUMN provider_message_id text,
  ADD COLUMN last_attempt_at timestamptz;

DROP INDEX notifications_pending;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_tenant_status ON notifications (tenant_id, status, created_at DESC);
