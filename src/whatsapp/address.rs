//! Where a reply's customer goes in a send request: a phone number in `"to"`, a username's
//! business-scoped user id in `"recipient"` (Meta's username rollout; with `to` such a send
//! fails). Which one a customer is was settled when their [`CustomerId`] was parsed.

use crate::domain::CustomerId;

/// The send request's field for this customer.
pub fn field(to: &CustomerId) -> &'static str {
    match to {
        CustomerId::Phone(_) => "to",
        CustomerId::User(_) => "recipient",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_go_in_to_user_ids_in_recipient() {
        let id = |s: &str| CustomerId::parse(s).expect(s);
        assert_eq!(field(&id("TR.13491208655302741918")), "recipient");
        assert_eq!(field(&id("905551112233")), "to");
    }
}
