-- Poll claims by shard instead of by chain. Every chain belongs to one of 64 shards (the low 6 bits of its id, as
-- io.longrun.adapter.out.persistence.PollShards computes them); a replica claims and renews whole shards, so a cycle
-- rewrites at most 64 small rows instead of every watched chain's row (10,000 chains: 70 % of the engine's CPU went to
-- those rewrites). Replicas announce themselves in poll_replica, and each takes an even share of the shards: a second
-- replica gets half of them within a cycle or two. Runs on H2 and PostgreSQL alike.
CREATE TABLE poll_shard (
    shard         INTEGER PRIMARY KEY,
    claimed_by    VARCHAR(200),
    claimed_until TIMESTAMP(6) WITH TIME ZONE
);
INSERT INTO poll_shard (shard) VALUES
    (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18), (19),
    (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30), (31), (32), (33), (34), (35), (36), (37),
    (38), (39), (40), (41), (42), (43), (44), (45), (46), (47), (48), (49), (50), (51), (52), (53), (54), (55),
    (56), (57), (58), (59), (60), (61), (62), (63);

CREATE TABLE poll_replica (
    replica    VARCHAR(200) PRIMARY KEY,
    seen_until TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

ALTER TABLE chain ADD COLUMN poll_shard INTEGER DEFAULT 0 NOT NULL;
-- The last two hex digits of the id, modulo 64 (the id's low 6 bits); no portable hex-to-number function exists.
UPDATE chain SET poll_shard = MOD(
    (POSITION(SUBSTRING(CAST(id AS VARCHAR(36)), 35, 1) IN '0123456789abcdef') - 1) * 16
    + POSITION(SUBSTRING(CAST(id AS VARCHAR(36)), 36, 1) IN '0123456789abcdef') - 1, 64);
CREATE INDEX chain_poll_shard_idx ON chain (state, poll_shard);

ALTER TABLE chain DROP COLUMN poll_claimed_by;
ALTER TABLE chain DROP COLUMN poll_claimed_until;
