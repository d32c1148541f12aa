-- skip-done: a run over a source that grows loads only the rows whose id has not already
-- SUCCEEDED for that source in another run (or is being worked on in a run still active).
ALTER TABLE run ADD COLUMN skip_done BOOLEAN NOT NULL DEFAULT false;
-- rows the load step left out as already done, counted in the chunk that left them out
ALTER TABLE run ADD COLUMN rows_already_done BIGINT NOT NULL DEFAULT 0;
-- the source the run's rows came from originally: its own, or for a resubmission
-- (source resubmit:<parent>) its parent's, so a retried item counts for the original source
ALTER TABLE run ADD COLUMN origin_source TEXT;

WITH RECURSIVE origin (id, origin_source) AS (
	SELECT id, source FROM run WHERE parent_run_id IS NULL
	UNION ALL
	SELECT run.id, origin.origin_source FROM run JOIN origin ON run.parent_run_id = origin.id)
UPDATE run SET origin_source = origin.origin_source FROM origin WHERE run.id = origin.id;

ALTER TABLE run ALTER COLUMN origin_source SET NOT NULL;

-- the runs of a source, among hundreds of others
CREATE INDEX run_origin_source ON run (origin_source);
-- a chunk's ids looked up among the succeeded items of every run: only succeeded items are
-- indexed, with their run, so the join to the source's runs needs no visit to the item rows
CREATE INDEX item_succeeded_external_id ON item (external_id, run_id) WHERE status = 'SUCCEEDED';
