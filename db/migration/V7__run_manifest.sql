-- Where the run's manifest.jsonl went when the run last ended; cleared when it starts again,
-- so a report never points at a manifest older than the run's items.
ALTER TABLE run ADD COLUMN manifest_uri TEXT;
-- The manifest reads a run's items, and their costs, a page at a time in id order.
CREATE INDEX item_run_id ON item (run_id, id);
CREATE INDEX cost_entry_item ON cost_entry (item_id);
