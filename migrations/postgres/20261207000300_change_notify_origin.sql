-- The doorbell's notification names the connection that made the change: the
-- payload is the counter's new value, a space, and the writing session's
-- application_name (each maydanoz process sets a unique one). A process's own
-- writes already reach its boards as events, so its doorbell skips its own
-- notifications instead of reloading every board once more for each of them.
CREATE OR REPLACE FUNCTION maydanoz_change_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('maydanoz_change',
                      NEW.value::text || ' ' || coalesce(current_setting('application_name', true), ''));
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
