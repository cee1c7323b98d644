-- Every stored message was written into four indexes besides its row. Two of them
-- covered the same pending rows: `inbox_pending (id)` and `inbox_pending_customer
-- (customer_phone, id)`, both partial on state = 'pending'. Every read of pending
-- messages (the worker's fair batch, the backlog, the oldest waiting) is served by
-- the second, so the first only cost a write per insert and another per completion.
DROP INDEX IF EXISTS inbox_pending;
