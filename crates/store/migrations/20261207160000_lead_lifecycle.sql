-- Schema 16: from lead to revenue. Leads get a score (fit grade and engagement points), a stage
-- with every move kept, an owner from the team and a follow-up log; deals come back from the
-- CRM's export, so revenue meets the touches and the spend that earned it.
--
-- A lead that never moved has no lead_state row: it is at stage 'lead', owned by nobody. So a
-- million-row import writes nothing here, and rescoring rewrites only lead_score.
-- Codes (stage, cause, grade, follow-up channel and outcome, deal status) are validated in Rust
-- (marketdesk_core::lifecycle, scoring).

-- The team: marketing people and the sales they hand leads to.
CREATE TABLE team_member (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    -- 'marketing' or 'sales'.
    role       TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT    NOT NULL
) STRICT;

-- Who follows which leads: the first rule (by position) whose field matches the lead takes it;
-- no rule matching, the active sales take turns (the turn is kept in workspace_meta).
CREATE TABLE assignment_rule (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    -- 'region' (the lead's city or province as stored) or 'industry'.
    field     TEXT    NOT NULL,
    value     TEXT    NOT NULL CHECK (length(trim(value)) > 0),
    member_id INTEGER NOT NULL REFERENCES team_member(id) ON DELETE CASCADE
) STRICT;

-- Where a lead stands, for leads that ever moved or were assigned. Milestones are the first time
-- the lead reached a stage (a jump over a stage reaches it too), so funnels count by them.
CREATE TABLE lead_state (
    person_id      INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    stage          TEXT    NOT NULL,
    stage_at       TEXT    NOT NULL,
    owner_id       INTEGER REFERENCES team_member(id) ON DELETE SET NULL,
    assigned_at    TEXT,
    mql_at         TEXT,
    -- The first move to MQL itself (the rule, or by hand), not a jump past it: the MQLs a
    -- conversion rate from MQL counts.
    qualified_at   TEXT,
    sql_at         TEXT,
    opportunity_at TEXT,
    won_at         TEXT,
    lost_at        TEXT
) STRICT;
CREATE INDEX lead_state_stage ON lead_state(stage, person_id);
CREATE INDEX lead_state_owner ON lead_state(owner_id, stage);
CREATE INDEX lead_state_mql ON lead_state(mql_at);

-- Every move of every lead, never rewritten: an undo is a new move.
CREATE TABLE lead_stage_change (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    from_stage TEXT    NOT NULL,
    to_stage   TEXT    NOT NULL,
    at         TEXT    NOT NULL,
    -- A team member's name, or what moved it (the MQL rule, a file name).
    by_whom    TEXT    NOT NULL DEFAULT '',
    cause      TEXT    NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    -- The deals import that made the move, so undoing it can move the lead back.
    deal_batch INTEGER REFERENCES deal_batch(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX lead_stage_change_person ON lead_stage_change(person_id, id);
CREATE INDEX lead_stage_change_batch ON lead_stage_change(deal_batch);

-- The score as of the last rescoring, one narrow row per lead, rewritten as a whole. The
-- source (the lead's first touch) is kept here too: funnels count leads by it.
-- No foreign keys, on purpose: checking two parents per row doubled the time to write a
-- million scores. A lead's score goes with the lead (the trigger below); a source event that is
-- deleted leaves an id no event has, which reports skip.
CREATE TABLE lead_score (
    person_id      INTEGER PRIMARY KEY,
    grade          TEXT    NOT NULL,
    fit_points     INTEGER NOT NULL,
    -- Engagement points in hundredths, decayed to scored_on.
    points         INTEGER NOT NULL,
    qualifies      INTEGER NOT NULL CHECK (qualifies IN (0, 1)),
    source_channel TEXT    NOT NULL DEFAULT '',
    source_event   INTEGER,
    first_touch_on TEXT,
    scored_on      TEXT    NOT NULL
) STRICT;
-- Covering: the funnels count leads of a period by source without reading the rows.
CREATE INDEX lead_score_first_touch ON lead_score(first_touch_on, source_channel, source_event);
CREATE TRIGGER lead_score_follows_person AFTER DELETE ON person BEGIN
    DELETE FROM lead_score WHERE person_id = old.id;
END;

-- Follow-up attempts by the owner (seed 002: sales must actually log the follow-up).
CREATE TABLE followup (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    member_id INTEGER REFERENCES team_member(id) ON DELETE SET NULL,
    at        TEXT    NOT NULL,
    -- 'call', 'visit', 'wechat', 'email', 'meeting'.
    channel   TEXT    NOT NULL,
    -- 'connected', 'unreachable', 'declined', 'interested', 'meeting_set'.
    outcome   TEXT    NOT NULL,
    note      TEXT    NOT NULL DEFAULT '',
    created_at TEXT   NOT NULL
) STRICT;
CREATE INDEX followup_person ON followup(person_id, at);

-- One deals file read from the CRM, undoable as a whole.
CREATE TABLE deal_batch (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT    NOT NULL,
    file_hash    TEXT    NOT NULL,
    sheet        TEXT    NOT NULL DEFAULT '',
    header_row   INTEGER,
    mapping      TEXT    NOT NULL,
    rows_total   INTEGER NOT NULL DEFAULT 0,
    rows_matched INTEGER NOT NULL DEFAULT 0,
    rows_unmatched INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    imported_at  TEXT    NOT NULL,
    undone_at    TEXT
) STRICT;
CREATE UNIQUE INDEX deal_batch_file ON deal_batch(file_hash) WHERE undone_at IS NULL;

-- A deal as the CRM last reported it. A later file with the same CRM id updates it.
CREATE TABLE deal (
    id          INTEGER PRIMARY KEY,
    -- The CRM's opportunity id; '' when the export has none (then name + lead identify it).
    external_id TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL DEFAULT '',
    person_id   INTEGER REFERENCES person(id) ON DELETE SET NULL,
    -- How the row found its lead: 'id', 'mobile', 'email'; '' when it found none.
    matched_by  TEXT    NOT NULL DEFAULT '',
    company     TEXT    NOT NULL DEFAULT '',
    -- 'open', 'won' or 'lost'; crm_stage is the stage as the CRM wrote it.
    status      TEXT    NOT NULL,
    crm_stage   TEXT    NOT NULL DEFAULT '',
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    created_on  TEXT,
    closed_on   TEXT,
    batch_id    INTEGER NOT NULL REFERENCES deal_batch(id) ON DELETE CASCADE,
    -- The row as it was before this batch changed it (JSON), restored on undo; NULL: new.
    previous    TEXT
) STRICT;
CREATE INDEX deal_person ON deal(person_id);
CREATE INDEX deal_external ON deal(external_id);
CREATE INDEX deal_closed ON deal(status, closed_on);
CREATE INDEX deal_batch_rows ON deal(batch_id);

-- Companies get a size band (employees) when known: a fit rule scores it.
ALTER TABLE company ADD COLUMN size_band TEXT;

-- Merges by hand keep what each side was, so a merge can be split again; erasures keep only
-- that a person was erased and when (个人信息保护法: the person is gone, the event's counts stay).
CREATE TABLE lead_merge (
    id          INTEGER PRIMARY KEY,
    kept_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    merged_id   INTEGER NOT NULL,
    -- JSON: the merged person's row and the ids of the rows moved to the kept person.
    snapshot    TEXT    NOT NULL,
    merged_at   TEXT    NOT NULL,
    split_at    TEXT
) STRICT;
CREATE INDEX lead_merge_kept ON lead_merge(kept_id);

ALTER TABLE person ADD COLUMN erased_at TEXT;
