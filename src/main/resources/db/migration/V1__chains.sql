-- Runs on H2 and PostgreSQL alike: keep to types both understand the same way.
CREATE TABLE chain (
    id                UUID PRIMARY KEY,
    slurm_user        VARCHAR(64)  NOT NULL,
    name              VARCHAR(256),
    script            TEXT         NOT NULL,
    args              TEXT         NOT NULL,
    working_directory VARCHAR(4096),
    environment       TEXT         NOT NULL,
    max_restarts      INTEGER      NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    state_reason      VARCHAR(4000),
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP(6) WITH TIME ZONE,
    next_submit_at    TIMESTAMP(6) WITH TIME ZONE,
    version           BIGINT       NOT NULL
);

CREATE INDEX chain_state_idx ON chain (state, next_submit_at);
CREATE INDEX chain_user_created_idx ON chain (slurm_user, created_at);

CREATE TABLE attempt (
    chain_id     UUID         NOT NULL REFERENCES chain (id) ON DELETE CASCADE,
    number       INTEGER      NOT NULL,
    job_id       BIGINT,
    slurm_state  VARCHAR(128),
    exit_code    INTEGER,
    submitted_at TIMESTAMP(6) WITH TIME ZONE,
    started_at   TIMESTAMP(6) WITH TIME ZONE,
    ended_at     TIMESTAMP(6) WITH TIME ZONE,
    finished     BOOLEAN      NOT NULL,
    PRIMARY KEY (chain_id, number)
);

CREATE INDEX attempt_job_idx ON attempt (job_id);
