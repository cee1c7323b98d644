//! Where a reply's customer goes in a send request: a phone number in `"to"`, a username's
//! business-scoped user id in `"recipient"` (Meta's username rollout; with `to` such a send
//! fails). Which one a customer is was settled when their [`CustomerId`] was parsed.

use crate::domain::CustomerId;

/// The send request's field for this customer.
pub(crate) fn field(to: &CustomerId) -> &'static str {
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
        assert_eq!(field(&id("TR.13491208655302741918")), "recipient");
        assert_eq!(field(&id("905551112233")), "to");
    }

    #[test]
    fn a_send_request_carries_the_customer_in_exactly_one_field() {
        let reply = crate::domain::reply::Reply::text("Merhaba");
        let body = |s: &str| crate::whatsapp::outbound::message_body(&id(s), &reply, None);
        let user = body("TR.13491208655302741918");
        assert_eq!(user["recipient"], "TR.13491208655302741918");
        assert!(
            user.get("to").is_none(),
            "with `to` as well, `to` wins: {user}"
        );
        let phone = body("905551112233");
        assert_eq!(phone["to"], "905551112233");
        assert!(phone.get("recipient").is_none(), "{phone}");
    }

    fn id(s: &str) -> CustomerId {
        CustomerId::parse(s).expect(s)
    }
}
