-- Sign-in protection (docs/security.md): counters shared by every Balai process through the database.
--
-- One row counts the events of one key in one fixed time bucket: codes sent to one recipient
-- ('code-short', 'code-day'), failed sign-ins for one identifier from one client network
-- ('login-client'), failed sign-ins for one identifier from anywhere ('login-account'), wrong
-- second-factor codes of one user from one client network ('totp-client'). The key is a SHA-256 of the
-- normalized recipient or identifier (and client network): no phone number or e-mail is stored here.
-- A limit sums the buckets of its span (e.g. three 5-minute buckets for "per 15 minutes").
CREATE TABLE abuse_counters (
  tenant_id text NOT NULL REFERENCES tenants(id),
  scope text NOT NULL CHECK (scope IN ('code-short','code-day','login-client','login-account','totp-client')),
  key_hash text NOT NULL,
  bucket_start timestamptz NOT NULL,
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, scope, key_hash, bucket_start)
);
CREATE INDEX abuse_counters_age ON abuse_counters (tenant_id, bucket_start);

-- The per-account lock is gone (a stranger could lock anyone out): sign-in is throttled per identifier
-- and client network instead.
ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;
