-- Which replica polls a chain's job, and until when that claim holds. A replica claims the chains nobody holds
-- (or whose claim ran out) with SELECT ... FOR UPDATE SKIP LOCKED at every cycle and renews its own, so two
-- replicas never ask Slurm about the same job, and a dead replica's chains are taken over when its claims end.
-- Not part of a chain's versioned state: claiming never conflicts with a decision about the chain.
ALTER TABLE chain ADD COLUMN poll_claimed_by VARCHAR(200);
ALTER TABLE chain ADD COLUMN poll_claimed_until TIMESTAMP(6) WITH TIME ZONE;

CREATE INDEX chain_poll_claim_idx ON chain (state, poll_claimed_until);
