-- Schema 2: the budget model. Scenarios are plans copied from a main plan; tactics are deleted
-- softly so deletions can be undone; spend (committed and actual) is booked against tactics;
-- plans keep their own guardrails, quarter split and region inputs.

ALTER TABLE plan ADD COLUMN scenario_of INTEGER REFERENCES plan(id) ON DELETE CASCADE;
ALTER TABLE plan ADD COLUMN quarter_split TEXT NOT NULL DEFAULT 'by_tactics';
ALTER TABLE plan ADD COLUMN region_top_down_bp INTEGER NOT NULL DEFAULT 5000
    CHECK (region_top_down_bp BETWEEN 0 AND 10000);
CREATE INDEX plan_scenario ON plan(scenario_of);

ALTER TABLE tactic ADD COLUMN starts_on TEXT;
ALTER TABLE tactic ADD COLUMN deleted_at TEXT;
-- In a scenario: the main plan's tactic this one was copied from (adoption writes back to it).
ALTER TABLE tactic ADD COLUMN copied_from INTEGER;

CREATE TABLE guardrail (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    channel_code TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('about', 'at_most', 'at_least')),
    target_bp    INTEGER NOT NULL CHECK (target_bp BETWEEN 0 AND 10000),
    tolerance_bp INTEGER NOT NULL DEFAULT 0 CHECK (tolerance_bp BETWEEN 0 AND 10000),
    message      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX guardrail_plan ON guardrail(plan_id);

CREATE TABLE plan_region (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    region         TEXT    NOT NULL CHECK (length(trim(region)) > 0),
    last_year_fen  INTEGER NOT NULL DEFAULT 0 CHECK (last_year_fen >= 0),
    commitment_fen INTEGER NOT NULL DEFAULT 0 CHECK (commitment_fen >= 0),
    UNIQUE (plan_id, region)
) STRICT;

CREATE TABLE spend (
    id         INTEGER PRIMARY KEY,
    tactic_id  INTEGER NOT NULL REFERENCES tactic(id) ON DELETE CASCADE,
    spent_on   TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('committed', 'actual')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    vendor     TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL
) STRICT;
CREATE INDEX spend_tactic ON spend(tactic_id);
