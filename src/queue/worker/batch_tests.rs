//! Unit tests of the batch's screening ([`super::screen`]): which stored
//! messages the bot reads, which are only marked done, and the one "too old"
//! reply per customer. No database, no clock: the time is the batch's `now`.

use std::collections::HashSet;

use super::{Customer, Env, Screened, screen};
use crate::bot::{CustomerInfo, Input, Session, ShopStatus};
use crate::config::Config;
use crate::domain::CustomerId;
use crate::domain::menu::Menu;
use crate::domain::pace::Load;
use crate::domain::time::At;
use crate::queue::worker::Taken;
use crate::store::handoffs::ECHO_KIND;
use crate::store::inbox::InboxRow;
use crate::whatsapp::inbound::parse_message;

const NOW: i64 = 1_780_000_000_000;
const PHONE: &str = "905551234567";

fn customer() -> Customer {
    Customer::new(
        None,
        Session::default(),
        CustomerInfo::new(CustomerId::parse(PHONE).expect("phone")),
    )
}

/// A stored text `body` sent at `sent_at`, as the worker takes it.
fn text(id: &str, kind: &str, body: &str, sent_at: i64) -> Taken {
    let payload = serde_json::json!({
        "from": PHONE, "id": id, "timestamp": (sent_at / 1000).to_string(),
        "type": "text", "text": {"body": body}
    })
    .to_string();
    let msg = parse_message(&payload, None).map_err(|e| e.to_string());
    Taken {
        row: InboxRow {
            id: 1,
            wa_message_id: id.into(),
            customer_phone: CustomerId::parse(PHONE).expect("phone"),
            contact_name: None,
            kind: kind.into(),
            payload,
            sent_at: At::from_millis(sent_at),
            received_at: At::from_millis(sent_at),
            attempts: 0,
        },
        msg,
    }
}

fn with_env(f: impl FnOnce(&Env<'_>)) {
    let cfg = Config::defaults();
    let (menu, load) = (Menu::default(), Load::default());
    let env = Env {
        cfg: &cfg,
        menu: &menu,
        shop: &ShopStatus::Open,
        now: crate::domain::time::At::from_millis(NOW),
        day_start: crate::domain::time::At::from_millis(0),
        kitchen: &load,
    };
    f(&env);
}

fn stale_ms(env: &Env<'_>) -> i64 {
    i64::from(env.cfg.whatsapp.stale_after_minutes) * 60_000
}

#[test]
fn a_fresh_text_is_for_the_bot_and_marked_read() {
    with_env(|env| {
        let mut c = customer();
        let t = text("wamid.1", "text", "merhaba", NOW - 1_000);
        let got = screen(env, &t, &mut c, &mut HashSet::new());
        assert!(matches!(got, Screened::Read(Input::Text(ref s)) if s == "merhaba"));
        assert_eq!(c.last_read.as_deref(), Some("wamid.1"));
        assert!(c.replies.is_empty());
    });
}

#[test]
fn old_replays_get_one_too_old_reply_per_customer_and_no_turn() {
    with_env(|env| {
        let mut c = customer();
        let mut told = HashSet::new();
        let old = NOW - stale_ms(env) - 1;
        let a = text("wamid.a", "text", "2 dürüm", old);
        let b = text("wamid.b", "text", "onayla", old);
        assert!(matches!(
            screen(env, &a, &mut c, &mut told),
            Screened::Handled
        ));
        assert!(matches!(
            screen(env, &b, &mut c, &mut told),
            Screened::Handled
        ));
        assert_eq!(c.replies.len(), 1, "told once: {:?}", c.replies);
        assert_eq!(c.last_read.as_deref(), Some("wamid.b"), "still marked read");
    });
}

#[test]
fn a_shop_echo_quiets_the_bot_unless_it_is_an_old_replay() {
    with_env(|env| {
        let mut c = customer();
        let fresh = text("wamid.e1", ECHO_KIND, "ben bakıyorum", NOW - 1_000);
        assert!(matches!(
            screen(env, &fresh, &mut c, &mut HashSet::new()),
            Screened::Handled
        ));
        assert!(c.echoed && c.quiet);
        let mut c = customer();
        let old = text("wamid.e2", ECHO_KIND, "eski", NOW - stale_ms(env) - 1);
        assert!(matches!(
            screen(env, &old, &mut c, &mut HashSet::new()),
            Screened::Handled
        ));
        assert!(!c.echoed && !c.quiet);
        assert!(
            c.last_read.is_none(),
            "an echo is the shop's own: nothing to mark read"
        );
    });
}

#[test]
fn a_customer_a_person_has_is_kept_active_but_not_answered() {
    with_env(|env| {
        let mut c = customer();
        c.quiet = true;
        c.session.updated_at = NOW - 60_000;
        let t = text("wamid.q", "text", "orada mısınız", NOW - 1_000);
        assert!(matches!(
            screen(env, &t, &mut c, &mut HashSet::new()),
            Screened::Handled
        ));
        assert_eq!(
            c.session.updated_at, NOW,
            "the cart does not expire meanwhile"
        );
        assert!(c.replies.is_empty() && c.last_read.is_none());
        // a customer with no session yet keeps 0: their first message is still a first
        let mut fresh = customer();
        fresh.quiet = true;
        assert!(matches!(
            screen(env, &t, &mut fresh, &mut HashSet::new()),
            Screened::Handled
        ));
        assert_eq!(fresh.session.updated_at, 0);
    });
}
