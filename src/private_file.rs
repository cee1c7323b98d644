//! Files that hold customer data (the SQLite database and its WAL and shared-memory files,
//! the log) are created readable and writable by their owner only (0600): they hold phone
//! numbers, names and addresses. Existing files keep the mode their owner gave them.

use std::path::Path;

/// Create `path` empty with mode 0600 if it does not exist; an existing file is left alone.
/// Returns whether it was created. SQLite gives the WAL and shared-memory files the mode of
/// the database file, so creating the database this way covers all three.
pub fn create_if_missing(path: &Path) -> std::io::Result<bool> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Open `path` for appending, creating it with mode 0600 if it does not exist.
pub fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// The permission bits of `path` when its group or others may use it (a secret that
/// others can read), `None` when only its owner can.
pub fn open_to_others(path: &Path) -> std::io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        Ok((mode & 0o077 != 0).then_some(mode))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).map(|_| None)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn created_for_the_owner_only_and_existing_files_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.db");
        assert!(super::create_if_missing(&p).expect("create"));
        let mode =
            |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o600);
        std::fs::write(&p, b"data").expect("write");
        assert!(!super::create_if_missing(&p).expect("exists"));
        assert_eq!(std::fs::read(&p).expect("read"), b"data");
        let log = dir.path().join("x.log");
        drop(super::open_append(&log).expect("log"));
        assert_eq!(mode(&log), 0o600);
    }
}
