-- Schema 7: the same constraints, cheaper to check. SQLite checks `x IN ('a', 'b', 'c')` by
-- building a temporary B-tree of the list, for every row written: the three such checks of
-- person cost more than the insert itself (7 µs a lead), and attendance and lead_change pay
-- theirs on every import row too. Written as comparisons joined by OR, each check is a few
-- string compares. The tables keep their columns, in order, and every row.
--
-- The migration runs with foreign keys off (migrate.rs): `DROP TABLE person` would otherwise
-- delete every touch, attendance and history row that points at a lead.

CREATE TABLE person_v7 (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    mobile        TEXT,
    email         TEXT,
    company       TEXT NOT NULL DEFAULT '',
    department    TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    company_key   TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    other_phones  TEXT NOT NULL DEFAULT '',
    seniority     TEXT NOT NULL DEFAULT 'unknown' CHECK (
        seniority = 'c_level' OR seniority = 'vp_director' OR seniority = 'manager'
        OR seniority = 'staff' OR seniority = 'unknown'),
    role          TEXT NOT NULL DEFAULT 'unknown' CHECK (
        role = 'decision_maker' OR role = 'influencer' OR role = 'user' OR role = 'unknown'),
    function      TEXT NOT NULL DEFAULT 'other' CHECK (
        function = 'business' OR function = 'technology' OR function = 'compliance_risk'
        OR function = 'procurement' OR function = 'finance' OR function = 'other'),
    created_batch INTEGER REFERENCES import_batch(id),
    updated_at    TEXT,
    company_id    INTEGER REFERENCES company(id)
) STRICT;
INSERT INTO person_v7 SELECT * FROM person;
DROP TABLE person;
ALTER TABLE person_v7 RENAME TO person;
CREATE INDEX person_mobile ON person(mobile);
CREATE INDEX person_company ON person(company);
CREATE INDEX person_email ON person(email);
CREATE INDEX person_name_company ON person(name, company_key);
CREATE INDEX person_seniority_function ON person(seniority, function);
CREATE INDEX person_function ON person(function);
CREATE INDEX person_city ON person(city);
CREATE INDEX person_company_id ON person(company_id, name, company_key);

CREATE TABLE attendance_v7 (
    event_id  INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    state     TEXT    NOT NULL CHECK (
        state = 'registered' OR state = 'attended' OR state = 'no_show' OR state = 'walk_in'),
    PRIMARY KEY (event_id, person_id)
) STRICT, WITHOUT ROWID;
INSERT INTO attendance_v7 SELECT * FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_v7 RENAME TO attendance;
CREATE INDEX attendance_person ON attendance(person_id);
CREATE INDEX attendance_event_state ON attendance(event_id, state, person_id);

CREATE TABLE lead_change_v7 (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    batch_id  INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
    at        TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (
        kind = 'created' OR kind = 'filled' OR kind = 'conflict' OR kind = 'tag_added'
        OR kind = 'tag_removed' OR kind = 'edited'),
    field     TEXT    NOT NULL DEFAULT '',
    before    TEXT    NOT NULL DEFAULT '',
    after     TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO lead_change_v7 SELECT * FROM lead_change;
DROP TABLE lead_change;
ALTER TABLE lead_change_v7 RENAME TO lead_change;
CREATE INDEX lead_change_person ON lead_change(person_id, id);
CREATE INDEX lead_change_batch ON lead_change(batch_id);
