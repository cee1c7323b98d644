//! Leaving the kitchen display, by `q` + `y` or by SIGTERM, hands the terminal
//! back as it was: normal screen, cursor shown, no input modes left on, the
//! same line discipline as before serve started, and a shell that echoes.

use crate::shop::{SOON, Shop};

/// The pane modes a program must leave as it found them, and tmux's defaults for them.
const MODES: &str = "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag} \
                     #{keypad_cursor_flag} #{insert_flag} #{origin_flag} #{wrap_flag}";
const MODES_AT_REST: &str = "0 1 0 0 0 0 0 1";

/// While the display runs it owns the terminal: the alternate screen, no cursor.
async fn assert_displaying(shop: &Shop) {
    let modes = shop.tmux.format("#{alternate_on} #{cursor_flag}").await;
    assert_eq!(
        modes, "1 0",
        "the display is on the alternate screen with the cursor hidden"
    );
}

/// After serve has ended: its exit status, the pane's modes, the title, the
/// line discipline, and a command typed into the shell that follows.
async fn assert_restored(shop: &Shop, title: &str) {
    // typed before the prompt, the line would be echoed before it: wait for the shell
    let (screen, _) = shop
        .until(SOON, "serve to exit and the shell's prompt", |s| {
            s.contains("EXITED ") && s.lines().any(|l| l.trim_end() == "$")
        })
        .await;
    let status = screen
        .split("EXITED ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or("?");
    assert_eq!(
        status,
        "0",
        "serve's exit status; screen:\n{screen}\n{}",
        shop.log_tail()
    );
    assert!(
        !screen.contains("No open orders"),
        "the board is not left on the normal screen:\n{screen}"
    );
    assert_eq!(
        shop.tmux.format(MODES).await,
        MODES_AT_REST,
        "pane modes ({MODES})"
    );
    assert_eq!(shop.tmux.format("#{pane_title}").await, title);

    shop.tmux
        .type_line("stty -g > stty.after; echo typed-$((6*7))")
        .await;
    let (screen, _) = shop
        .until(SOON, "the typed command to run", |s| s.contains("typed-42"))
        .await;
    assert!(
        screen.contains("$ stty -g > stty.after; echo typed-$((6*7))"),
        "the shell echoes what is typed:\n{screen}"
    );
    let read = |name: &str| {
        std::fs::read_to_string(shop.file(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert_eq!(
        read("stty.after"),
        read("stty.before"),
        "the terminal settings are as before serve"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn q_then_y_leaves_the_terminal_as_it_was() {
    let shop = Shop::open().await;
    let title = shop.tmux.format("#{pane_title}").await;
    assert_displaying(&shop).await;
    shop.tmux.keys(&["q"]).await;
    shop.until(SOON, "the quit question", |s| {
        s.contains("Quit the kitchen display?")
    })
    .await;
    shop.tmux.keys(&["y"]).await;
    assert_restored(&shop, &title).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_leaves_the_terminal_as_it_was() {
    let shop = Shop::open().await;
    let title = shop.tmux.format("#{pane_title}").await;
    assert_displaying(&shop).await;
    let pid = shop.serve_pid();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .output()
        .expect("run kill");
    assert!(
        kill.status.success(),
        "kill -TERM {pid}: {}",
        String::from_utf8_lossy(&kill.stderr)
    );
    assert_restored(&shop, &title).await;
    assert!(
        shop.log_tail().contains("stop signal received"),
        "{}",
        shop.log_tail()
    );
}
