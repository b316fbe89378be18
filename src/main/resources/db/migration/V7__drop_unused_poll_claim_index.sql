-- chain_poll_claim_idx (V5) served no query: the claim query reads the ACTIVE chains through chain_state_idx (H2's
-- plan; nearly every ACTIVE chain is claimable or this replica's, so no index narrows it). Every claim renewal moved
-- each watched chain's entry in it, at every poll cycle: with 10,000 chains, 20,000 index writes per cycle for nothing.
-- Runs on H2 and PostgreSQL alike.
DROP INDEX chain_poll_claim_idx;
