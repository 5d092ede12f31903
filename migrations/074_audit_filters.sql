-- The audit log read by person and by subject (GET /api/admin/audit?actorId=…&subject=…), newest first.
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (tenant_id, actor_id, id);
CREATE INDEX IF NOT EXISTS audit_log_subject_id ON audit_log (tenant_id, subject_id, id);
