-- Every 86 (available = 0) and every return (available = 1) of a product, with
-- its time, written in the transaction that changes products.available, so a
-- report can say which items were 86'd and for how long.
CREATE TABLE availability_changes (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL,
    name       TEXT NOT NULL,
    available  INTEGER NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX availability_changes_at ON availability_changes (at);
