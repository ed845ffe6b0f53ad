-- Schema 6: lighter lead writes. An import adds an entry to every index of person for each new
-- lead; person_created_batch served only undo, which finds an import's leads through its
-- touches (every lead an import makes has one) and deletes them by id.
DROP INDEX person_created_batch;
