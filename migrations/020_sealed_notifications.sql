-- Sealed notifications (docs/complaints.md, "Messages to reporters").
--
-- A message to the reporter of an e-Lapor report names the report (number, tracking link); its row keeps no
-- address. `recipient` is empty and the dispatcher reads the address from the account (`user_id`) when it
-- delivers, so no stored row, and no page that lists rows, puts a report next to the person who filed it
-- (anonymous reports stay anonymous, confidential ones stay confidential).
ALTER TABLE notifications ADD COLUMN recipient_sealed boolean NOT NULL DEFAULT false;
ALTER TABLE notifications ADD CONSTRAINT notifications_sealed_no_address CHECK (NOT recipient_sealed OR (recipient = '' AND user_id IS NOT NULL));

-- Messages already written about reports (subject "<category> <number>") are sealed too.
UPDATE notifications n SET recipient = '', recipient_sealed = true
 WHERE n.user_id IS NOT NULL
   AND EXISTS (SELECT 1 FROM cases c
                WHERE c.tenant_id = n.tenant_id AND c.kind = 'complaint' AND c.applicant_id = n.user_id
                  AND c.number = regexp_replace(n.subject, '^.* ', ''));
