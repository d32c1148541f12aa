-- A run is one job over one input; its items are the durable work queue and the source of
-- truth for progress, restart and resubmission.
CREATE TABLE run (
	id            VARCHAR(40)  PRIMARY KEY,
	name          VARCHAR(200),
	source        TEXT         NOT NULL,
	gateway       VARCHAR(100) NOT NULL,
	status        VARCHAR(16)  NOT NULL,
	status_reason TEXT,
	defaults      JSONB        NOT NULL DEFAULT '{}',
	budget_usd    NUMERIC(14, 6),
	concurrency   INT          NOT NULL,
	parent_run_id VARCHAR(40)  REFERENCES run (id),
	created_at    TIMESTAMPTZ  NOT NULL,
	started_at    TIMESTAMPTZ,
	ended_at      TIMESTAMPTZ,
	version       INT          NOT NULL DEFAULT 0
);

CREATE INDEX run_created_at ON run (created_at DESC);

CREATE TABLE item (
	id              BIGSERIAL    PRIMARY KEY,
	run_id          VARCHAR(40)  NOT NULL REFERENCES run (id),
	external_id     VARCHAR(400) NOT NULL,
	line            BIGINT       NOT NULL,
	status          VARCHAR(16)  NOT NULL,
	error_type      VARCHAR(16),
	error_code      VARCHAR(200),
	error_message   TEXT,
	prompt          TEXT,
	model           VARCHAR(200),
	size            VARCHAR(20),
	quality         VARCHAR(20),
	style           VARCHAR(20),
	n               INT,
	background      VARCHAR(20),
	moderation      VARCHAR(20),
	output_format   VARCHAR(20),
	response_format VARCHAR(20),
	end_user        VARCHAR(400),
	metadata        JSONB        NOT NULL DEFAULT '{}',
	attempts        INT          NOT NULL DEFAULT 0,
	retry_of        BIGINT       REFERENCES item (id),
	created_at      TIMESTAMPTZ  NOT NULL,
	updated_at      TIMESTAMPTZ  NOT NULL,
	version         INT          NOT NULL DEFAULT 0,
	CONSTRAINT item_external_id_unique UNIQUE (run_id, external_id)
);

CREATE INDEX item_run_status ON item (run_id, status, id);

-- One row per stored object; written only after the object is in S3.
CREATE TABLE image (
	id             BIGSERIAL    PRIMARY KEY,
	item_id        BIGINT       NOT NULL REFERENCES item (id),
	idx            INT          NOT NULL,
	bucket         VARCHAR(200) NOT NULL,
	object_key     TEXT         NOT NULL,
	content_type   VARCHAR(40)  NOT NULL,
	bytes          BIGINT       NOT NULL,
	sha256         CHAR(64)     NOT NULL,
	origin         VARCHAR(10)  NOT NULL,
	revised_prompt TEXT,
	stored_at      TIMESTAMPTZ  NOT NULL,
	CONSTRAINT image_item_idx_unique UNIQUE (item_id, idx)
);
