-- Idempotency-Key of POST /chains, per caller. The primary key makes concurrent requests with one key resolve
-- to one chain: exactly one INSERT wins, the others read its chain id. No foreign key to chain: the key is
-- reserved before its chain is stored. Runs on H2 and PostgreSQL alike.
CREATE TABLE idempotency_key (
    caller      VARCHAR(128) NOT NULL,
    request_key VARCHAR(255) NOT NULL,
    fingerprint VARCHAR(64)  NOT NULL,
    chain_id    UUID         NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (caller, request_key)
);

CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
