-- Token buckets of gateway keys, shared by every process that calls the gateway with the key
-- (Bucket4j's PostgreSQL proxy manager, SELECT ... FOR UPDATE on the row of the bucket).
-- id: the gateway's base URL, the first 16 hex digits of the key's SHA-256 and the bucket's name
-- (requests, images, <model>:requests, ...); never the key itself.
-- state: Bucket4j's serialized bucket, its configuration included; NULL from the moment the row
-- is inserted until the same bucket's first command writes it.
-- A row is a few hundred bytes and there are a handful per key, so nothing expires them.
CREATE TABLE rate_limit_bucket (
    id    TEXT PRIMARY KEY,
    state BYTEA
);
