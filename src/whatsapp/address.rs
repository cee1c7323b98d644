//! Who a customer is on the wire: a phone number (`from` / `wa_id`, digits only, as Meta
//! sends it) or, for a user who adopted a username and hides their number, a business-scoped
//! user id (`from_user_id`, e.g. `TR.13491208655302741918`). Anything else is refused at the
//! webhook: the id is a database key, is printed by the CLI and addresses every reply.
//!
//! Replies go to a phone number with `"to"` and to a user id with `"recipient"` (Meta's
//! username rollout; with `to` such a send fails).

/// Longest phone number accepted (E.164 allows 15 digits; a little slack for odd `wa_id`s).
const PHONE_MAX: usize = 20;
/// Longest user id accepted after its two-letter country prefix and the dot.
const USER_ID_MAX: usize = 128;

/// A customer's WhatsApp address, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address<'a> {
    /// Digits only: sent with `"to"`.
    Phone(&'a str),
    /// A business-scoped user id: sent with `"recipient"`.
    UserId(&'a str),
}

impl<'a> Address<'a> {
    /// Classify a stored customer key; `None` for something that is neither.
    pub fn parse(s: &'a str) -> Option<Address<'a>> {
        if is_phone(s) {
            Some(Address::Phone(s))
        } else if is_user_id(s) {
            Some(Address::UserId(s))
        } else {
            None
        }
    }

    /// The send request's field for this address.
    pub fn field(self) -> &'static str {
        match self {
            Address::Phone(_) => "to",
            Address::UserId(_) => "recipient",
        }
    }
}

/// The field a reply to `key` goes in: `recipient` for a user id, else `to` (also for a key
/// of an older database that is neither: Meta answers that one with an error we record).
pub fn field_for(key: &str) -> &'static str {
    Address::parse(key).map_or("to", Address::field)
}

/// 1–20 ASCII digits, nothing else (no `+`, spaces or escape sequences).
pub fn is_phone(s: &str) -> bool {
    (1..=PHONE_MAX).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Two ASCII letters (the country), a dot, then 1–128 ASCII letters, digits, `_` or `-`.
pub fn is_user_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2] == b'.'
        && b.len() - 3 <= USER_ID_MAX
        && b[3..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_user_ids_and_nothing_else() {
        assert_eq!(
            Address::parse("905551112233"),
            Some(Address::Phone("905551112233"))
        );
        assert_eq!(
            Address::parse("TR.13491208655302741918"),
            Some(Address::UserId("TR.13491208655302741918"))
        );
        assert_eq!(field_for("TR.13491208655302741918"), "recipient");
        assert_eq!(field_for("905551112233"), "to");
        for bad in [
            "",
            "+905551112233",
            "90555 111",
            "9055\u{1b}]0;pwned\u{7}",
            "\u{1b}[2J",
            "123456789012345678901",
            "T.123",
            "TR.",
            "TR.12\u{1b}[31m",
            "TR-1234",
        ] {
            assert_eq!(Address::parse(bad), None, "{bad:?}");
        }
    }
}
