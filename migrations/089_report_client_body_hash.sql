-- Idempotency-Key with a different body (issue 14): the SHA-256 of the report a key first filed, so a retry with the
-- same key and the same body replays that report, and the same key with another body is refused (422
-- idempotency-key-reused, as the IETF httpapi Idempotency-Key draft says). Rows filed before have none: replayed.
ALTER TABLE complaint_details ADD COLUMN client_body_hash text;
