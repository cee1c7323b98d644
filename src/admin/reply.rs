//! `maydanoz reply`: a person answers a customer from the command line.
//!
//! - `reply PHONE "text"`: one WhatsApp text through the outbox (sent by the
//!   running server exactly once, retried and paced like every reply); refused
//!   (exit 2) for a number that never wrote and outside Meta's 24-hour window;
//!   a customer waiting for a person keeps the bot quiet `support.quiet_minutes`
//!   more; a reply to anyone else leaves the bot answering.
//! - `reply`: the customers waiting for a person (`--json` for scripts).
//! - `reply --done PHONE`: hand the customer back to the bot (they are told, once).

use super::{Admin, Table, from_store, rfc3339, say, user};
use crate::cli::ReplyArgs;
use crate::domain::CustomerId;
use crate::domain::text::{clean, cut};
use crate::service::support::{self, ReplyError};

pub async fn run(a: &Admin, args: ReplyArgs) -> anyhow::Result<()> {
    match (args.phone, args.text, args.done) {
        (None, None, false) => list(a, args.json).await,
        (Some(phone), None, true) => done(a, &number(&phone)?).await,
        (Some(phone), Some(text), false) => send(a, &number(&phone)?, &text).await,
        (None, _, true) => Err(user("reply --done: give the customer's number")),
        (Some(_), Some(_), true) => Err(user("reply --done PHONE takes no text")),
        (Some(phone), None, false) => Err(user(format!(
            "reply {phone}: give the text too: maydanoz reply {phone} \"…\""
        ))),
        // clap fills the phone before the text: a text alone cannot happen
        (None, Some(_), false) => Err(user("reply: give the customer's number, then the text")),
    }
}

/// The customer key as stored: digits (spaces, `+`, `-` and brackets dropped), or a user id.
/// Parsed here, at the edge: everything after takes a [`CustomerId`].
fn number(typed: &str) -> anyhow::Result<CustomerId> {
    CustomerId::parse_typed(typed).map_err(|_| {
        user(format!(
            "'{}' is not a WhatsApp number (digits with the country code, like 905551112233)",
            cut(&clean(typed), 40)
        ))
    })
}

async fn send(a: &Admin, phone: &CustomerId, text: &str) -> anyhow::Result<()> {
    let now = crate::clock::now();
    let quiet = a.cfg.support.quiet();
    let queued = async {
        let mut change = crate::service::Change::begin(&a.db, None).await?;
        let (mut conn, events) = change.parts();
        let extended = support::reply(&mut conn, phone, text, now, quiet, events).await?;
        change.commit().await?;
        Ok::<_, ReplyError>(extended)
    };
    match queued.await {
        Ok(true) => {
            say(format!(
                "queued for {phone}: the server sends it; the bot stays quiet for them until {} \
                 (`maydanoz reply --done {phone}` hands them back sooner)",
                a.local_time(now + quiet)
            ));
            Ok(())
        }
        Ok(false) => {
            say(format!(
                "queued for {phone}: the server sends it; they were not waiting for a person, \
                 so the bot goes on answering them"
            ));
            Ok(())
        }
        Err(ReplyError::Store(e)) => Err(from_store(e)),
        Err(e) => Err(user(format!("reply: {e}"))),
    }
}

async fn done(a: &Admin, phone: &CustomerId) -> anyhow::Result<()> {
    let back = async {
        let mut change = crate::service::Change::begin(&a.db, None).await?;
        let (mut conn, events) = change.parts();
        let was = support::hand_back(&mut conn, phone, crate::clock::now(), "cli", events).await?;
        change.commit().await?;
        Ok(was)
    };
    let was = back.await.map_err(from_store)?;
    if !was {
        return Err(user(format!(
            "reply --done: {phone} is not waiting for a person"
        )));
    }
    say(format!("{phone} is back with the bot"));
    Ok(())
}

async fn list(a: &Admin, json: bool) -> anyhow::Result<()> {
    let waiting = support::waiting(&a.db, crate::clock::now())
        .await
        .map_err(from_store)?;
    if json {
        let v: Vec<serde_json::Value> = waiting
            .iter()
            .map(|w| {
                serde_json::json!({
                    "phone": w.phone,
                    "name": w.name,
                    "reason": w.reason,
                    "since": rfc3339(w.since_ms),
                    "quiet_until": rfc3339(w.quiet_until_ms),
                    "answered_at": w.answered_at_ms.map(rfc3339),
                    "last_message": w.last.last().map(|s| s.text.clone()),
                    "messages": w.last.iter().map(|s| serde_json::json!({
                        "at": rfc3339(s.at_ms), "from_shop": s.from_shop, "text": s.text,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    if waiting.is_empty() {
        say("nobody is waiting for a person");
        return Ok(());
    }
    let mut t = Table::new(&["PHONE", "NAME", "SINCE", "WHY", "LAST MESSAGE"]);
    for w in &waiting {
        let last = w
            .last
            .last()
            .map(|s| {
                let who = if s.from_shop { "shop: " } else { "" };
                format!("{who}{}", cut(clean(&s.text).trim(), 60))
            })
            .unwrap_or_default();
        t.row(vec![
            w.phone.to_string(),
            cut(clean(w.name.as_deref().unwrap_or("")).trim(), 30),
            a.local_time(w.since_ms),
            crate::kds::view::waiting::reason(&w.reason).to_string(),
            last,
        ]);
    }
    print!("{}", t.render());
    say("answer: maydanoz reply PHONE \"…\"   hand back: maydanoz reply --done PHONE");
    Ok(())
}
