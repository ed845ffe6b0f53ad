-- Schema 11: WeChat is one more way to reach a lead. Leads nobody can reach (no mobile, other
-- phone, email or WeChat) are counted per import and found through their own small index; so
-- are the rows an import took with a warning, which stay with it.
ALTER TABLE person ADD COLUMN wechat TEXT NOT NULL DEFAULT '';
ALTER TABLE import_batch ADD COLUMN rows_no_contact INTEGER NOT NULL DEFAULT 0 CHECK (rows_no_contact >= 0);
ALTER TABLE import_batch ADD COLUMN rows_warned INTEGER NOT NULL DEFAULT 0 CHECK (rows_warned >= 0);
CREATE INDEX person_no_contact ON person(id)
    WHERE mobile IS NULL AND email IS NULL AND other_phones = '' AND wechat = '';
