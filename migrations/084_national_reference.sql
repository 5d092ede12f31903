-- The reference a national system gave a case Balai took in for it (SIAK, SIMBG, OSS-RBA, SIAPkerja) or a report
-- also filed in SP4N-LAPOR!: recorded by staff, shown to the applicant, kept in the case history and the audit log.
ALTER TABLE cases
  ADD COLUMN national_system text,
  ADD COLUMN national_ref text,
  ADD COLUMN national_ref_at timestamptz;
CREATE INDEX cases_national_ref ON cases (tenant_id, national_system, national_ref) WHERE national_ref IS NOT NULL;
