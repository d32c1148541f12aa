-- Where the run's manifest.jsonl went when the run last ended; cleared when it starts again,
-- so a report never points at a manifest older than the run's items.
ALTER TABLE run ADD COLUMN manifest_uri TEXT;
-- The manifest reads a run's items a page at a time in id order (costs by item: cost_entry_item, V8).
CREATE INDEX item_run_id ON item (run_id, id);
