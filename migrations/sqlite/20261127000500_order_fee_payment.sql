-- Issue 13 items 3 and 4: the delivery fee (included in total_minor) and how the
-- customer pays (cash, card, online, counter; NULL for orders placed before).
ALTER TABLE orders ADD COLUMN delivery_fee_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN payment TEXT;
