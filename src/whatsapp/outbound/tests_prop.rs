//! Property: whatever `Reply` the bot produces, the body built from it passes `check_limits`.

use proptest::prelude::*;

use super::*;
use crate::domain::reply::{Choice, Reply, Section};

static TO: std::sync::LazyLock<crate::domain::CustomerId> =
    std::sync::LazyLock::new(crate::whatsapp::testdata::fixture_to);

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-ZçğıİöşüÇĞÖŞÜ0-9 🌯👍]{0,40}",
        1 => prop::sample::select(vec!["", " ", "Evet", "Evet", "\n", "\u{200d}"]).prop_map(String::from),
        1 => "\\PC{0,300}",
        1 => "[şğ🌯]{1000,1300}",
    ]
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        text_strategy(),
        text_strategy(),
        prop::option::of(text_strategy()),
    )
        .prop_map(|(id, title, description)| Choice {
            id,
            title,
            description,
        })
}

fn reply() -> impl Strategy<Value = Reply> {
    let opt = || prop::option::of(text_strategy());
    let section = (text_strategy(), prop::collection::vec(choice(), 0..6))
        .prop_map(|(title, rows)| Section { title, rows });
    prop_oneof![
        text_strategy().prop_map(|body| Reply::Text { body }),
        (
            text_strategy(),
            prop::collection::vec(choice(), 0..6),
            opt(),
            opt()
        )
            .prop_map(|(body, buttons, header, footer)| Reply::Buttons {
                body,
                buttons,
                header,
                footer
            }),
        (
            text_strategy(),
            text_strategy(),
            prop::collection::vec(section, 0..13),
            opt(),
            opt()
        )
            .prop_map(|(body, button, sections, header, footer)| Reply::List {
                body,
                button,
                sections,
                header,
                footer
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_built_body_passes_check_limits(r in reply(), cb in prop::option::of(text_strategy())) {
        let body = message_body(&TO, &r, cb.as_deref());
        prop_assert_eq!(check_limits(&body), Ok(()), "{}", body);
    }
}
