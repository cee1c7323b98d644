//! Who a customer is on WhatsApp, as one type from the webhook to the outbox: a phone
//! number, or the business-scoped user id of a customer who hides the number behind a
//! username. Parsed once where text comes in (the webhook's records, the command line,
//! rows read from the store); everything after matches on the variant instead of looking
//! at the string. Written out (SQL columns, JSON, the outbox `recipient`) as the same text
//! Meta sent.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Longest phone number accepted (E.164 allows 15 digits; a little slack for odd `wa_id`s).
const PHONE_MAX: usize = 20;
/// Longest user id accepted after its two-letter country prefix and the dot.
const USER_ID_MAX: usize = 128;
/// How much of a refused text an error repeats.
const SHOWN_MAX: usize = 40;

/// Meta's `from` / `wa_id`: 1–20 ASCII digits with the country code, no `+` or spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

/// A username's business-scoped user id (`from_user_id`, `user_id`): two ASCII letters
/// (the country), a dot, then 1–128 ASCII letters, digits, `_` or `-`, like
/// `TR.13491208655302741918`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

/// A customer's WhatsApp address. Stored as text in `customer_phone` columns; the outbox
/// calls the same value `recipient`. Compared, ordered and hashed as that text, so a map
/// keyed by it can be looked up with a `&str`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CustomerId {
    /// Known by the phone number: replies go in the send request's `to`.
    Phone(PhoneNumber),
    /// Known only by a username's user id: replies go in `recipient`.
    User(UserId),
}

/// Why a text is not a customer's address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerIdError {
    #[error("a customer's WhatsApp number or user id is blank")]
    Blank,
    #[error(
        "{0:?} is not a WhatsApp number (digits with the country code, like 905551112233) \
         or user id (like TR.13491208655302741918)"
    )]
    Neither(String),
}

impl CustomerIdError {
    fn neither(s: &str) -> CustomerIdError {
        CustomerIdError::Neither(s.chars().take(SHOWN_MAX).collect())
    }
}

impl PhoneNumber {
    /// Exactly Meta's form: digits only (surrounding blanks trimmed).
    pub fn parse(s: &str) -> Result<PhoneNumber, CustomerIdError> {
        let t = s.trim();
        if t.is_empty() {
            Err(CustomerIdError::Blank)
        } else if t.len() <= PHONE_MAX && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(PhoneNumber(t.to_string()))
        } else {
            Err(CustomerIdError::neither(s))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl UserId {
    /// Exactly Meta's form (surrounding blanks trimmed).
    pub fn parse(s: &str) -> Result<UserId, CustomerIdError> {
        let t = s.trim();
        let b = t.as_bytes();
        if t.is_empty() {
            Err(CustomerIdError::Blank)
        } else if b.len() >= 4
            && b[..2].iter().all(u8::is_ascii_alphabetic)
            && b[2] == b'.'
            && b.len() - 3 <= USER_ID_MAX
            && b[3..]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
        {
            Ok(UserId(t.to_string()))
        } else {
            Err(CustomerIdError::neither(s))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country the id starts with, as written (`TR`, `US`).
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

impl CustomerId {
    /// Text as Meta sends it or the store holds it: a phone number or a user id, surrounding
    /// blanks trimmed; anything else (a `+`, spaces inside, letters, escape sequences,
    /// non-ASCII) is refused.
    pub fn parse(s: &str) -> Result<CustomerId, CustomerIdError> {
        if s.trim().is_empty() {
            return Err(CustomerIdError::Blank);
        }
        PhoneNumber::parse(s)
            .map(CustomerId::Phone)
            .or_else(|_| UserId::parse(s).map(CustomerId::User))
            .map_err(|_| CustomerIdError::neither(s))
    }

    /// Text a person typed (the command line): a number may carry `+`, spaces, `-` and
    /// brackets (`+90 (555) 111-22-33`), which are dropped; a user id is taken as written.
    pub fn parse_typed(s: &str) -> Result<CustomerId, CustomerIdError> {
        let digits: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '+' | '-' | '(' | ')'))
            .collect();
        PhoneNumber::parse(&digits)
            .map(CustomerId::Phone)
            .or_else(|_| CustomerId::parse(s))
    }

    /// The address as stored and sent.
    pub fn as_str(&self) -> &str {
        match self {
            CustomerId::Phone(p) => p.as_str(),
            CustomerId::User(u) => u.as_str(),
        }
    }

    /// The phone number, for a customer known by one.
    pub fn phone(&self) -> Option<&PhoneNumber> {
        match self {
            CustomerId::Phone(p) => Some(p),
            CustomerId::User(_) => None,
        }
    }

    /// The user id, for a customer known only by one.
    pub fn user_id(&self) -> Option<&UserId> {
        match self {
            CustomerId::Phone(_) => None,
            CustomerId::User(u) => Some(u),
        }
    }
}

impl From<PhoneNumber> for CustomerId {
    fn from(p: PhoneNumber) -> CustomerId {
        CustomerId::Phone(p)
    }
}

impl From<UserId> for CustomerId {
    fn from(u: UserId) -> CustomerId {
        CustomerId::User(u)
    }
}

impl TryFrom<String> for CustomerId {
    type Error = CustomerIdError;
    fn try_from(s: String) -> Result<CustomerId, CustomerIdError> {
        CustomerId::parse(&s)
    }
}

impl TryFrom<&str> for CustomerId {
    type Error = CustomerIdError;
    fn try_from(s: &str) -> Result<CustomerId, CustomerIdError> {
        CustomerId::parse(s)
    }
}

impl TryFrom<String> for UserId {
    type Error = CustomerIdError;
    fn try_from(s: String) -> Result<UserId, CustomerIdError> {
        UserId::parse(&s)
    }
}

impl From<CustomerId> for String {
    fn from(c: CustomerId) -> String {
        match c {
            CustomerId::Phone(p) => p.0,
            CustomerId::User(u) => u.0,
        }
    }
}

impl From<UserId> for String {
    fn from(u: UserId) -> String {
        u.0
    }
}

impl AsRef<str> for CustomerId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Read as text wherever a `&str` is taken (SQL binds, JSON bodies, map keys):
/// the check happened when the value was made.
impl std::ops::Deref for CustomerId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for CustomerId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// Hashed as its text, as [`std::borrow::Borrow<str>`] requires.
impl Hash for CustomerId {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

/// Ordered as its text (the order the rows and lists had when the key was a string).
impl Ord for CustomerId {
    fn cmp(&self, other: &CustomerId) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for CustomerId {
    fn partial_cmp(&self, other: &CustomerId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for CustomerId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CustomerId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{CustomerId, CustomerIdError, PhoneNumber, UserId};

    fn user(s: &str) -> CustomerId {
        CustomerId::User(UserId::parse(s).expect("a user id"))
    }

    #[test]
    fn meta_phone_numbers_are_phones() {
        for (given, kept) in [
            ("905551112233", "905551112233"),
            (" 905551112233 ", "905551112233"),
            ("447700900123", "447700900123"),
            ("1", "1"),
            ("12345678901234567890", "12345678901234567890"),
        ] {
            let id = CustomerId::parse(given).expect(given);
            assert_eq!(
                id,
                CustomerId::Phone(PhoneNumber::parse(kept).expect(kept)),
                "{given:?}"
            );
            assert_eq!(id.as_str(), kept);
            assert!(id.user_id().is_none());
        }
    }

    #[test]
    fn business_scoped_user_ids_are_users() {
        for given in [
            "TR.13491208655302741918",
            "US.13491208655302741918",
            "US.42",
            "TR.abc_DEF-9",
        ] {
            let id = CustomerId::parse(given).expect(given);
            assert_eq!(id, user(given));
            assert_eq!(id.as_str(), given);
            assert!(id.phone().is_none());
        }
        assert_eq!(UserId::parse("TR.1349").expect("a user id").country(), "TR");
    }

    #[test]
    fn blank_and_garbage_are_refused_with_a_reason() {
        assert_eq!(CustomerId::parse(""), Err(CustomerIdError::Blank));
        assert_eq!(CustomerId::parse(" \t "), Err(CustomerIdError::Blank));
        for bad in [
            "+905551112233",
            "90 555 111 22 33",
            "0555-111-22-33",
            "123456789012345678901",
            "alice",
            "A",
            "T.123",
            "TR.",
            "TR-1234",
            "TR.12 34",
            "9055\u{1b}]0;pwned\u{7}",
            "\u{1b}[2J",
            "TR.12\u{1b}[31m",
            "TR.Şükrü",
            "ŞK.1234",
            "TR.1234🌯",
            "90555🌯",
            "٩٠٥٥٥",
        ] {
            let e = CustomerId::parse(bad).expect_err(bad);
            let CustomerIdError::Neither(shown) = &e else {
                panic!("{bad:?}: {e:?}")
            };
            assert_eq!(shown, bad, "the error repeats the text");
            let said = e.to_string();
            assert!(said.contains("is not a WhatsApp number"), "{said}");
            assert!(
                !said.contains('\u{1b}'),
                "escape sequences are quoted: {said}"
            );
        }
    }

    #[test]
    fn a_long_refused_text_is_cut_on_a_char_boundary_in_the_error() {
        let long = "ş".repeat(100);
        let Err(CustomerIdError::Neither(shown)) = CustomerId::parse(&long) else {
            panic!("refused")
        };
        assert_eq!(shown.chars().count(), 40);
    }

    #[test]
    fn typed_numbers_lose_their_punctuation_user_ids_are_kept() {
        for typed in ["+90 555 111 22 33", "+90 (555) 111-22-33", "905551112233"] {
            assert_eq!(
                CustomerId::parse_typed(typed).expect(typed).as_str(),
                "905551112233"
            );
        }
        assert_eq!(
            CustomerId::parse_typed(" TR.1349 ").expect("a user id"),
            user("TR.1349")
        );
        assert!(CustomerId::parse_typed("+90 555 abc").is_err());
        assert!(CustomerId::parse_typed(" + ").is_err());
    }

    #[test]
    fn text_in_and_out_is_unchanged() {
        for text in ["905551112233", "TR.13491208655302741918"] {
            let id = CustomerId::parse(text).expect(text);
            let json = serde_json::to_string(&id).expect("serialize");
            assert_eq!(json, format!("\"{text}\""));
            let back: CustomerId = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, id);
            assert_eq!(String::from(id.clone()), text);
            assert_eq!(id.to_string(), text);
        }
        let blank: Result<CustomerId, _> = serde_json::from_str("\"\"");
        assert!(blank.is_err(), "blank is refused when deserialized too");
        let plus: Result<CustomerId, _> = serde_json::from_str("\"+905551112233\"");
        assert!(plus.is_err(), "so is anything Meta never sends");
    }

    #[test]
    fn ordered_and_hashed_as_text() {
        let mut ids = ["TR.9", "905", "US.1", "44"]
            .map(|s| CustomerId::parse(s).expect(s))
            .to_vec();
        ids.sort();
        let texts: Vec<&str> = ids.iter().map(CustomerId::as_str).collect();
        assert_eq!(texts, ["44", "905", "TR.9", "US.1"]);
        let set: std::collections::HashSet<CustomerId> = ids.into_iter().collect();
        assert!(set.contains("TR.9"), "looked up by &str");
    }
}
