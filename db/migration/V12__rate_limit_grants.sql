-- Tokens granted so far from each shared bucket of rate_limit_bucket (same id), by every process
-- that takes from it: each call allowed adds its tokens (one statement for all of a call's
-- buckets). When a gateway's answer reports more left than the bucket holds, the difference
-- between the count now and the count at the answered call's grant is what the gateway had not
-- counted yet, whichever process started those calls. Only ever grows; a row is a few dozen
-- bytes and there are a handful per key.
CREATE TABLE rate_limit_grant (
    id      TEXT PRIMARY KEY,
    granted BIGINT NOT NULL
);
