-- No query reads payouts by contract: a contract's payouts come from its grain, lists read payouts by status or by id.
-- The index cost every new payout one more index insert (and its WAL) for nothing.
DROP INDEX IF EXISTS payouts_view_by_contract;
