//! The bot's replies against the checker the sender's side uses: every reply must
//! go through the Graph API message builder untouched (no cut, drop, rename or
//! fill — so the bot, not the builder, made it fit) and pass [`check_limits`], the
//! same check the fake Graph API answers with. On top, the bot's own caps.

use crate::bot::render::BODY_MAX;
use crate::domain::reply::{Choice, Reply};
use crate::whatsapp::limits::utf16_len;
use crate::whatsapp::outbound::{Note, build, check_limits};

/// Every limit WhatsApp enforces on what we send, and the bot's own body cap.
pub fn check_reply(r: &Reply) -> Result<(), String> {
    let built = build(
        &crate::domain::CustomerId::parse("905550000000").expect("a phone"),
        r,
        None,
    );
    // Meta wants row ids unique, not row titles; the builder numbers equal row titles
    // only so a customer can tell them apart
    let is_list = matches!(r, Reply::List { .. });
    let adjusted: Vec<&Note> = built
        .notes
        .iter()
        .filter(|n| !(is_list && matches!(n, Note::Renamed { field: "title", .. })))
        .collect();
    if !adjusted.is_empty() {
        return Err(format!("the builder had to adjust it: {adjusted:?}"));
    }
    check_limits(&built.body).map_err(|e| e.to_string())?;
    if utf16_len(r.body()) > BODY_MAX {
        return Err(format!(
            "body length {} over the bot's cap",
            utf16_len(r.body())
        ));
    }
    Ok(())
}

#[test]
fn the_checker_catches_what_meta_refuses() {
    use crate::domain::reply::Section;
    let b = |n: usize, title: &str| -> Reply {
        let buttons = (0..n)
            .map(|i| Choice::new(format!("b{i}"), format!("{title}{i}")))
            .collect();
        Reply::Buttons {
            body: "x".into(),
            buttons,
            header: None,
            footer: None,
        }
    };
    assert!(check_reply(&b(3, "ok")).is_ok());
    assert!(check_reply(&b(4, "ok")).is_err());
    assert!(check_reply(&b(0, "ok")).is_err());
    assert!(
        check_reply(&b(1, &"ş".repeat(20))).is_err(),
        "21 characters"
    );
    assert!(check_reply(&Reply::text("é".repeat(1025))).is_err());
    assert!(check_reply(&Reply::text("  ")).is_err());
    let dup = Reply::Buttons {
        body: "x".into(),
        buttons: vec![Choice::new("a", "Aynı"), Choice::new("b", "Aynı")],
        header: None,
        footer: None,
    };
    assert!(check_reply(&dup).is_err());
    let l = |rows: usize, title: &str, desc: &str| Reply::List {
        body: "x".into(),
        button: "Seç".into(),
        sections: vec![Section {
            title: "S".into(),
            rows: (0..rows)
                .map(|i| Choice::new(format!("r{i}"), title).with_description(desc))
                .collect(),
        }],
        header: None,
        footer: Some("f".repeat(61)),
    };
    assert!(check_reply(&l(10, "t", "d")).is_err(), "footer 61");
    let ok = |r: Reply| match r {
        Reply::List {
            body,
            button,
            sections,
            header,
            ..
        } => Reply::List {
            body,
            button,
            sections,
            header,
            footer: None,
        },
        other => other,
    };
    assert!(check_reply(&ok(l(10, "t", "d"))).is_ok());
    assert!(check_reply(&ok(l(11, "t", "d"))).is_err());
    assert!(check_reply(&ok(l(1, &"t".repeat(25), "d"))).is_err());
    assert!(check_reply(&ok(l(1, "t", &"d".repeat(73)))).is_err());
}

#[test]
fn emoji_labels_are_cut_by_the_bot_as_meta_counts() {
    use crate::bot::render::{buttons, fit};
    // 11 characters but 22 UTF-16 units: fits a 20-character count, not Meta's
    let title = "🌯".repeat(11);
    let r = fit(
        buttons("Ne alırsınız?".into(), vec![Choice::new("p:1", title)]),
        crate::domain::Lang::Tr,
    );
    check_reply(&r).expect("the bot already cut it in Meta's units");
}
