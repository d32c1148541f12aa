-- A run's liveness is its owner's beat in the worker table (V10); the run's own heartbeat column
-- is no longer written or read.
ALTER TABLE run DROP COLUMN heartbeat_at;
