//! `maydanoz demo` headless produces confirmed orders; `maydanoz chat` talks to it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

#[test]
fn a_headless_demo_produces_confirmed_orders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        .args([
            "demo",
            "--headless",
            "--seconds",
            "12",
            "--customers",
            "3",
            "--pace",
            "0.05",
            "--bind",
            &format!("127.0.0.1:{}", free_port()),
        ])
        .output()
        .expect("run demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let placed = stdout.lines().filter(|l| l.starts_with("order #")).count();
    assert!(
        placed >= 3,
        "three customers at a fast pace place orders within 12 s:\n{stdout}"
    );
    let ended = stdout
        .lines()
        .find(|l| l.starts_with("demo ended:"))
        .expect("summary line");
    let n: usize = ended
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("count");
    assert!(n >= placed, "{ended}");
}

/// At the default pace (a person's two seconds between messages), the board
/// shows its first confirmed order within ten seconds of `demo` starting.
#[test]
fn the_first_order_reaches_the_board_within_ten_seconds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        .args([
            "demo",
            "--headless",
            "--seconds",
            "20",
            "--bind",
            &format!("127.0.0.1:{}", free_port()),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run demo");
    let stdout = child.stdout.take().expect("stdout");
    let first = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("order #"))
        .map(|l| (started.elapsed(), l));
    let _ = child.kill();
    let _ = child.wait();
    let (took, line) = first.expect("an order within the demo's 20 s");
    println!(
        "» demo start → first confirmed order on the board: {:.1} s ({line})",
        took.as_secs_f64()
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn chat_joins_a_running_demo_as_a_customer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        .args([
            "demo",
            "--headless",
            "--seconds",
            "30",
            "--customers",
            "0",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start demo");
    // wait for the demo to listen
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "demo did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut chat = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        .args([
            "chat",
            "--url",
            &url,
            "--phone",
            "905550001122",
            "--name",
            "Deneme",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start chat");
    let mut stdin = chat.stdin.take().expect("stdin");
    let reader = BufReader::new(chat.stdout.take().expect("stdout"));
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = String::new();
    let mut wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !seen.contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "waited for {needle:?}; saw:\n{seen}");
            if let Ok(l) = rx.recv_timeout(left) {
                seen.push_str(&l);
                seen.push('\n');
            }
        }
    };
    // the greeting arrives as a bubble with numbered buttons
    wait_for("Deneme");
    wait_for("[1] 📋 Menü");
    writeln!(stdin, "1").expect("pick");
    wait_for(" 1. Dürümler");
    writeln!(stdin, "/quit").expect("quit");
    let status = chat.wait().expect("chat exits");
    assert!(status.success());
    let _ = demo.kill();
    let _ = demo.wait();
}
