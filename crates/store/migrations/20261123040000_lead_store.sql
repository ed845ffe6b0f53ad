-- Schema 4: the lead warehouse. People are merged from attendee lists; every list read is an
-- import batch that keeps its file hash, column mapping and original rows, so it can be
-- recognised when read again and undone as a whole. Touches record each contact moment;
-- lead_change records what every merge did to a lead, including values it did not apply.
--
-- Auto tags (event, attendance state, seniority, function) are not stored as tags: they are
-- read from attendance and from the person's classified title and department, so they can
-- never disagree with them. Only manual tags live in person_tag.

CREATE TABLE import_batch (
    id             INTEGER PRIMARY KEY,
    file_name      TEXT    NOT NULL,
    -- BLAKE3 of the file's bytes, hex.
    file_hash      TEXT    NOT NULL,
    file_size      INTEGER NOT NULL CHECK (file_size >= 0),
    event_id       INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    list_kind      TEXT    NOT NULL CHECK (list_kind IN ('registration', 'checkin')),
    -- Whether the list said who came (a check-in list, or a registration list with a 签到
    -- column): registered people not marked present become no-shows.
    reconciles     INTEGER NOT NULL CHECK (reconciles IN (0, 1)),
    sheet          TEXT    NOT NULL DEFAULT '',
    header_row     INTEGER,
    encoding       TEXT,
    -- JSON array: per column of the sheet, the field code it was read as, or null.
    mapping        TEXT    NOT NULL,
    headers        TEXT    NOT NULL DEFAULT '[]',
    rows_total     INTEGER NOT NULL DEFAULT 0,
    rows_new       INTEGER NOT NULL DEFAULT 0,
    rows_merged    INTEGER NOT NULL DEFAULT 0,
    rows_repeated  INTEGER NOT NULL DEFAULT 0,
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    -- event.checkin_known before this batch, restored when the batch is undone.
    checkin_known_before INTEGER NOT NULL DEFAULT 0,
    imported_at    TEXT    NOT NULL,
    undone_at      TEXT
) STRICT;
-- The same file counts once per event and list while its import stands.
CREATE UNIQUE INDEX import_batch_file ON import_batch(file_hash, event_id, list_kind)
    WHERE undone_at IS NULL;
CREATE INDEX import_batch_event ON import_batch(event_id);

-- Every row of the file as read, with what became of it, in chunks of consecutive rows: one
-- row per chunk rather than per line keeps a million-row import from writing a million
-- B-tree entries just for the record. `rows` is a JSON array of
-- [row number, outcome, person id or null, reason, [cells…]], outcome being new, merged,
-- repeated or rejected.
CREATE TABLE import_rows (
    batch_id  INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    first_row INTEGER NOT NULL,
    rows      TEXT    NOT NULL,
    PRIMARY KEY (batch_id, first_row)
) STRICT, WITHOUT ROWID;

ALTER TABLE person ADD COLUMN company_key   TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN industry      TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN other_phones  TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN seniority     TEXT NOT NULL DEFAULT 'unknown'
    CHECK (seniority IN ('c_level', 'vp_director', 'manager', 'staff', 'unknown'));
ALTER TABLE person ADD COLUMN role          TEXT NOT NULL DEFAULT 'unknown'
    CHECK (role IN ('decision_maker', 'influencer', 'user', 'unknown'));
ALTER TABLE person ADD COLUMN function      TEXT NOT NULL DEFAULT 'other'
    CHECK (function IN ('business', 'technology', 'compliance_risk', 'procurement', 'finance', 'other'));
-- The import that created the person; NULL for people entered by hand or by the demo.
ALTER TABLE person ADD COLUMN created_batch INTEGER REFERENCES import_batch(id);
ALTER TABLE person ADD COLUMN updated_at    TEXT;

-- No partial indexes on lookups by a bound value: SQLite re-prepares such a statement for
-- every new value (the index's condition is proven from the value), which made an import of
-- 100,000 rows spend a fifth of its time in the SQL parser.
CREATE INDEX person_email ON person(email);
-- Name prefixes are searched through person_name_company, which starts with the name.
DROP INDEX person_name;
CREATE INDEX person_name_company ON person(name, company_key);
CREATE INDEX person_created_batch ON person(created_batch);
-- Seniority alone or with a function, as the lead list filters them (and counts them).
CREATE INDEX person_seniority_function ON person(seniority, function);
CREATE INDEX person_function ON person(function);
CREATE INDEX person_city ON person(city);

-- Contact moments: registering, checking in (and later calls, visits…).
CREATE TABLE touch (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    event_id  INTEGER REFERENCES event(id) ON DELETE CASCADE,
    batch_id  INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('registered', 'checked_in')),
    -- Where the contact happened, e.g. the event's kind ('summit') or a campaign channel.
    channel   TEXT    NOT NULL DEFAULT '',
    -- The file, form or person it came from.
    source    TEXT    NOT NULL DEFAULT '',
    -- When it happened as far as known (the 报名时间, or the event's date).
    at        TEXT    NOT NULL
) STRICT;
CREATE INDEX touch_person ON touch(person_id, at);
CREATE INDEX touch_batch ON touch(batch_id, person_id);

-- Attendance is reconciled from touches; it is where event and state filters look. An event
-- whose check-in is known turns registered people who never checked in into no-shows.
CREATE INDEX attendance_event_state ON attendance(event_id, state, person_id);
ALTER TABLE event ADD COLUMN checkin_known INTEGER NOT NULL DEFAULT 0 CHECK (checkin_known IN (0, 1));
-- Events, touches and classified columns for rows written before schema 4 are filled in by
-- the migration's Rust step (store/src/backfill.rs).

CREATE TABLE tag (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE person_tag (
    tag_id    INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    added_at  TEXT    NOT NULL,
    PRIMARY KEY (tag_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tag_person ON person_tag(person_id);

-- What happened to a lead: created, fields filled or in conflict by an import, tags added or
-- removed, edits by hand.
CREATE TABLE lead_change (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    batch_id  INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
    at        TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('created', 'filled', 'conflict', 'tag_added', 'tag_removed', 'edited')),
    field     TEXT    NOT NULL DEFAULT '',
    before    TEXT    NOT NULL DEFAULT '',
    after     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX lead_change_person ON lead_change(person_id, id);
CREATE INDEX lead_change_batch ON lead_change(batch_id);

-- A column mapping remembered per organiser: header text (normalised) → field code.
CREATE TABLE import_template (
    organiser  TEXT NOT NULL PRIMARY KEY,
    mapping    TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
