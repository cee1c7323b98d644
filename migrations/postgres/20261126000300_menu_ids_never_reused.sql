-- Menu ids are never reused (issue 16, item 3). The SQLite twin rebuilds its menu tables with
-- AUTOINCREMENT. Here the ids are identity columns backed by sequences, which never hand out
-- a number twice, deleted rows included (checked by tests/store/menu.rs on both backends).
-- Nothing inserts explicit ids, so the sequences cannot fall behind. Kept as a file so both
-- backends carry the same migration stamps.
SELECT 1;
