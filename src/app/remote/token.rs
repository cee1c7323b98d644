//! Where a remote display's token comes from: `--token-file PATH` (a file only its owner
//! may read, like the database), `MAYDANOZ_KDS_TOKEN`, or `--token`, which every user of the
//! machine can see in `ps` and which lands in shell history and autostart files: it still
//! works, with a warning, once.

use std::path::Path;

use crate::admin::user;

/// The environment variable that carries the token.
pub const ENV: &str = "MAYDANOZ_KDS_TOKEN";

/// The token from the file, the environment or the command line, in that order.
pub fn resolve(
    file: Option<&Path>,
    env: Option<String>,
    arg: Option<String>,
) -> anyhow::Result<String> {
    if let Some(path) = file {
        return from_file(path);
    }
    if let Some(t) = env.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        return Ok(t);
    }
    match arg {
        Some(t) => {
            eprintln!(
                "maydanoz: warning: --token shows the display token to every user of this machine \
                 (ps, shell history); give it in {ENV} or --token-file PATH instead"
            );
            Ok(t)
        }
        None => Err(user(format!(
            "kds: give --connect URL and the display token (--token-file PATH or {ENV}), \
             or use `kds token create|list|revoke`"
        ))),
    }
}

fn from_file(path: &Path) -> anyhow::Result<String> {
    let shown = path.display();
    match crate::private_file::open_to_others(path) {
        Ok(None) => {}
        Ok(Some(mode)) => {
            return Err(user(format!(
                "kds: --token-file {shown} can be read by others (mode {mode:04o}): \
                 `chmod 600 {shown}` first"
            )));
        }
        Err(e) => return Err(user(format!("kds: --token-file {shown}: {e}"))),
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| user(format!("kds: --token-file {shown}: {e}")))?;
    let token = text.trim();
    if token.is_empty() || token.lines().count() > 1 {
        return Err(user(format!(
            "kds: --token-file {shown}: expected the token alone on one line"
        )));
    }
    Ok(token.to_string())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn a_file_others_can_read_is_refused_and_the_file_wins_over_the_rest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("token");
        std::fs::write(&p, "abc\n").expect("write");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = resolve(Some(&p), None, None).expect_err("0644 refused");
        assert!(err.to_string().contains("mode 0644"), "{err}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(
            resolve(Some(&p), Some("env".into()), Some("arg".into())).expect("file"),
            "abc"
        );
        assert_eq!(
            resolve(None, Some(" env \n".into()), Some("arg".into())).expect("env"),
            "env"
        );
        assert_eq!(resolve(None, None, Some("arg".into())).expect("arg"), "arg");
        assert!(resolve(None, Some(String::new()), None).is_err());
        std::fs::write(&p, "\n").expect("write");
        assert!(resolve(Some(&p), None, None).is_err(), "an empty file");
    }
}
