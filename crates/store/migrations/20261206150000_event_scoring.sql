-- Schema 15: events become first-class (status, organiser, score and the inputs it came from),
-- and one campaign links a budget tactic, the events it pays for and the touches they produced,
-- so spend, leads and later revenue meet on one key.
--
-- Codes (event kind and status, touch kind, channel) are no longer `CHECK (x IN …)` lists: they
-- are validated in Rust (marketdesk_core::EventKind, EventStatus…), so a new kind is a code, not
-- a table rebuild. New timestamps are UTC with an offset (`…+00:00`).
--
-- Pure SQL, on purpose: a backfill that called live Rust code would change meaning when that
-- code changes, and an old workspace opened years later must migrate exactly as it did today.
-- Runs with foreign keys off (migrate.rs), every reference checked before the commit.

CREATE TABLE organiser (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- Lower case without spaces: "CFO 联盟" and "cfo联盟" are one organiser.
    key        TEXT NOT NULL UNIQUE,
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE campaign (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- The budget channel its spend and touches count under: a channel code of the plan.
    channel    TEXT NOT NULL,
    -- The tactic that pays for it; NULL while nothing in the plan does (a candidate, or an event
    -- imported before the plan knew it).
    tactic_id  INTEGER REFERENCES tactic(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX campaign_tactic ON campaign(tactic_id);

INSERT INTO organiser (name, key, created_at)
SELECT trim(organiser), lower(replace(replace(trim(organiser), ' ', ''), '　', '')),
       strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
  FROM event WHERE trim(organiser) <> ''
 GROUP BY lower(replace(replace(trim(organiser), ' ', ''), '　', ''))
 ORDER BY min(id);

-- One campaign per existing event, numbered as the event so the rebuild below can link them.
INSERT INTO campaign (id, name, channel, created_at)
SELECT id, name, 'offline_events', created_at FROM event;

CREATE TABLE event_v15 (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind               TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    organiser_id       INTEGER REFERENCES organiser(id) ON DELETE SET NULL,
    city               TEXT    NOT NULL DEFAULT '',
    region             TEXT    NOT NULL DEFAULT '',
    starts_on          TEXT    NOT NULL,
    cost_fen           INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
    target_attendance  INTEGER NOT NULL DEFAULT 0 CHECK (target_attendance >= 0),
    checkin_known      INTEGER NOT NULL DEFAULT 0 CHECK (checkin_known IN (0, 1)),
    campaign_id        INTEGER NOT NULL REFERENCES campaign(id),
    -- marketdesk_core::EventInputs as JSON; NULL for an event never scored (one made by an
    -- import before schema 15).
    inputs             TEXT,
    -- The score when the inputs were last saved: the forecast its results are compared with.
    score_total        REAL,
    score_lead         REAL,
    score_brand        REAL,
    forecast_qualified REAL,
    recommendation     TEXT,
    scored_at          TEXT,
    notes              TEXT    NOT NULL DEFAULT '',
    -- After the event: did customers ask to come again, did competitors copy the format.
    outcome_notes      TEXT    NOT NULL DEFAULT '',
    copied_from        INTEGER REFERENCES event_v15(id) ON DELETE SET NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT
) STRICT;

INSERT INTO event_v15 (id, name, kind, status, organiser_id, city, starts_on, cost_fen,
                       target_attendance, checkin_known, campaign_id, created_at)
SELECT e.id, e.name, e.kind,
       CASE WHEN e.starts_on <= date('now') THEN 'done' ELSE 'planned' END,
       o.id, e.city, e.starts_on, e.cost_fen, e.target_attendance, e.checkin_known, e.id,
       e.created_at
  FROM event e
  LEFT JOIN organiser o ON o.key = lower(replace(replace(trim(e.organiser), ' ', ''), '　', ''));

DROP TABLE event;
ALTER TABLE event_v15 RENAME TO event;
CREATE INDEX event_date ON event(starts_on);
CREATE INDEX event_organiser ON event(organiser_id, starts_on);
CREATE INDEX event_campaign ON event(campaign_id);

-- Touches carry the budget channel and the campaign instead of the event's kind.
CREATE TABLE touch_v15 (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    event_id    INTEGER REFERENCES event(id) ON DELETE CASCADE,
    batch_id    INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    channel     TEXT    NOT NULL DEFAULT '',
    campaign_id INTEGER REFERENCES campaign(id) ON DELETE SET NULL,
    source      TEXT    NOT NULL DEFAULT '',
    at          TEXT    NOT NULL
) STRICT;

INSERT INTO touch_v15 (id, person_id, event_id, batch_id, kind, channel, campaign_id, source, at)
SELECT t.id, t.person_id, t.event_id, t.batch_id, t.kind,
       CASE WHEN t.event_id IS NULL THEN t.channel ELSE 'offline_events' END,
       t.event_id, t.source, t.at
  FROM touch t;

DROP TABLE touch;
ALTER TABLE touch_v15 RENAME TO touch;
CREATE INDEX touch_person ON touch(person_id, at);
CREATE INDEX touch_batch ON touch(batch_id, person_id);
