-- Schema 3: a tactic runs in a set of quarters (bit 0 = Q1; 15 = all year) instead of at most
-- one; every plan keeps its own guardrails, seeded with the brief's defaults. An empty guardrail
-- message means "the built-in explanation", so it follows the user's language.

ALTER TABLE tactic ADD COLUMN quarters_mask INTEGER NOT NULL DEFAULT 15
    CHECK (quarters_mask BETWEEN 1 AND 15);
UPDATE tactic SET quarters_mask = 1 << (quarter - 1) WHERE quarter IS NOT NULL;
ALTER TABLE tactic DROP COLUMN quarter;

INSERT INTO guardrail (plan_id, channel_code, kind, target_bp, tolerance_bp, message)
SELECT p.id, r.code, r.kind, r.target_bp, r.tolerance_bp, ''
FROM plan p
CROSS JOIN (SELECT 'offline_events' AS code, 'about' AS kind, 7000 AS target_bp, 500 AS tolerance_bp, 1 AS pos
            UNION ALL SELECT 'alliances', 'at_most', 1500, 0, 2
            UNION ALL SELECT 'collateral', 'about', 1000, 500, 3) r
WHERE NOT EXISTS (SELECT 1 FROM guardrail g WHERE g.plan_id = p.id)
ORDER BY p.id, r.pos;

-- Spend read from a file carries the file's hash: the same file is recognised when imported
-- again, and the import can be undone as a whole.
ALTER TABLE spend ADD COLUMN import_batch TEXT;
CREATE INDEX spend_batch ON spend(import_batch) WHERE import_batch IS NOT NULL;
