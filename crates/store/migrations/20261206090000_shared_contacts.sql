-- Schema 9: people who share a mobile or an email are kept apart (an assistant's phone, a
-- department mailbox). Each import counts the rows it kept apart that way; which numbers are
-- shared is read from the leads themselves (more than one lead gives it), so it cannot go stale.
ALTER TABLE import_batch ADD COLUMN rows_shared INTEGER NOT NULL DEFAULT 0 CHECK (rows_shared >= 0);
