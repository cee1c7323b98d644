//! What a package ships besides the binary: completion scripts and the manual
//! page, generated from the command line's definitions.

use std::process::Command;

fn maydanoz(args: &[&str]) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        // a broken configuration must not stop a completion script from being printed
        .env("MAYDANOZ_KDS__WARN_AFTER_MINUTES", "soon")
        .args(args)
        .output()
        .expect("run maydanoz");
    (
        o.status.success(),
        String::from_utf8(o.stdout).expect("utf8"),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn completions_bash_prints_a_script_that_knows_the_commands() {
    let (ok, out, err) = maydanoz(&["completions", "bash"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("complete -F"),
        "a bash completion script:\n{out}"
    );
    for cmd in ["serve", "demo", "menu", "coupon", "orders", "completions"] {
        assert!(out.contains(cmd), "completes `{cmd}`");
    }
}

#[test]
fn completions_for_zsh_and_fish_and_nothing_else() {
    let (ok, out, err) = maydanoz(&["completions", "zsh"]);
    assert!(ok && out.starts_with("#compdef maydanoz"), "{err}{out}");
    let (ok, out, err) = maydanoz(&["completions", "fish"]);
    assert!(ok && out.contains("complete -c maydanoz"), "{err}{out}");
    let (ok, _, err) = maydanoz(&["completions", "tcsh"]);
    assert!(
        !ok && err.contains("tcsh"),
        "an unknown shell is refused: {err}"
    );
}

#[test]
fn man_prints_a_roff_page_with_the_subcommands() {
    let (ok, out, err) = maydanoz(&["man"]);
    assert!(ok, "{err}");
    assert!(out.contains(".TH maydanoz"), "a roff title line:\n{out}");
    assert!(out.contains("serve") && out.contains("coupon"), "{out}");
}
