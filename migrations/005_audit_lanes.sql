-- The audit log becomes several hash chains per tenant ("lanes") instead of one, so that writers in
-- different lanes do not wait for each other: a transaction appends to the lane of its first audited
-- subject, under that lane's head row lock, held until commit. Existing entries are lane 0.
ALTER TABLE audit_log ADD COLUMN lane smallint NOT NULL DEFAULT 0;
-- One order over all lanes, for reading the log as it happened.
ALTER TABLE audit_log ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD PRIMARY KEY (tenant_id, lane, seq);
CREATE UNIQUE INDEX audit_log_id ON audit_log (tenant_id, id);
CREATE INDEX audit_log_subject ON audit_log (tenant_id, subject_type, subject_id);

-- The head of every lane: its last sequence number and hash. Locking this row serializes a lane's
-- writers; comparing it with the chain's tail shows entries cut off the end.
CREATE TABLE audit_heads (
  tenant_id text NOT NULL REFERENCES tenants(id),
  lane smallint NOT NULL,
  seq integer NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, lane)
);
INSERT INTO audit_heads (tenant_id, lane, seq, hash)
SELECT DISTINCT ON (tenant_id) tenant_id, 0, seq, hash FROM audit_log ORDER BY tenant_id, seq DESC;
