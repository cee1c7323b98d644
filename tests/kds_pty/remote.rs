//! A remote board (`maydanoz kds --connect URL --token T`, no database) beside
//! `serve`'s own board: an order shows on both; a bump on either shows on the
//! other (the p99 is printed); the server is killed, the remote says so, a
//! change is made while it is down, the server restarts and the remote is back
//! within 2 s showing exactly what the server shows. Bad tokens and URLs that
//! are not a Maydanoz server end the display with one line and status 2.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::board::{ayran, ticket_numbers};
use crate::shop::{SOON, Shop};
use crate::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_maydanoz");

pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `kds token create NAME` on the shop's database: the token is the last line.
pub(crate) async fn token(shop: &Shop, name: &str) -> String {
    let out = shop.cli(&["kds", "token", "create", name]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let last = stdout
        .lines()
        .last()
        .expect("a last line")
        .trim()
        .to_string();
    assert_eq!(
        last.len(),
        64,
        "a 64-hex-digit token alone on the last line: {stdout}"
    );
    last
}

/// The remote board in its own tmux pane (then a shell, like the shop's).
pub(crate) fn remote_pane(shop: &Shop, url: &str, token: &str) -> Tmux {
    let log = shop.file("remote.log");
    let script = shop.file("remote.sh");
    let text = format!(
        "for v in $(env | sed -n 's/^\\(MAYDANOZ_[A-Za-z0-9_]*\\)=.*/\\1/p'); do unset \"$v\"; done\n\
         export MAYDANOZ_LOG__FILE={log}\nexport MAYDANOZ_KDS__SOUND=false\n\
         export MAYDANOZ_KDS_TOKEN={token}\n\
         {bin} kds --connect {url}\necho \"EXITED $?\"\nexec sh\n",
        log = quote(&log.display().to_string()),
        bin = quote(BIN),
        url = quote(url),
        token = quote(token),
    );
    std::fs::write(&script, text).expect("write remote.sh");
    Tmux::start(Path::new(&script))
}

pub(crate) async fn until(
    t: &Tmux,
    within: Duration,
    what: &str,
    f: impl Fn(&str) -> bool,
) -> Instant {
    match t.poll(within, |s| f(s).then_some(())).await {
        Ok(((), at)) => at,
        Err(screen) => panic!("waited {within:?} for {what}:\n{screen}"),
    }
}

/// (number, status word) of every ticket on a screen, sorted.
fn board(screen: &str) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = Vec::new();
    let lines: Vec<&str> = screen.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        // ticket titles only (not the status line's "recalled #12 → new")
        if !(l.contains('┌') || l.contains('┏')) {
            continue;
        }
        for n in ticket_numbers(l) {
            let status = lines
                .get(i + 1)
                .and_then(|next| {
                    ["NEW", "PREPARING", "READY", "OUT"]
                        .into_iter()
                        .find(|w| next.contains(w))
                })
                .unwrap_or("?");
            out.push((n, status.to_string()));
        }
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_board_follows_the_server_through_a_restart() {
    let shop = Shop::open().await;
    let url = format!("http://127.0.0.1:{}", shop.port);
    let tok = token(&shop, "counter").await;
    let remote = remote_pane(&shop, &url, &tok);
    until(
        &remote,
        Duration::from_secs(15),
        "the remote's empty board",
        |s| s.contains("No open orders"),
    )
    .await;

    // an order appears on both
    let mut c = shop.customer(shop.webhook_url(), "905551230077", "Uzak Müşteri");
    let n = c.order(&ayran()).await.expect("order placed").number.get();
    let on = move |s: &str| ticket_numbers(s).contains(&n);
    until(&shop.tmux, SOON, "the order on serve's board", on).await;
    until(&remote, SOON, "the order on the remote board", on).await;

    // bumps and recalls on either, seen on the other
    let mut samples = Vec::new();
    for round in 0..10 {
        let (from, to) = if round % 2 == 0 {
            (&remote, &shop.tmux)
        } else {
            (&shop.tmux, &remote)
        };
        from.keys(&["Enter"]).await;
        let t0 = Instant::now();
        let at = until(to, SOON, "PREPARING on the other board", |s| {
            s.contains("PREPARING")
        })
        .await;
        samples.push(at.duration_since(t0));
        from.keys(&["r"]).await;
        let t0 = Instant::now();
        let at = until(to, SOON, "NEW again on the other board", |s| {
            s.contains("NEW") && !s.contains("PREPARING")
        })
        .await;
        samples.push(at.duration_since(t0));
    }
    samples.sort();
    let p50 = samples[samples.len() / 2];
    let p99 = samples[(samples.len() * 99).div_ceil(100) - 1];
    eprintln!(
        "» remote board: a bump on one board shows on the other: p50 {} ms, p99 {} ms over {} moves (screen polled every 10 ms)",
        p50.as_millis(),
        p99.as_millis(),
        samples.len()
    );

    // kill the server; the remote says so
    let pid = shop.serve_pid();
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .output();
    until(&remote, SOON, "connection lost on the remote", |s| {
        s.contains("connection lost")
    })
    .await;
    // a change while it is down (the CLI writes the database directly)
    let out = shop
        .cli(&["orders", "status", &n.to_string(), "preparing"])
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // restart in the shop's pane (its shell has the serve environment)
    until(&shop.tmux, SOON, "serve's exit", |s| s.contains("EXITED")).await;
    // the killed board left the tty raw (no Enter → newline): restore it, end with ^J
    let line = format!(
        "stty sane; sh -c 'echo $$ > serve.pid; exec \"$@\"' sh {} --database-url {} serve --bind 127.0.0.1:{}",
        quote(BIN),
        quote(&shop.db_url()),
        shop.port
    );
    shop.tmux.keys(&["-l", &line]).await;
    shop.tmux.keys(&["C-j"]).await;
    let restarted = Instant::now();
    until(
        &shop.tmux,
        Duration::from_secs(15),
        "serve's board again",
        |s| s.contains("PREPARING") && ticket_numbers(s).contains(&n),
    )
    .await;
    let serving = Instant::now();
    let back = until(
        &remote,
        Duration::from_secs(15),
        "the remote back and current",
        |s| !s.contains("connection lost") && s.contains("PREPARING"),
    )
    .await;
    let took = back.saturating_duration_since(serving);
    eprintln!(
        "» remote board: back {} ms after the restarted server drew its board ({} ms after the restart command)",
        took.as_millis(),
        back.duration_since(restarted).as_millis()
    );
    assert!(took < Duration::from_secs(2), "reconnect took {took:?}");
    let (a, b) = (
        board(&shop.tmux.screen().await),
        board(&remote.screen().await),
    );
    assert_eq!(a, b, "the remote matches the server exactly");
    assert_eq!(a, vec![(n, "PREPARING".to_string())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_tokens_and_strange_servers_end_with_one_line_and_status_2() {
    let shop = Shop::open().await;
    let url = format!("http://127.0.0.1:{}", shop.port);
    let tok = token(&shop, "pi").await;
    // the token in the environment (not on the command line, where `ps` shows it)
    let run = |args: Vec<String>, env_token: String| async move {
        tokio::process::Command::new(BIN)
            .args(&args)
            .env("MAYDANOZ_KDS_TOKEN", env_token)
            .output()
            .await
            .expect("run maydanoz kds")
    };
    let wrong = "0".repeat(64);
    let not_ours = shop.fake.base_url();
    for (args, env_token, want) in [
        (
            vec!["kds".into(), "--connect".into(), url.clone()],
            wrong.clone(),
            "401",
        ),
        (
            vec!["kds".into(), "--connect".into(), not_ours],
            tok.clone(),
            "not a Maydanoz server",
        ),
        (
            vec!["kds".into(), "--connect".into(), "ftp://x".into()],
            tok.clone(),
            "not an http",
        ),
    ] {
        let out = run(args.clone(), env_token).await;
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(
            err.contains(want) && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
    // --token-file: refused while others can read it, read once it is private
    let file = shop.file("pi.token");
    std::fs::write(&file, format!("{wrong}\n")).expect("write the token file");
    let with_file = |mode: u32| {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).expect("chmod");
        vec![
            "kds".into(),
            "--connect".into(),
            url.clone(),
            "--token-file".into(),
            file.display().to_string(),
        ]
    };
    let out = run(with_file(0o644), String::new()).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("mode 0644") && err.trim().lines().count() == 1,
        "{err}"
    );
    let out = run(with_file(0o600), String::new()).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("401"),
        "the file's (wrong) token was sent: {err}"
    );
    // --token still works, and says once that it shows the token to everyone
    let out = run(
        vec![
            "kds".into(),
            "--connect".into(),
            url.clone(),
            "--token".into(),
            wrong,
        ],
        String::new(),
    )
    .await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("warning").count(), 1, "warned once: {err}");
    assert!(err.contains("--token-file") && err.contains("401"), "{err}");
    // revoked: the next request is refused
    let out = shop.cli(&["kds", "token", "revoke", "pi"]).await;
    assert!(out.status.success());
    let out = run(vec!["kds".into(), "--connect".into(), url], tok).await;
    assert_eq!(out.status.code(), Some(2));
}

/// A token revoked while its board is up: the stream ends within 5 s, the board restores
/// the terminal and exits 2 with one line (it used to go on showing every order).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_while_the_board_is_up_ends_it_with_status_2() {
    let shop = Shop::open().await;
    let url = format!("http://127.0.0.1:{}", shop.port);
    let tok = token(&shop, "grill").await;
    let remote = remote_pane(&shop, &url, &tok);
    until(
        &remote,
        Duration::from_secs(15),
        "the remote's empty board",
        |s| s.contains("No open orders"),
    )
    .await;
    let out = shop.cli(&["kds", "token", "revoke", "grill"]).await;
    assert!(out.status.success());
    let t = Instant::now();
    let at = until(
        &remote,
        Duration::from_secs(8),
        "the board ending with status 2",
        |s| s.contains("EXITED 2"),
    )
    .await;
    let took = at.duration_since(t);
    let screen = remote.screen().await;
    let said: Vec<&str> = screen.lines().filter(|l| l.contains("kds:")).collect();
    assert_eq!(said.len(), 1, "one line:\n{screen}");
    assert!(said[0].contains("401"), "{screen}");
    assert!(
        took < Duration::from_secs(6),
        "ended {took:?} after the revoke"
    );
    assert_eq!(
        remote.format("#{alternate_on}").await,
        "0",
        "terminal restored"
    );
    println!("» revoked token: the remote board ended {took:?} after `kds token revoke`");
}

/// A server that answers the board like Maydanoz but streams garbage.
async fn garbage_server() -> String {
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/kds/v1/orders",
            get(|| async { axum::Json(serde_json::json!({"seq": 1, "orders": []})) }),
        )
        .route(
            "/kds/v1/events",
            get(|| async {
                (
                    [("content-type", "text/event-stream")],
                    "id: 2\nevent: board\ndata: {\"seq\": \u{1b}[2J garbage\n\n",
                )
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = l.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_garbage_stream_says_connection_lost_and_quitting_restores_the_terminal() {
    let shop = Shop::open().await;
    let url = garbage_server().await;
    let remote = remote_pane(&shop, &url, "any-token");
    until(
        &remote,
        Duration::from_secs(15),
        "connection lost on a garbage stream",
        |s| s.contains("connection lost") && !s.contains("[2J"),
    )
    .await;
    remote.keys(&["q"]).await;
    remote.keys(&["y"]).await;
    until(&remote, SOON, "a clean exit", |s| s.contains("EXITED 0")).await;
    assert_eq!(
        remote.format("#{alternate_on} #{cursor_flag}").await,
        "0 1",
        "terminal restored"
    );
    let log = std::fs::read_to_string(shop.file("remote.log")).unwrap_or_default();
    assert!(
        log.contains("garbage from the server"),
        "the reason is logged:\n{log}"
    );
    assert!(!log.contains("panicked"));
}
