-- Inbox search by the start of a case number ("SKTM-2025-0001…"): a btree range instead of a
-- trigram scan over every number of the tenant (the trigrams of "-2025-000" match almost all).
CREATE INDEX cases_number_prefix ON cases (tenant_id, number text_pattern_ops) WHERE number IS NOT NULL;
-- The number's trigram index now serves only digit-only searches, yet every submission paid for it
-- (a case update that changes indexed columns inserts into every index, GIN included). Digit-only
-- searches filter the unit's cases instead.
DROP INDEX cases_number_trgm;
