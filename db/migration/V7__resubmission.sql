-- A resubmission run's load step reads its parent's failed items again through these
-- filters and edits (also when it is restarted), so they are kept with the run.
ALTER TABLE run ADD COLUMN resubmission JSONB;
-- Lineage: which items retry an item, and how often it was retried.
CREATE INDEX item_retry_of ON item (retry_of);
