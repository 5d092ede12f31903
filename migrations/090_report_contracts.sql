-- Published read contracts for e-Lapor, Open311 and Call Center 112 over the case engine (docs/architecture.md,
-- "Module boundaries"), as in 088: each a plain view of one table (PostgreSQL inlines it, so indexes and plans are the
-- table's), filtered by tenant_id by the caller. Owners: case_reports, case_history and case_files → cases;
-- lapor_public_reports and lapor_report_photos → complaints; open311_addresses → open311.

-- cases: the cases other modules file and show their own people — e-Lapor reports (kind complaint) and 112 incidents
-- (kind incident) — with what case_summaries leaves out: the tracking token the reporter or caller follows and the
-- report's answers. Never an application's.
CREATE VIEW case_reports AS
  SELECT id, tenant_id, kind, number, tracking_token, service_key, service_version, state, outcome, is_open, version, applicant_id,
         applicant_name, data, assignee_unit_id, sla_due_at, state_due_at, submitted_at, closed_at, created_at, updated_at
    FROM cases WHERE kind IN ('complaint', 'incident');

-- cases: a case's history as statistics read it: when, which step, by which role (no names, comments or data).
CREATE VIEW case_history AS
  SELECT id, tenant_id, case_id, at, kind, action, from_state, to_state, actor_role FROM case_events;

-- cases: the uploaded files' metadata and where their bytes are stored (e-Lapor's photos are files of their reports).
CREATE VIEW case_files AS
  SELECT id, tenant_id, owner_id, case_id, field, filename, content_type, size, storage_key, created_at FROM files;

-- complaints (e-Lapor): the reports the public may see — not confidential, not hidden by moderation — without their
-- reporter. The reader still leaves out archived reports (the case's state 'diarsipkan').
CREATE VIEW lapor_public_reports AS
  SELECT case_id, tenant_id, service_key, title, description, lat, lon, kelurahan_code, kecamatan_code, created_at
    FROM complaint_details WHERE NOT confidential AND NOT hidden;

-- complaints: the photos filed with a report (kind 'report'; not staff updates, after-photos or rejections).
CREATE VIEW lapor_report_photos AS
  SELECT file_id, tenant_id, case_id, created_at FROM complaint_photos WHERE kind = 'report';

-- open311: the address an Open311 client sent with its report (address_string), for the staff who place it.
CREATE VIEW open311_addresses AS
  SELECT tenant_id, case_id, address_string FROM open311_requests;
