//! Reading a customer's stored session for work on it (the worker's turn, `maydanoz
//! resume`). A stored text that is not a session is never taken as an empty cart:
//! it is logged with the customer, counted (`/healthz`'s `unreadable_sessions`), and
//! the caller leaves it untouched — the worker's batch fails for that customer, so
//! their message is retried and then parked for a person with an apology (the
//! worker's ordinary path for a message it cannot handle), and the session waits,
//! as it was, for a fix or a person.

use crate::bot::Session;
use crate::domain::CustomerId;
use crate::store::StoreError;

/// The session stored for `phone`, or an error (logged and counted) when it cannot
/// be read.
pub(crate) fn read(phone: &CustomerId, stored: &str) -> Result<Session, StoreError> {
    Session::from_json(stored).map_err(|e| {
        crate::health::session_unreadable();
        tracing::error!(customer = %phone, error = %e, "stored session cannot be read; left as it is");
        StoreError::Invalid(format!("the session of {phone} cannot be read: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_session_is_an_error_and_counted() {
        let phone = CustomerId::parse("905551112233").expect("a phone");
        let before = crate::health::unreadable_sessions();
        let e = read(&phone, "[1,2]").expect_err("not a session");
        assert!(e.to_string().contains("905551112233"), "{e}");
        assert!(crate::health::unreadable_sessions() > before);
        let s = read(&phone, r#"{"lang":"en","updated_at":5}"#).expect("a session");
        assert_eq!(s.updated_at, 5);
    }
}
