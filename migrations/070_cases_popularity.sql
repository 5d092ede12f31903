-- Popular services (the home page, search's third ranking key): cases filed per service over the last 90 days,
-- counted from the index alone.
CREATE INDEX cases_submitted_service ON cases (tenant_id, submitted_at, service_key) WHERE submitted_at IS NOT NULL;
