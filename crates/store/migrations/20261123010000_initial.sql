-- Marketdesk workspace, schema 1: plans with channels and tactics, events, people and attendance.
-- Money columns end in _fen and hold integer fen. Dates are ISO-8601 text.

CREATE TABLE workspace_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE plan (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
    total_fen   INTEGER NOT NULL CHECK (total_fen >= 0),
    currency    TEXT    NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    stage       TEXT    NOT NULL CHECK (stage IN ('startup', 'growth', 'mature', 'declining')),
    emphasis    TEXT    NOT NULL CHECK (emphasis IN ('brand', 'demand', 'balanced')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;

CREATE TABLE plan_channel (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    code     TEXT    NOT NULL,
    name     TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    share_bp INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
    position INTEGER NOT NULL,
    UNIQUE (plan_id, code)
) STRICT;

CREATE TABLE tactic (
    id                   INTEGER PRIMARY KEY,
    plan_id              INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    channel_id           INTEGER NOT NULL REFERENCES plan_channel(id) ON DELETE RESTRICT,
    name                 TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    owner                TEXT    NOT NULL DEFAULT '',
    region               TEXT    NOT NULL DEFAULT '',
    quarter              INTEGER CHECK (quarter BETWEEN 1 AND 4),
    planned_fen          INTEGER NOT NULL CHECK (planned_fen >= 0),
    expected_leads       INTEGER NOT NULL DEFAULT 0 CHECK (expected_leads >= 0),
    expected_mql         INTEGER NOT NULL DEFAULT 0 CHECK (expected_mql >= 0),
    expected_sql         INTEGER NOT NULL DEFAULT 0 CHECK (expected_sql >= 0),
    expected_deals       INTEGER NOT NULL DEFAULT 0 CHECK (expected_deals >= 0),
    expected_revenue_fen INTEGER NOT NULL DEFAULT 0 CHECK (expected_revenue_fen >= 0),
    problem              TEXT    NOT NULL DEFAULT '',
    expected_result      TEXT    NOT NULL DEFAULT '',
    kpi                  TEXT    NOT NULL DEFAULT '',
    people               TEXT    NOT NULL DEFAULT '',
    position             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX tactic_plan ON tactic(plan_id, position);
CREATE INDEX tactic_channel ON tactic(channel_id);

CREATE TABLE event (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind              TEXT    NOT NULL CHECK (kind IN ('summit', 'forum', 'salon', 'self_hosted', 'training', 'expo')),
    organiser         TEXT    NOT NULL DEFAULT '',
    city              TEXT    NOT NULL DEFAULT '',
    starts_on         TEXT    NOT NULL,
    cost_fen          INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
    target_attendance INTEGER NOT NULL DEFAULT 0 CHECK (target_attendance >= 0),
    created_at        TEXT    NOT NULL
) STRICT;
CREATE INDEX event_date ON event(starts_on);

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    mobile      TEXT,
    email       TEXT,
    company     TEXT NOT NULL DEFAULT '',
    department  TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX person_name ON person(name);
CREATE INDEX person_mobile ON person(mobile);
CREATE INDEX person_company ON person(company);

CREATE TABLE attendance (
    event_id  INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    state     TEXT    NOT NULL CHECK (state IN ('registered', 'attended', 'no_show', 'walk_in')),
    PRIMARY KEY (event_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_person ON attendance(person_id);
