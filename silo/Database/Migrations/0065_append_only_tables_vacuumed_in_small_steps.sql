-- Every declaration adds a row to each of these tables. Autovacuum visits an insert-only table after inserts equal to
-- a fifth of its rows, to mark the new pages all-visible: at 2,000 declarations/s on 17 million rows, every half
-- hour, and then it rewrites every page filled since, pages long written to disk and often gone from memory. On
-- 2026-12-05 one such vacuum of contract_changes left 423 MB of pages dirty, which the kernel wrote back in one
-- burst 30 s later; a run caught in that burst had a second with p99 346 ms. After every 100,000 inserts instead
-- (about a minute at that rate), a vacuum finds the new pages still in shared buffers, most of them still dirty from
-- their inserts: 2,000-5,000 pages in 0.13-0.5 s, nothing more to write back. Freezing their rows in the same pass
-- (freeze_min_age 0) keeps them from all being visited again, at once, by the anti-wraparound vacuum.
ALTER TABLE contract_changes SET (autovacuum_vacuum_insert_threshold = 100000, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_freeze_min_age = 0);
ALTER TABLE audit_log SET (autovacuum_vacuum_insert_threshold = 100000, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_freeze_min_age = 0);
ALTER TABLE payouts_view SET (autovacuum_vacuum_insert_threshold = 100000, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_freeze_min_age = 0);
