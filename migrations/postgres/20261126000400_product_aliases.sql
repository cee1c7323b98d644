-- Other names customers use for a product ("Coca Cola" for Kola), from the menu
-- file's `aliases = [...]`; one per line, matched like the name by the order reader.
ALTER TABLE products ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
