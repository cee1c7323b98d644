//! The board process's heap, on glibc. glibc gives every thread that allocates an
//! arena of its own (up to eight per core), and each keeps its own slack: a process
//! showing the kitchen display had ten (the SQLite readers' worker threads, tokio's
//! workers, the log writer), about 1.8 MB more than it needs with two. The cap is a
//! glibc tunable read when the process starts (this crate has no unsafe code to call
//! `mallopt`), so the board process starts itself again once with it set. Elsewhere
//! (another C library, or the re-start failing) the process just goes on as it is.

/// Arenas a process that shows the board may use; the main heap is one of them.
pub(crate) const ARENAS: u32 = 2;

/// The tunable that caps the arenas.
const TUNABLE: &str = "glibc.malloc.arena_max";

/// Start this process again with the malloc arenas capped at [`ARENAS`], unless they
/// already are (or the user set the cap): returns only if it did not.
/// Call first thing, before the runtime starts its threads.
pub(crate) fn few_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt as _;
        let current = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        let Some(set) = with_arena_cap(&current) else {
            return;
        };
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let mut cmd = std::process::Command::new(exe);
        if let Some(argv0) = args.next() {
            cmd.arg0(argv0);
        }
        // `exec` returns only on failure: then this process carries on uncapped
        let _ = cmd.args(args).env("GLIBC_TUNABLES", set).exec();
    }
}

/// `GLIBC_TUNABLES` with the arena cap added, or `None` if it already names one.
fn with_arena_cap(current: &str) -> Option<String> {
    if current.split(':').any(|t| t.starts_with(TUNABLE)) {
        return None;
    }
    let cap = format!("{TUNABLE}={ARENAS}");
    Some(if current.is_empty() {
        cap
    } else {
        format!("{current}:{cap}")
    })
}

#[cfg(test)]
mod tests {
    use super::with_arena_cap;

    /// The cap is added once, beside the user's other tunables, and a cap the user
    /// set is left alone (so the re-started process does not start itself again).
    #[test]
    fn the_arena_cap_is_added_once() {
        assert_eq!(
            with_arena_cap("").as_deref(),
            Some("glibc.malloc.arena_max=2")
        );
        assert_eq!(
            with_arena_cap("glibc.malloc.tcache_count=0").as_deref(),
            Some("glibc.malloc.tcache_count=0:glibc.malloc.arena_max=2")
        );
        assert_eq!(with_arena_cap("glibc.malloc.arena_max=2"), None);
        assert_eq!(with_arena_cap("a=1:glibc.malloc.arena_max=8"), None);
    }
}
