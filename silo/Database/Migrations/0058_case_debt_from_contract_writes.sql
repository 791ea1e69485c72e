-- A recovery case's paid-out sum is now counted by the contract writes that create its payouts, in their own statement
-- (a case no longer writes its state for each payout); the case's writes keep the other columns. The debt follows.
ALTER TABLE recovery_cases_view DROP COLUMN debt;
ALTER TABLE recovery_cases_view ADD COLUMN debt numeric(12, 2) GENERATED ALWAYS AS (paid_out - recovered - written_off) STORED;

-- Until now a case counted a payout when it was handed over, after the contract's write: start every case from all
-- of its contract's payouts, so that one handed over late is not missed.
UPDATE recovery_cases_view r SET paid_out = p.total
FROM (SELECT contract_number, sum(amount) AS total FROM payouts_view GROUP BY contract_number) p
WHERE p.contract_number = r.contract_number AND r.paid_out <> p.total;
