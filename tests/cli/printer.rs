//! `[printer]` at start: a printer URL that does not parse stops every command
//! with exit status 2 and one line naming the key; a good one is accepted and shown.

use std::process::Command;

fn run(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .env_remove("MAYDANOZ_CONFIG")
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .args(args)
        .output()
        .expect("run")
}

#[test]
fn a_printer_url_that_does_not_parse_exits_2_with_one_line() {
    for bad in [
        "lp0",
        "tcp://printer",
        "tcp://printer:99999",
        "http://10.0.0.5:9100",
    ] {
        for args in [
            &["config"][..],
            &["serve", "--headless", "--insecure-no-signature"],
        ] {
            let o = run(&[("MAYDANOZ_PRINTER__URL", bad)], args);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{bad} {args:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
            assert!(err.contains("printer.url") && err.contains(bad), "{err}");
        }
    }
    let o = run(&[("MAYDANOZ_PRINTER__PRINT_ON", "sometimes")], &["config"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("printer.print_on"));
}

#[test]
fn a_good_printer_url_is_taken() {
    for good in ["tcp://192.168.1.50:9100", "/dev/usb/lp0"] {
        let o = run(&[("MAYDANOZ_PRINTER__URL", good)], &["config"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(&format!("url = \"{good}\"")), "{out}");
    }
}
