-- Every command ends in a synchronous commit, so the bytes of WAL it writes are what its latency waits on (measured
-- at 2,000 declarations/s: WAL flushes ~1.9 ms each and busy ~60% of the time; grain_state ~50% of the bytes).
--
-- Grain states: pglz packs a contract's state ~15% smaller than lz4 did (1,158 vs 1,330 bytes for 34 months of
-- claim), and those bytes go to WAL on every write; its extra CPU costs less than the larger flushes.
ALTER TABLE grain_state ALTER COLUMN payload SET COMPRESSION pglz;

-- A key's row is inserted when claimed and updated with the response: room on its page keeps that update HOT,
-- so it no longer writes a new primary-key entry (7.6% of the WAL). Half a page: a claimed row more than doubles.
ALTER TABLE idempotency_keys SET (fillfactor = 50);
