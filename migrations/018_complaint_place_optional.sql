-- Intake never fails on a place Balai cannot resolve (docs/complaints.md, "Location"): an Open311 client may send
-- only an address_string (no point), and a report may have no kelurahan yet ("kelurahan belum ditentukan") until
-- Kominfo's verifier sets it (POST /api/lapor/reports/:id/kelurahan). cases.lat/lng/h3 are nullable already.
ALTER TABLE complaint_details
  ALTER COLUMN lat DROP NOT NULL,
  ALTER COLUMN lon DROP NOT NULL,
  ALTER COLUMN h3 DROP NOT NULL;

-- The verifier's list of reports whose kelurahan is not determined yet.
CREATE INDEX complaint_details_unplaced ON complaint_details (tenant_id, created_at DESC) WHERE kelurahan_code IS NULL;
