-- Grain states (a contract's grows by a claim event and its payouts per declaration) and stored idempotent
-- responses are rewritten on every command. lz4 compresses them several times faster than the default pglz,
-- for a little less compression. Applies to values written from now on; older ones stay readable as they are.
ALTER TABLE grain_state ALTER COLUMN payload SET COMPRESSION lz4;
ALTER TABLE idempotency_keys ALTER COLUMN body SET COMPRESSION lz4;
