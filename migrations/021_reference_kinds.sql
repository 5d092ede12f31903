-- Staff roles, org unit kinds and service kinds become rows of small reference tables instead of CHECK lists,
-- so a module that brings a role (a puskesmas counter clerk, a school principal) or a unit kind (a school) adds
-- its rows in its own migration — no migration rewrites another's list. The code's lists (STAFF_ROLES, …) stay
-- the source of truth for the application; the foreign keys keep the store honest.
CREATE TABLE staff_roles (name text PRIMARY KEY);
INSERT INTO staff_roles (name) VALUES
  ('kominfo_admin'), ('opd_admin'), ('opd_operator'), ('lurah'), ('camat'),
  ('command_operator'), ('call_taker'), ('dispatcher'), ('auditor');
ALTER TABLE role_grants DROP CONSTRAINT IF EXISTS role_grants_role_check;
ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_fkey FOREIGN KEY (role) REFERENCES staff_roles (name);

CREATE TABLE org_unit_kinds (name text PRIMARY KEY);
INSERT INTO org_unit_kinds (name) VALUES
  ('pemda'), ('opd'), ('bidang'), ('uptd'), ('puskesmas'), ('kecamatan'), ('kelurahan');
ALTER TABLE org_units DROP CONSTRAINT IF EXISTS org_units_kind_check;
ALTER TABLE org_units ADD CONSTRAINT org_units_kind_fkey FOREIGN KEY (kind) REFERENCES org_unit_kinds (name);

CREATE TABLE service_kinds (name text PRIMARY KEY);
INSERT INTO service_kinds (name) VALUES ('application'), ('complaint'), ('incident'), ('booking');
ALTER TABLE services DROP CONSTRAINT IF EXISTS services_kind_check;
ALTER TABLE services ADD CONSTRAINT services_kind_fkey FOREIGN KEY (kind) REFERENCES service_kinds (name);
