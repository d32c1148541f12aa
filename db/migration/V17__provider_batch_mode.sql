-- Provider batch mode: a run's items go to the gateway as JSONL files of its Batch API, at half
-- the synchronous price, within 24 hours.
ALTER TABLE run ADD COLUMN mode VARCHAR(8) NOT NULL DEFAULT 'sync';
ALTER TABLE run ADD CONSTRAINT run_mode CHECK (mode IN ('sync', 'batch'));

-- One input file and the batch created from it. Every step is recorded before the next is
-- taken: the file's name is fixed before it is uploaded (a process that died before recording
-- the upload finds the file by name instead of uploading it again), and the batch is found by
-- its input file the same way, so nothing is ever uploaded or created twice.
CREATE TABLE provider_batch (
	id              BIGSERIAL    PRIMARY KEY,
	run_id          VARCHAR(40)  NOT NULL REFERENCES run (id),
	part            INT          NOT NULL,
	gateway         VARCHAR(100) NOT NULL,
	endpoint        VARCHAR(200) NOT NULL,
	filename        VARCHAR(200) NOT NULL,
	-- PREPARED (items assigned), UPLOADED (input file id known), SUBMITTED (batch id known),
	-- ENDED (its output and errors applied to the items)
	state           VARCHAR(12)  NOT NULL,
	lines           INT          NOT NULL,
	bytes           BIGINT       NOT NULL,
	input_file_id   VARCHAR(200),
	batch_id        VARCHAR(200),
	-- what the provider last said: validating, in_progress, finalizing, completed, failed,
	-- expired, cancelling, cancelled
	provider_status VARCHAR(40),
	total           INT,
	completed       INT,
	failed          INT,
	output_file_id  VARCHAR(200),
	error_file_id   VARCHAR(200),
	cancel_requested BOOLEAN     NOT NULL DEFAULT false,
	files_deleted   BOOLEAN      NOT NULL DEFAULT false,
	-- the last failure talking to the provider about it, shown until the next success
	last_error      TEXT,
	polls           INT          NOT NULL DEFAULT 0,
	-- set before the upload and the creation are tried: only then may they have happened
	-- without being recorded, and the provider is asked before trying again
	upload_started_at TIMESTAMPTZ,
	create_started_at TIMESTAMPTZ,
	uploaded_at     TIMESTAMPTZ,
	-- when the batch was first seen ended: its results are applied from then until ended_at
	provider_ended_at TIMESTAMPTZ,
	next_poll_at    TIMESTAMPTZ,
	created_at      TIMESTAMPTZ  NOT NULL,
	submitted_at    TIMESTAMPTZ,
	ended_at        TIMESTAMPTZ,
	version         INT          NOT NULL DEFAULT 0,
	CONSTRAINT provider_batch_part UNIQUE (run_id, part),
	CONSTRAINT provider_batch_state CHECK (state IN ('PREPARED', 'UPLOADED', 'SUBMITTED', 'ENDED'))
);

CREATE INDEX provider_batch_open ON provider_batch (run_id) WHERE state <> 'ENDED';

-- An item in a provider's batch is IN_FLIGHT without a worker's lease: it waits for the batch,
-- not for a process, and no worker's death may put it back in the queue.
ALTER TABLE item ADD COLUMN provider_batch_id BIGINT REFERENCES provider_batch (id);
CREATE INDEX item_provider_batch ON item (provider_batch_id) WHERE provider_batch_id IS NOT NULL;

-- A call's price depends on how it was made: batch calls cost half.
ALTER TABLE cost_entry ADD COLUMN mode VARCHAR(8) NOT NULL DEFAULT 'sync';
ALTER TABLE cost_entry ADD CONSTRAINT cost_entry_mode CHECK (mode IN ('sync', 'batch'));
