-- Schema 12: an import remembers its rows as well as its file's bytes, so that a re-saved copy
-- of a list (other bytes, encoding or format, the same people) is recognised and not imported
-- into the same list twice. '' for imports from before: they are only recognised by bytes.
ALTER TABLE import_batch ADD COLUMN rows_fingerprint TEXT NOT NULL DEFAULT '';
CREATE INDEX import_batch_rows ON import_batch(event_id, list_kind, rows_fingerprint)
    WHERE rows_fingerprint <> '' AND undone_at IS NULL;
