//! `maydanoz reply PHONE`: the number is parsed at the edge into the customer's
//! address. A bad one, or a good one that never wrote, exits 2 with one line.

use crate::admin::Cli;

/// Exit 2, exactly one line on stderr, containing `needle`.
fn one_line(cli: &Cli, args: &[&str], needle: &str) {
    cli.refused(args, needle);
    let o = cli.run(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
}

#[test]
fn a_bad_number_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli = Cli::new(&format!(
        "sqlite://{}",
        dir.path().join("shop.db").display()
    ));
    for bad in ["  ", "+", "abc", "9055\u{1b}[2J51112233"] {
        one_line(&cli, &["reply", bad, "Merhaba"], "is not a WhatsApp number");
        one_line(&cli, &["reply", "--done", bad], "is not a WhatsApp number");
    }
    // typed with the usual decorations, it is the stored key: refused only because
    // nobody by that number ever wrote
    one_line(
        &cli,
        &["reply", "+90 (555) 111-22-33", "Merhaba"],
        "905551112233 has never written to us",
    );
    one_line(
        &cli,
        &["reply", "--done", "+90 555 111 22 33"],
        "905551112233 is not waiting for a person",
    );
}
