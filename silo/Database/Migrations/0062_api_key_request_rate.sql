-- A key's own request rate, for an integration that needs more (or less) than its role's default; NULL keeps the
-- role's. The API enforces it per key (429 rate_limited beyond it).
ALTER TABLE api_keys ADD COLUMN requests_per_second int CHECK (requests_per_second BETWEEN 1 AND 100000);
