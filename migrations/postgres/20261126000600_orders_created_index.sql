-- Reports and the accountant's export read orders by creation time over days or
-- months; without this index every report scans the whole orders table.
CREATE INDEX orders_created ON orders (created_at);
