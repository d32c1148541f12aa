-- What each worker did for a run, sampled every imagebatch.worker.sample-interval, for the
-- dashboard's time series: the items table only says where a run stands now, not how fast it went
-- or where it waited. One row per worker per interval in which it had anything to report; a worker
-- with nothing settled, nothing in flight and no wait writes none. Runs are never deleted, so the
-- rows of runs that ended more than imagebatch.worker.sample-retention ago are (hourly, by any worker).
CREATE TABLE run_sample (
	id                 BIGSERIAL    PRIMARY KEY,
	run_id             VARCHAR(40)  NOT NULL REFERENCES run (id),
	-- who sampled; no foreign key, so that a sample outlives whatever becomes of its worker's row
	worker_id          VARCHAR(100) NOT NULL,
	-- the end of the interval, on the worker's clock (as run.started_at and ended_at are)
	at                 TIMESTAMPTZ  NOT NULL,
	-- items settled in the interval, each counted once by the worker that settled it
	succeeded          INT          NOT NULL,
	failed             INT          NOT NULL,
	-- calls in flight at the sampling moment: a gauge, never summed over time
	in_flight          INT          NOT NULL,
	-- times calls were held back by the gateway's limits (pacing, a shared pause) or backed off
	-- after a 429, and how long they waited in all; counted when the call ends, in its interval
	rate_limit_waits   INT          NOT NULL,
	rate_limit_wait_ms BIGINT       NOT NULL
);

-- a run's timeline reads its samples in time order
CREATE INDEX run_sample_run_at ON run_sample (run_id, at);
