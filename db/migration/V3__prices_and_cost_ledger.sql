-- Per-image list prices by (model, size, quality); '*' matches any size or quality.
CREATE TABLE image_price (
	model         VARCHAR(200)   NOT NULL,
	size          VARCHAR(20)    NOT NULL,
	quality       VARCHAR(20)    NOT NULL,
	usd_per_image NUMERIC(12, 6) NOT NULL,
	PRIMARY KEY (model, size, quality)
);

-- Per-token prices, USD per million tokens, for responses that report usage.
CREATE TABLE token_price (
	model            VARCHAR(200)   NOT NULL,
	kind             VARCHAR(20)    NOT NULL,
	usd_per_million  NUMERIC(12, 6) NOT NULL,
	PRIMARY KEY (model, kind),
	CONSTRAINT token_price_kind CHECK (kind IN ('text_input', 'image_input', 'image_output', 'text_output'))
);

-- One entry per call the gateway answered with images, written the moment it answered and
-- before anything else, so a crash afterwards can never hide money spent.
CREATE TABLE cost_entry (
	id                  BIGSERIAL      PRIMARY KEY,
	run_id              VARCHAR(40)    NOT NULL REFERENCES run (id),
	item_id             BIGINT         NOT NULL REFERENCES item (id),
	model               VARCHAR(200)   NOT NULL,
	size                VARCHAR(20)    NOT NULL,
	quality             VARCHAR(20)    NOT NULL,
	images              INT            NOT NULL,
	basis               VARCHAR(10)    NOT NULL,
	usd                 NUMERIC(14, 6),
	input_text_tokens   BIGINT,
	input_image_tokens  BIGINT,
	output_image_tokens BIGINT,
	output_text_tokens  BIGINT,
	created_at          TIMESTAMPTZ    NOT NULL,
	CONSTRAINT cost_entry_basis CHECK (basis IN ('catalog', 'usage', 'unknown')),
	CONSTRAINT cost_entry_priced CHECK ((basis = 'unknown') = (usd IS NULL))
);

CREATE INDEX cost_entry_run ON cost_entry (run_id);
CREATE INDEX cost_entry_created_at ON cost_entry (created_at);
