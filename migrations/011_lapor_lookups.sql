-- e-Lapor lookups measured at 1,000,000 reports (bench): the complaint categories among all service
-- versions (11.9 ms → 0.2 ms), and the reports one account filed in the last hour for the per-account
-- limit (31 ms → 2 ms for an account with many cases).
CREATE INDEX service_versions_complaint ON service_versions (tenant_id, service_key, version) WHERE spec ? 'complaint';
CREATE INDEX cases_complaint_applicant ON cases (tenant_id, applicant_id, created_at) WHERE kind = 'complaint';
