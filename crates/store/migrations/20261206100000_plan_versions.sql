-- Schema 10: every version of a plan can be seen and restored. A change of a plan's content
-- (total, shares, tactics, rules, regions, texts) is recorded in the transaction that makes it,
-- as the next version with the whole content (store/src/plan_versions.rs). Spend is not
-- content: booking it leaves the version as it is. Scenarios remember the version they were
-- built from and the adjustment that made them, so one built from an older version is not
-- adopted over the edits made since.
CREATE TABLE plan_version (
    plan_id  INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL CHECK (version >= 1),
    saved_at TEXT    NOT NULL,
    -- JSON: {"kind": "recorded" | "edited" | "adopted" | "restored", ...}.
    cause    TEXT    NOT NULL,
    -- JSON of marketdesk_core::PlanContent.
    content  TEXT    NOT NULL,
    PRIMARY KEY (plan_id, version)
) STRICT, WITHOUT ROWID;

ALTER TABLE plan ADD COLUMN objectives TEXT NOT NULL DEFAULT '';
ALTER TABLE plan ADD COLUMN risks TEXT NOT NULL DEFAULT '';
-- A scenario's base version (NULL: made before versions were recorded) and adjustment (JSON).
ALTER TABLE plan ADD COLUMN base_version INTEGER;
ALTER TABLE plan ADD COLUMN adjustment TEXT;
-- Last year's spend on a channel as entered for this plan; NULL: read from last year's plan.
ALTER TABLE plan_channel ADD COLUMN last_year_fen INTEGER CHECK (last_year_fen >= 0);
