//! `maydanoz pause` / `maydanoz resume`: stop and restart taking orders without
//! touching the server (it reads the switch from the database on every message).

use super::Admin;
use crate::cli::PauseArgs;
use crate::domain::hours::Pause;
use crate::store::pause;

pub async fn pause(a: &Admin, args: PauseArgs) -> anyhow::Result<()> {
    let until = args
        .minutes
        .map(|m| crate::clock::now() + crate::domain::time::Span::minutes(i64::from(m)));
    let p = Pause {
        until,
        reason: args
            .reason
            .map(|r| crate::domain::text::cut(&crate::domain::text::clean(r.trim()), 200)),
    };
    let mut tx = a.db.begin().await?;
    pause::set(&mut tx.exec(), Some(&p)).await?;
    tx.commit().await?;
    match until {
        Some(u) => println!(
            "paused until {}: customers are told when you reopen",
            a.local_time(u)
        ),
        None => println!(
            "paused: customers are told you are not taking orders; `maydanoz resume` reopens"
        ),
    }
    Ok(())
}

pub async fn resume(a: &Admin) -> anyhow::Result<()> {
    let mut tx = a.db.begin().await?;
    pause::set(&mut tx.exec(), None).await?;
    tx.commit().await?;
    let told = crate::service::reopen::tell_reopened(
        &a.db,
        crate::clock::now(),
        a.cfg.support.resume_notice(),
        a.cfg.restaurant.language,
    )
    .await?;
    println!("taking orders again; {told} customer(s) with a cart told");
    Ok(())
}
