-- GET /chains pages through chains by (created_at, id) (keyset pagination), filtered by any of user, state and job
-- name: one index per filter, each ending in the sort key, so a page is a range scan in either direction.
-- Runs on H2 and PostgreSQL alike.
DROP INDEX chain_user_created_idx;
CREATE INDEX chain_user_created_idx ON chain (slurm_user, created_at, id);
CREATE INDEX chain_created_idx ON chain (created_at, id);
CREATE INDEX chain_state_created_idx ON chain (state, created_at, id);
CREATE INDEX chain_name_created_idx ON chain (name, created_at, id);

-- Where an attempt ran (Slurm's node list, e.g. "node[01-04]") and why its job ended as it did (Slurm's state
-- reason, e.g. "TimeLimit"), from the job's details when its ending is seen.
ALTER TABLE attempt ADD COLUMN nodes VARCHAR(4000);
ALTER TABLE attempt ADD COLUMN state_reason VARCHAR(256);
