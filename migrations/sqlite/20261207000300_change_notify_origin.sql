-- PostgreSQL's doorbell notification now names the writing connection (see the
-- PostgreSQL migration of the same name). SQLite has no doorbell: nothing to
-- change; this file keeps both backends' migration lists alike.
SELECT 1;
