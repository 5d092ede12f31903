-- Published read contracts (docs/architecture.md, "Module boundaries"): views a module offers the others, so a query
-- that must stay one statement for speed (the inbox, catalog search, dashboards, staff lists) can join another
-- module's rows for display without naming that module's table. Each is a plain projection of one table (PostgreSQL
-- inlines it, so indexes and plans are those of the table), filtered by tenant_id by the caller like the table.
-- Owners: directory_units and directory_grants → admin, directory_people → accounts, catalog_services and
-- catalog_versions → catalog, case_summaries → cases. A column is removed from a view only with its readers.

-- admin: the org-unit tree (units, kecamatan and kelurahan with their Kemendagri codes).
CREATE VIEW directory_units AS
  SELECT id, tenant_id, parent_id, kind, code, name FROM org_units;

-- admin: who holds which staff role in which unit.
CREATE VIEW directory_grants AS
  SELECT id, tenant_id, user_id, unit_id, role, granted_by, created_at FROM role_grants;

-- accounts: people as other modules show and contact them (never a password hash, TOTP secret or code).
CREATE VIEW directory_people AS
  SELECT id, tenant_id, kind, name, email, phone, nip, locale, verified_at, totp_enabled_at, disabled_at, created_at FROM users;

-- catalog: services (names, kind, owner unit, current version) and their versions' specs.
CREATE VIEW catalog_services AS
  SELECT tenant_id, key, prefix, kind, owner_unit_id, served_by, category, life_events, channel, active, current_version, name_id, name_en
    FROM services;
CREATE VIEW catalog_versions AS
  SELECT tenant_id, service_key, version, spec, status, published_at FROM service_versions;

-- cases: a case's number, state, place, unit and clocks (never its answers or tracking token).
CREATE VIEW case_summaries AS
  SELECT id, tenant_id, kind, number, service_key, service_version, state, outcome, is_open, version, applicant_id, applicant_name,
         assignee_unit_id, kecamatan_code, kelurahan_code, lat, lng, h3, sla_due_at, state_due_at, escalated_at, submitted_at,
         closed_at, created_at, updated_at, national_system, national_ref
    FROM cases;
