-- Two reads every worker batch makes for the quoted ready time: the orders in
-- the kitchen's hands, and the recent order-to-ready times. Without these they
-- walked the day's orders on each batch.
CREATE INDEX orders_in_kitchen ON orders (status) WHERE status IN ('new', 'preparing') AND NOT held;
CREATE INDEX orders_ready ON orders (ready_at) WHERE ready_at IS NOT NULL;
