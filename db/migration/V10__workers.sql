-- Every process that executes items (generate, restart, worker, serve) registers here and beats
-- every few seconds. Liveness is judged on the database's clock (now()), never the hosts'.
CREATE TABLE worker (
	id          VARCHAR(100) PRIMARY KEY,
	host        VARCHAR(200) NOT NULL,
	pid         BIGINT       NOT NULL,
	-- same host, same kernel boot and pid namespace: its pid can be checked directly
	process_scope VARCHAR(200),
	kind        VARCHAR(20)  NOT NULL,
	started_at  TIMESTAMPTZ  NOT NULL,
	beat_at     TIMESTAMPTZ  NOT NULL,
	-- set when it left (cleanly, or declared dead after its beat went stale)
	ended_at    TIMESTAMPTZ,
	end_reason  VARCHAR(40)
);

CREATE INDEX worker_live ON worker (beat_at) WHERE ended_at IS NULL;

-- An item in flight is leased to the worker that claimed it; the worker's beat extends the
-- lease. What it reserved of its run's budget goes back when the worker is declared dead.
ALTER TABLE item ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE item ADD COLUMN claimed_at TIMESTAMPTZ;
ALTER TABLE item ADD COLUMN reserved_usd NUMERIC(14, 6);
CREATE INDEX item_in_flight_by_worker ON item (claimed_by) WHERE status = 'IN_FLIGHT';

-- A run's budget holds across workers: calls reserve their estimate here before they start
-- and settle it with what they cost (committed).
ALTER TABLE run ADD COLUMN reserved_usd NUMERIC(14, 6) NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN committed_usd NUMERIC(14, 6) NOT NULL DEFAULT 0;
UPDATE run SET committed_usd = COALESCE((SELECT SUM(usd) FROM cost_entry WHERE cost_entry.run_id = run.id), 0);

-- Why every worker must stop taking a run's items (a fatal answer, the budget), set by
-- whichever worker found out; the run's owner ends the run with it once no call is in flight.
ALTER TABLE run ADD COLUMN halt_status VARCHAR(16);
ALTER TABLE run ADD COLUMN halt_reason TEXT;

-- A created run waits for a worker as QUEUED (was PENDING).
UPDATE run SET status = 'QUEUED' WHERE status = 'PENDING';
CREATE INDEX run_active ON run (status) WHERE status IN ('QUEUED', 'RUNNING');
