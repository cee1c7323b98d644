//! Handing a job's bytes to a printer, and knowing that it took them.
//!
//! - A network printer (raw port 9100): the job, then `DLE EOT 1` (the
//!   real-time "send your status" request), then the write side is shut down.
//!   The printer has taken the job when it answers that status byte (it reads
//!   in order, so it read everything before it) or closes the connection after
//!   reading everything. Bytes in our own socket buffer prove nothing: a
//!   printer that accepts and never reads, or resets, has not taken the job.
//!   At the deadline the connection is reset, not closed, so a printer that
//!   wakes up later drops the job instead of printing it on top of the retry.
//! - A device (`/dev/usb/lp0`): opened non-blocking, written as it becomes
//!   writable. The job is taken when the driver accepted every byte. There is
//!   no flush to wait for: `fsync` fails with EINVAL on character devices, and
//!   a job whose bytes were written must never be sent again. A device that
//!   stalls mid-job reports how much it took, so the next attempt sends only
//!   the rest (a device is one stream: sending it all again would print the
//!   first half twice).

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use tokio::io::unix::AsyncFd;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _, Interest};

/// `DLE EOT 1`: transmit printer status (answered with one byte, `0xx1xx10`).
pub(crate) const STATUS_REQUEST: [u8; 3] = [0x10, 0x04, 0x01];

/// Is `b` an answer to [`STATUS_REQUEST`]? Bits 0 and 7 are 0, bits 1 and 4
/// are 1 (an automatic status back block starts `0xx1xx00`, so it is not).
pub(crate) fn is_status_answer(b: u8) -> bool {
    b & 0x93 == 0x12
}

/// The printer did not take the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotTaken {
    pub error: String,
    /// Bytes a device accepted before it failed; the next attempt sends only
    /// the rest. Always 0 for a network printer (a new connection is a new job).
    pub written: usize,
}

impl NotTaken {
    fn new(error: impl std::fmt::Display) -> NotTaken {
        NotTaken {
            error: error.to_string(),
            written: 0,
        }
    }
}

fn too_slow(timeout: Duration) -> String {
    format!(
        "the printer did not take the job within {} s",
        timeout.as_secs_f32()
    )
}

/// Send `bytes` to the network printer at `addr` (`host:port`).
pub(crate) async fn tcp(addr: &str, bytes: &[u8], timeout: Duration) -> Result<(), NotTaken> {
    let work = async {
        let mut s = tokio::net::TcpStream::connect(addr).await?;
        // closing resets the connection: see the module comment
        s.set_zero_linger()?;
        s.write_all(bytes).await?;
        s.write_all(&STATUS_REQUEST).await?;
        s.flush().await?;
        s.shutdown().await?;
        let mut buf = [0_u8; 64];
        loop {
            let n = s.read(&mut buf).await?;
            if n == 0 || buf[..n].iter().copied().any(is_status_answer) {
                return Ok::<(), std::io::Error>(());
            }
        }
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(NotTaken::new(e)),
        Err(_) => Err(NotTaken::new(too_slow(timeout))),
    }
}

/// Write `bytes` to the device at `path`.
pub(crate) async fn device(path: &Path, bytes: &[u8], timeout: Duration) -> Result<(), NotTaken> {
    use rustix::fs::{Mode, OFlags};
    let flags =
        OFlags::WRONLY | OFlags::APPEND | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let file = match rustix::fs::open(path, flags, Mode::empty()) {
        Ok(fd) => std::fs::File::from(fd),
        Err(e) => return Err(NotTaken::new(format!("{}: {e}", path.display()))),
    };
    let spare = file.try_clone().map_err(NotTaken::new)?;
    // deprecated for descriptors that may be closed while registered; this one
    // is owned by the AsyncFd and closed only when it is dropped
    #[allow(deprecated)]
    let fd = match AsyncFd::with_interest(file, Interest::WRITABLE) {
        Ok(fd) => fd,
        // a device without poll (a parallel port's `lp`) or a plain file
        Err(_) => return without_poll(spare, bytes, timeout).await,
    };
    drop(spare);
    let mut written = 0;
    let work = async {
        while written < bytes.len() {
            let mut ready = fd.writable().await?;
            match ready.try_io(|f| f.get_ref().write(&bytes[written..])) {
                Ok(Ok(0)) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::WriteZero,
                        "the device took no bytes",
                    ));
                }
                Ok(Ok(n)) => written += n,
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Ok(Err(e)) => return Err(e),
                Err(_would_block) => {}
            }
        }
        Ok(())
    };
    let outcome = tokio::time::timeout(timeout, work).await;
    let error = match outcome {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(e)) => e.to_string(),
        Err(_) => too_slow(timeout),
    };
    Err(NotTaken { error, written })
}

/// [`device`] for a descriptor that cannot be polled: written on a blocking
/// thread, retrying while the device is busy, and never past the deadline (a
/// write that went on after the job was given up would print it twice).
async fn without_poll(
    file: std::fs::File,
    bytes: &[u8],
    timeout: Duration,
) -> Result<(), NotTaken> {
    let deadline = std::time::Instant::now() + timeout;
    let owned = bytes.to_vec();
    let work = tokio::task::spawn_blocking(move || {
        let mut written = 0;
        while written < owned.len() {
            if std::time::Instant::now() >= deadline {
                return (written, Some(too_slow(timeout)));
            }
            match (&file).write(&owned[written..]) {
                Ok(0) => return (written, Some("the device took no bytes".to_string())),
                Ok(n) => written += n,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
                    ) =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => return (written, Some(e.to_string())),
            }
        }
        (written, None)
    });
    match work.await {
        Ok((_, None)) => Ok(()),
        Ok((written, Some(error))) => Err(NotTaken { error, written }),
        Err(e) => Err(NotTaken::new(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain file cannot be polled: it is written on a blocking thread, whole.
    #[tokio::test]
    async fn a_plain_file_takes_the_whole_job() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("capture");
        std::fs::write(&path, b"before|").expect("create");
        let job = vec![b'x'; 100_000];
        device(&path, &job, Duration::from_secs(5))
            .await
            .expect("taken");
        let got = std::fs::read(&path).expect("read");
        assert_eq!(got.len(), 7 + 100_000, "appended once");
        let missing = device(&dir.path().join("lp9"), b"x", Duration::from_secs(1)).await;
        assert!(missing.expect_err("no device").error.contains("lp9"));
    }

    #[test]
    fn status_answers_are_told_from_other_bytes() {
        // DLE EOT 1 answers: online 0x12, offline 0x1a, drawer pin high 0x16
        for b in [0x12, 0x1a, 0x16, 0x72] {
            assert!(is_status_answer(b), "{b:#x}");
        }
        // the first byte of an automatic status back, text, a NUL
        for b in [0x10, 0x14, b'A', 0] {
            assert!(!is_status_answer(b), "{b:#x}");
        }
    }
}
