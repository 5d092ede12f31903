-- Many Balai processes on one PostgreSQL (docs/cluster.md): rate-limit counters shared by every process, and the
-- leases that let one process at a time run a periodic job.

-- One row per (route, client key) window: the count and when the window ends. Expired rows are pruned in batches.
CREATE TABLE rate_limit_hits (
  key text PRIMARY KEY,
  count integer NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_hits_expires ON rate_limit_hits (expires_at);

-- A periodic job's lease: the process (`holder`) that may run `name` until `until`; taken by an atomic UPDATE.
CREATE TABLE job_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  until timestamptz NOT NULL,
  runs bigint NOT NULL DEFAULT 0,
  last_run_at timestamptz
);
