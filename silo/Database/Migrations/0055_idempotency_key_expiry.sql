-- Idempotency keys are kept for a while (the API's Idempotency:KeepDays, 7 by default), not forever: the API deletes
-- older ones in chunks, oldest first, which this index finds without reading the whole table. Rows are inserted
-- in time order, so the index only grows at its right edge.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
