//! The customer's WhatsApp address, as one type from the webhook to the outbox.

use std::fmt;

/// Who a message came from and goes back to: the phone number in Meta's `from`
/// (`wa_id`, digits with the country code), or for a user who hides the number
/// behind a username, the BSUID in `from_user_id`. Never blank. Stored as text in
/// `customer_phone` columns; the outbox calls the same value `recipient`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Why a text is not a customer's address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a WhatsApp number or user id")]
pub struct PhoneError(pub String);

impl Phone {
    /// The address, trimmed; blank is refused.
    pub fn parse(s: &str) -> Result<Phone, PhoneError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(PhoneError(s.to_string()));
        }
        Ok(Phone(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Phone, PhoneError> {
        Phone::parse(&s)
    }
}

impl TryFrom<&str> for Phone {
    type Error = PhoneError;
    fn try_from(s: &str) -> Result<Phone, PhoneError> {
        Phone::parse(s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Read as text wherever a `&str` is taken (SQL binds, JSON bodies, map keys):
/// the check happened when the value was made.
impl std::ops::Deref for Phone {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Phone {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Phone {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Phone {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Phone;

    #[test]
    fn trimmed_and_never_blank() {
        assert_eq!(
            Phone::parse(" 905551112233 ").expect("number").as_str(),
            "905551112233"
        );
        assert_eq!(
            Phone::parse("US.42")
                .expect("a BSUID is an address too")
                .as_str(),
            "US.42"
        );
        assert!(Phone::parse("  ").is_err());
        let json: Result<Phone, _> = serde_json::from_str("\"\"");
        assert!(json.is_err(), "blank is refused when deserialized too");
    }
}
