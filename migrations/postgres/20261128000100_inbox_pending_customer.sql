-- The worker takes pending messages a few per customer at a time (ROW_NUMBER over
-- customer_phone, id among pending rows). Once the (customer_phone, id) index for the
-- waiting list existed, SQLite's planner walked it for that ranking, reading every
-- message ever received (done ones too) on each batch: a batch got slower all day
-- long. The same columns over pending rows only keep each batch's ranking to the
-- messages actually waiting.
CREATE INDEX inbox_pending_customer ON inbox (customer_phone, id) WHERE state = 'pending';
