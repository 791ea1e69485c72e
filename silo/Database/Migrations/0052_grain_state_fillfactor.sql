-- Grain state rows are written once and then updated in place again and again (a visa reserved, a contract's claim
-- growing, a recovery case's plan). Room left on each page lets PostgreSQL keep the new row version on the same
-- page without touching the primary key index (a HOT update).
ALTER TABLE grain_state SET (fillfactor = 70);
