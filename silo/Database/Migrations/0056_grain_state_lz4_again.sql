-- Grain states back to lz4 (0054 chose pglz for its 8% smaller output). Measured since, with the benchmark's CPU per
-- declaration: at 2,000 declarations/s the two cores are what runs out, not the WAL flush, and pglz takes ~70 µs of
-- PostgreSQL CPU to pack a 34-month contract state (7.9 KB to 2,009 bytes) where lz4 takes ~20 µs (to 2,167 bytes).
-- New writes use lz4; stored values keep their method until rewritten.
ALTER TABLE grain_state ALTER COLUMN payload SET COMPRESSION lz4;
