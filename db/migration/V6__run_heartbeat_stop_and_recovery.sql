-- A running process beats every few seconds; a RUNNING run whose heartbeat stopped belongs to
-- a process that died, and can be restarted.
ALTER TABLE run ADD COLUMN heartbeat_at TIMESTAMPTZ;
ALTER TABLE run ADD COLUMN owner VARCHAR(200);
-- Set by 'stop' (from any process); the running process stops claiming items when it sees it.
ALTER TABLE run ADD COLUMN stop_requested BOOLEAN NOT NULL DEFAULT FALSE;
-- An item a dead process left in flight may have been answered and stored already: look in S3
-- before calling the gateway again.
ALTER TABLE item ADD COLUMN needs_check BOOLEAN NOT NULL DEFAULT FALSE;
