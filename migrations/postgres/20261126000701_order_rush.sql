-- Rush: the kitchen marks an order to be made first; every screen puts it in front.
ALTER TABLE orders ADD COLUMN rush BOOLEAN NOT NULL DEFAULT FALSE;
