-- PostgreSQL's twin adds a NOTIFY doorbell on the change counter. SQLite has
-- no notifications: a second process on the same file still notices writes by
-- polling the counter. Nothing to change here.
SELECT 1;
