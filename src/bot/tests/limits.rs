//! The WhatsApp limits checker, independent of the code that builds replies.

use crate::domain::reply::{Choice, Reply};

// Meta's numbers, written out here rather than taken from the code under test.
const BODY_MAX: usize = 1024;
const BUTTONS_MAX: usize = 3;
const BUTTON_TITLE_MAX: usize = 20;
const ROWS_MAX: usize = 10;
const ROW_TITLE_MAX: usize = 24;
const ROW_DESC_MAX: usize = 72;
const SECTION_TITLE_MAX: usize = 24;
const LIST_BUTTON_MAX: usize = 20;
const ID_MAX: usize = 200;
const FOOTER_MAX: usize = 60;

/// Every limit WhatsApp enforces on what we send.
pub fn check_reply(r: &Reply) -> Result<(), String> {
    let n = |s: &str| s.chars().count();
    let body = r.body();
    if body.trim().is_empty() || n(body) > BODY_MAX {
        return Err(format!("body length {}", n(body)));
    }
    let id_ok = |c: &Choice| !c.id.is_empty() && n(&c.id) <= ID_MAX;
    match r {
        Reply::Text { .. } => Ok(()),
        Reply::Buttons {
            buttons,
            header,
            footer,
            ..
        } => {
            if buttons.is_empty() || buttons.len() > BUTTONS_MAX {
                return Err(format!("{} buttons", buttons.len()));
            }
            let mut titles: Vec<&str> = buttons.iter().map(|b| b.title.as_str()).collect();
            titles.sort();
            titles.dedup();
            if titles.len() != buttons.len() {
                return Err("duplicate button titles".into());
            }
            for b in buttons {
                if b.title.trim().is_empty() || n(&b.title) > BUTTON_TITLE_MAX || !id_ok(b) {
                    return Err(format!("button {b:?}"));
                }
            }
            check_hf(header, footer)
        }
        Reply::List {
            button,
            sections,
            header,
            footer,
            ..
        } => {
            let rows: Vec<&Choice> = sections.iter().flat_map(|s| s.rows.iter()).collect();
            if rows.is_empty() || rows.len() > ROWS_MAX || sections.len() > ROWS_MAX {
                return Err(format!("{} rows", rows.len()));
            }
            if button.trim().is_empty() || n(button) > LIST_BUTTON_MAX {
                return Err(format!("list button {button:?}"));
            }
            for s in sections {
                if s.title.trim().is_empty() || n(&s.title) > SECTION_TITLE_MAX {
                    return Err(format!("section {:?}", s.title));
                }
            }
            let mut ids: Vec<&str> = rows.iter().map(|c| c.id.as_str()).collect();
            ids.sort();
            ids.dedup();
            if ids.len() != rows.len() {
                return Err("duplicate row ids".into());
            }
            for c in rows {
                let desc_ok = c.description.as_ref().is_none_or(|d| n(d) <= ROW_DESC_MAX);
                if c.title.trim().is_empty() || n(&c.title) > ROW_TITLE_MAX || !desc_ok || !id_ok(c)
                {
                    return Err(format!("row {c:?}"));
                }
            }
            check_hf(header, footer)
        }
    }
}

fn check_hf(header: &Option<String>, footer: &Option<String>) -> Result<(), String> {
    for t in [header, footer].into_iter().flatten() {
        if t.chars().count() > FOOTER_MAX {
            return Err(format!("header/footer {t:?}"));
        }
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
