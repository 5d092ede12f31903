-- e-Lapor: the citizen closes the loop (issue 14 item 8; docs/complaints.md, "Closing the loop").
-- Staff mark a report done with an after-photo; the reporter confirms or rejects the fix within 7 calendar days;
-- a new report at the same spot and category within 60 days of a confirmed fix is linked to it as a recurrence.

ALTER TABLE complaint_photos DROP CONSTRAINT IF EXISTS complaint_photos_kind_check;
ALTER TABLE complaint_photos ADD CONSTRAINT complaint_photos_kind_check CHECK (kind IN ('report','update','after','rejection'));

ALTER TABLE complaint_details
  -- the after-photo staff uploaded for the next `resolve` (used up by it)
  ADD COLUMN pending_after_photo uuid,
  -- the after-photo of the last fix
  ADD COLUMN fix_after_photo uuid,
  -- awaiting: the reporter may confirm or reject until fix_due_at; confirmed/rejected: the reporter answered;
  -- unconfirmed: no answer in time
  ADD COLUMN fix_status text CHECK (fix_status IN ('awaiting','confirmed','rejected','unconfirmed')),
  ADD COLUMN fix_done_at timestamptz,
  ADD COLUMN fix_due_at timestamptz,
  ADD COLUMN fix_answered_at timestamptz,
  ADD COLUMN fix_rejections integer NOT NULL DEFAULT 0,
  ADD COLUMN fix_reject_reason text,
  -- a recurrence: the report whose confirmed fix this one follows
  ADD COLUMN recurrence_of uuid;

CREATE INDEX complaint_details_fix_due ON complaint_details (fix_due_at) WHERE fix_status = 'awaiting';
CREATE INDEX complaint_details_fixed ON complaint_details (tenant_id, service_key, h3) WHERE fix_status = 'confirmed';
CREATE INDEX complaint_details_recurrence ON complaint_details (tenant_id, recurrence_of) WHERE recurrence_of IS NOT NULL;
