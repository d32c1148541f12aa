-- Cron schedules that submit runs (DESIGN §2.6). A schedule is never deleted, only marked: its
-- firings and runs keep pointing at it, and a new schedule may take the name again.
CREATE TABLE schedule (
	id              BIGSERIAL      PRIMARY KEY,
	name            VARCHAR(100)   NOT NULL,
	cron            VARCHAR(200)   NOT NULL,
	zone            VARCHAR(64)    NOT NULL,
	-- the run request each firing submits: source, defaults, gateway, budget, concurrency...
	request         JSONB          NOT NULL,
	enabled         BOOLEAN        NOT NULL,
	overlap         VARCHAR(8)     NOT NULL,
	misfire         VARCHAR(8)     NOT NULL,
	daily_cap_usd   NUMERIC(14, 6),
	monthly_cap_usd NUMERIC(14, 6),
	-- the earliest fire time not yet handled; a process that finds it due claims the row
	-- (FOR UPDATE SKIP LOCKED), fires and moves it on in one transaction
	next_fire_at    TIMESTAMPTZ    NOT NULL,
	created_at      TIMESTAMPTZ    NOT NULL,
	updated_at      TIMESTAMPTZ    NOT NULL,
	deleted_at      TIMESTAMPTZ,
	version         INT            NOT NULL DEFAULT 0,
	CONSTRAINT schedule_overlap CHECK (overlap IN ('SKIP', 'QUEUE')),
	CONSTRAINT schedule_misfire CHECK (misfire IN ('SKIP', 'RUN_ONCE'))
);

CREATE UNIQUE INDEX schedule_name ON schedule (name) WHERE deleted_at IS NULL;
CREATE INDEX schedule_due ON schedule (next_fire_at) WHERE enabled AND deleted_at IS NULL;

-- What became of every firing: a run, or why there was none.
CREATE TABLE schedule_firing (
	id          BIGSERIAL    PRIMARY KEY,
	schedule_id BIGINT       NOT NULL REFERENCES schedule (id),
	fire_time   TIMESTAMPTZ  NOT NULL,
	outcome     VARCHAR(20)  NOT NULL,
	reason      TEXT,
	run_id      VARCHAR(40)  REFERENCES run (id),
	-- CRON, RUN_NOW (asked for by a user), MISFIRE (run once for firings missed)
	cause       VARCHAR(10)  NOT NULL,
	recorded_at TIMESTAMPTZ  NOT NULL,
	CONSTRAINT schedule_firing_once UNIQUE (schedule_id, fire_time),
	CONSTRAINT schedule_firing_outcome CHECK (outcome IN ('RUN_CREATED', 'SKIPPED_OVERLAP', 'SKIPPED_CAP',
		'MISSED', 'FAILED')),
	CONSTRAINT schedule_firing_cause CHECK (cause IN ('CRON', 'RUN_NOW', 'MISFIRE'))
);

CREATE INDEX schedule_firing_recent ON schedule_firing (schedule_id, fire_time DESC);

-- The run a firing created. The unique pair makes a second run for one firing impossible,
-- whatever claimed it.
ALTER TABLE run ADD COLUMN schedule_id BIGINT REFERENCES schedule (id);
ALTER TABLE run ADD COLUMN schedule_name VARCHAR(100);
ALTER TABLE run ADD COLUMN fire_time TIMESTAMPTZ;
ALTER TABLE run ADD CONSTRAINT run_one_per_firing UNIQUE (schedule_id, fire_time);
ALTER TABLE run ADD CONSTRAINT run_firing_complete CHECK ((schedule_id IS NULL) = (fire_time IS NULL));
CREATE INDEX run_schedule_active ON run (schedule_id, status) WHERE schedule_id IS NOT NULL;
