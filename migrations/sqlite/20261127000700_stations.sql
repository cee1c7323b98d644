-- Stations: a category or a product may name the kitchen station that makes
-- it ("ızgara", "içecek"); a product's own station wins over its category's.
-- Each order line copies its station when the order is confirmed, and keeps
-- when that station finished it (unix ms; NULL while still to make).
ALTER TABLE categories ADD COLUMN station TEXT;
ALTER TABLE products ADD COLUMN station TEXT;
ALTER TABLE order_items ADD COLUMN station TEXT;
ALTER TABLE order_items ADD COLUMN station_done_at INTEGER;
