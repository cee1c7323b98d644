//! `maydanoz kds token create|list|revoke`: the tokens that let a remote
//! kitchen display (`maydanoz kds --connect`) use the `/kds/v1/` routes.
//! A token is 32 random bytes from the operating system, in hex; only its
//! SHA-256 is stored, so it is printed once, alone on the last line.

use std::io::Read as _;

use anyhow::Context as _;

use super::{Admin, Table, from_store, rfc3339, user};
use crate::cli::KdsTokenCmd;
use crate::store::kds_tokens;

pub async fn run(a: &Admin, cmd: KdsTokenCmd) -> anyhow::Result<()> {
    match cmd {
        KdsTokenCmd::Create { name, link } => create(a, &name, link.as_deref()).await,
        KdsTokenCmd::List { json } => list(a, json).await,
        KdsTokenCmd::Revoke { name } => {
            let mut tx = a.db.begin().await?;
            if !kds_tokens::revoke(&mut tx.exec(), &name).await? {
                return Err(user(format!("no display token named '{name}'")));
            }
            tx.commit().await?;
            println!("revoked '{name}': its display gets 401 from now on");
            Ok(())
        }
    }
}

fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(user(format!(
            "bad token name '{name}': use 1-64 letters, digits, '-', '_' or '.'"
        )))
    }
}

/// 32 bytes from the kernel's random source, as 64 hex digits.
fn new_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom for a new token")?;
    Ok(hex::encode(bytes))
}

async fn create(a: &Admin, name: &str, link: Option<&str>) -> anyhow::Result<()> {
    check_name(name)?;
    let token = new_token()?;
    let mut tx = a.db.begin().await?;
    kds_tokens::create(&mut tx.exec(), name, &token, crate::clock::now())
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    println!("display token '{name}' created; it is shown only now:");
    println!("  maydanoz kds --connect https://YOUR-SERVER --token TOKEN");
    println!("{token}");
    if let Some(base) = link {
        let base = match (base, &a.cfg.server.public_url) {
            ("", Some(public)) => public.clone(),
            ("", None) => super::board_link::this_host(&a.cfg.server.bind),
            (given, _) => given.to_string(),
        };
        let url = super::board_link::url(&base, &token);
        println!("  or open the board in a browser (a tablet: scan the code):");
        print!("{}", super::board_link::qr(&url)?);
        // the link alone on the last line, for scripts
        println!("{url}");
    }
    Ok(())
}

async fn list(a: &Admin, json: bool) -> anyhow::Result<()> {
    let tokens = kds_tokens::list(&mut a.db.read().await?.exec()).await?;
    if json {
        let v: Vec<_> = tokens
            .iter()
            .map(|t| serde_json::json!({"name": t.name, "created_at": rfc3339(t.created_at)}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let mut t = Table::new(&["NAME", "CREATED"]);
    for k in &tokens {
        t.row(vec![k.name.clone(), a.local_time(k.created_at)]);
    }
    print!("{}", t.render());
    Ok(())
}
