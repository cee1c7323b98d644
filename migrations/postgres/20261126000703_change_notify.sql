-- The doorbell: every move of the change counter notifies the channel
-- `maydanoz_change` (payload: the new value) when its transaction commits, so
-- another process's boards wake at once instead of at their next poll.
-- Notifications are not replayed: a listener that reconnects catches up from
-- the counter itself.
CREATE FUNCTION maydanoz_change_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('maydanoz_change', NEW.value::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER counters_change_notify
    AFTER UPDATE ON counters
    FOR EACH ROW WHEN (NEW.name = 'change_seq')
    EXECUTE FUNCTION maydanoz_change_notify();
