-- English names for the menu (`name_en` in the menu file), shown to customers who
-- speak English and read by the order reader; NULL = no English name (the Turkish
-- one is shown). And a product's `sku`, matched against a Meta catalog cart's
-- `product_retailer_id`: unique where set.
ALTER TABLE categories ADD COLUMN name_en TEXT;
ALTER TABLE products ADD COLUMN name_en TEXT;
ALTER TABLE products ADD COLUMN sku TEXT;
ALTER TABLE option_groups ADD COLUMN name_en TEXT;
ALTER TABLE options ADD COLUMN name_en TEXT;
CREATE UNIQUE INDEX products_sku_unique ON products (sku) WHERE sku IS NOT NULL;
