//! File descriptors: the open-file limit raised to the hard one at start-up, and the
//! connection cap kept under it with a reserve for everything else the server opens (the
//! sender's sockets to the Graph API, the database, the log, the printer, the lock file).
//! Without the reserve, a flood of connections took the last descriptor and the sender
//! could not reach Meta.

use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};

/// Descriptors kept for the rest of the server: never given to HTTP connections.
pub(crate) const RESERVE: u64 = 256;

/// Raise the soft open-file limit to the hard one (systemd's default soft limit is 1,024).
/// Returns the soft limit in force afterwards (`None`: unlimited).
pub fn raise_limit() -> Option<u64> {
    let now = getrlimit(Resource::Nofile);
    if now.current != now.maximum {
        let raised = Rlimit {
            current: now.maximum,
            maximum: now.maximum,
        };
        if let Err(e) = setrlimit(Resource::Nofile, raised) {
            tracing::warn!(error = %e, soft = ?now.current, hard = ?now.maximum,
                "cannot raise the open-file limit");
        }
    }
    getrlimit(Resource::Nofile).current
}

/// The connection cap under a soft limit of `soft` descriptors: at most `wanted`, and never
/// past the limit less the reserve (at least 16, so a tiny limit still serves).
pub(crate) fn cap(wanted: usize, soft: Option<u64>) -> usize {
    match soft {
        None => wanted,
        Some(s) => {
            let room = usize::try_from(s.saturating_sub(RESERVE)).unwrap_or(usize::MAX);
            wanted.min(room).max(16)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_a_reserve_under_the_file_limit() {
        assert_eq!(cap(512, Some(1024)), 512);
        assert_eq!(cap(512, Some(512)), 256);
        assert_eq!(cap(512, Some(100)), 16);
        assert_eq!(cap(512, None), 512);
    }

    #[test]
    fn the_soft_limit_is_raised_to_the_hard_one() {
        let before = getrlimit(Resource::Nofile);
        let Some(hard) = before.maximum else { return };
        let lower = Rlimit {
            current: Some(hard.min(4096)),
            maximum: Some(hard),
        };
        setrlimit(Resource::Nofile, lower).expect("lower the soft limit");
        assert_eq!(raise_limit(), Some(hard));
        assert_eq!(getrlimit(Resource::Nofile).current, Some(hard));
    }
}
