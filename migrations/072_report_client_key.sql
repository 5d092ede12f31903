-- e-Lapor offline queue (issue 14 item 3): a report sent from the phone's queue carries an Idempotency-Key; a retry
-- with the same key by the same reporter gets the report already filed instead of a second one.
ALTER TABLE complaint_details ADD COLUMN client_key text;
CREATE UNIQUE INDEX complaint_details_client_key ON complaint_details (tenant_id, reporter_id, client_key) WHERE client_key IS NOT NULL;
