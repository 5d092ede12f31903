-- schools (docs/schools.md): e-Lapor reports involving minors (bullying, violence; categories with
-- `complaint.protection: tppk`) are read only by the reporter and TPPK members of the assigned or routed unit.
ALTER TABLE complaint_details ADD COLUMN tppk boolean NOT NULL DEFAULT false;
