-- Bulk batches now commit all or nothing (grain states included), so a replayed batch takes new contract numbers
-- instead of reusing ones pinned to its rows.
ALTER TABLE bulk_rows DROP COLUMN contract_number;
