-- Schema 5: companies. A B2B lead works somewhere, and it is the institution that buys: its
-- people are the buying centre (业务, 科技, 合规, 采购, 财务). A company is the set of leads whose
-- company names share one matching key (marketdesk_core::people::company_key), named as it was
-- first written in full. It exists while a lead names it; undoing the import that brought its
-- last lead removes it.

CREATE TABLE company (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

ALTER TABLE person ADD COLUMN company_id INTEGER REFERENCES company(id);
-- By name within a company, as its leads are listed; newest first sorts only the index's ids.
CREATE INDEX person_company_id ON person(company_id, name, company_key);
-- Companies are filled in by the migration's Rust step (store/src/backfill.rs).
