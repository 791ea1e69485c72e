-- A partner looks a lease up by its own reference (the one its bulk files carry), and staff answering a landlord list
-- that landlord's payouts. Most contracts are activated without a reference, hence the partial index. The payouts
-- index costs each payout row written one more index entry (a declaration writes one or two); the status index
-- alone would leave a landlord's paid payouts to a scan of them all.
CREATE INDEX contracts_view_by_external_ref ON contracts_view (external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX payouts_view_by_landlord ON payouts_view (landlord_id, payout_id);
