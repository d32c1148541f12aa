-- The image URLs a call was answered with, written with its cost: a process that dies
-- before downloading them leaves what a restart needs to fetch them within their lifetime
-- instead of paying for the images again.
ALTER TABLE cost_entry ADD COLUMN image_urls JSONB;
-- A restart looks up an item's last answered call.
CREATE INDEX cost_entry_item ON cost_entry (item_id, id);
