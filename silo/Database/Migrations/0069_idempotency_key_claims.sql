-- Each request that claims a key does so under a token of its own. A claim abandoned by a dead API process is taken
-- over by the same request after a few minutes (IdempotencyStore.AbandonedClaim); the token keeps the first request,
-- should it still be running after all, from storing its answer over the new one's or freeing the key under it.
-- Claims made before this column have none, and are completed by nothing but a takeover.
ALTER TABLE idempotency_keys ADD COLUMN claim uuid;
