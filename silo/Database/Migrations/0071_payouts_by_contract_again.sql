-- Staff list one contract's payouts (GET /payouts?contract=). Migration 0057 dropped this index when nothing read payouts
-- by contract. Its ids begin with the contract's digits, but reading them as a range of the primary key holds only
-- where the database sorts text byte by byte (a C collation), and other collations ignore the '-' between the parts.
-- The index costs each payout row written one more index entry.
CREATE INDEX payouts_view_by_contract ON payouts_view (contract_number, payout_id);
