//! A fake ESC/POS network printer: a TCP listener that keeps every byte it is
//! sent, can be switched off (nobody listening: connection refused) and on again
//! on the same port, and decodes its stream back into documents — split on the
//! cut command, text decoded from PC857, QR payloads taken from `GS ( k`.
//! Written from the ESC/POS manual, independently of the encoder it checks.
//!
//! It can also misbehave the ways real printers do ([`Mode`]): accept and never
//! read, reset connections, read slowly, or answer `DLE EOT` and keep the
//! connection open. A job counts as printed only when the printer read all of
//! it (to the sender's end of stream, or to a status request it answered);
//! what a reset or unread connection carried is not printed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// How the fake printer treats a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read to the end, print, close.
    Normal,
    /// Accept and never read (a jammed printer); the connection is held open.
    NeverReads,
    /// Every other connection (the first, third, …) reads a few bytes and is
    /// reset; the others are normal.
    ResetsEveryOther,
    /// Read `chunk` bytes every `pause_ms`, then print and close.
    Slow { chunk: usize, pause_ms: u64 },
    /// Read until `DLE EOT 1`, print what came before it, answer 0x12 (online)
    /// and keep the connection open.
    AnswersStatus,
}

pub struct FakePrinter {
    pub port: u16,
    bytes: Arc<Mutex<Vec<u8>>>,
    mode: Arc<Mutex<Mode>>,
    /// Connections accepted so far.
    connections: Arc<AtomicUsize>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// One cut-off document.
#[derive(Debug, Clone, Default)]
pub struct Printed {
    pub text: String,
    pub qr: Vec<String>,
    /// The `ESC t` code page selected, if any.
    pub code_page: Option<u8>,
}

impl FakePrinter {
    pub async fn start() -> FakePrinter {
        FakePrinter::start_as(Mode::Normal).await
    }

    pub async fn start_as(mode: Mode) -> FakePrinter {
        let mut p = FakePrinter {
            port: crate::child::free_port(),
            bytes: Arc::default(),
            mode: Arc::new(Mutex::new(mode)),
            connections: Arc::default(),
            task: None,
        };
        p.on().await;
        p
    }

    pub fn url(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }

    /// Behave as `mode` from the next connection on.
    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().expect("lock") = mode;
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Listen (again) on the same port.
    pub async fn on(&mut self) {
        let l = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("bind the fake printer");
        let bytes = self.bytes.clone();
        let mode = self.mode.clone();
        let connections = self.connections.clone();
        self.task = Some(tokio::spawn(async move {
            while let Ok((s, _)) = l.accept().await {
                let n = connections.fetch_add(1, Ordering::SeqCst);
                let mode = *mode.lock().expect("lock");
                tokio::spawn(serve(s, mode, n, bytes.clone()));
            }
        }));
    }

    /// Stop listening: connections are refused until [`FakePrinter::on`].
    pub async fn off(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
            let _ = t.await;
        }
    }

    pub fn documents(&self) -> Vec<Printed> {
        decode(&self.bytes.lock().expect("lock"))
    }
}

/// One connection, the `n`-th (from 0), as `mode` says.
async fn serve(mut s: tokio::net::TcpStream, mode: Mode, n: usize, bytes: Arc<Mutex<Vec<u8>>>) {
    let print = |got: &[u8]| bytes.lock().expect("lock").extend_from_slice(got);
    match mode {
        Mode::Normal => {
            let mut got = Vec::new();
            if s.read_to_end(&mut got).await.is_ok() {
                print(&got);
            }
        }
        Mode::ResetsEveryOther if n % 2 == 1 => {
            let mut got = Vec::new();
            if s.read_to_end(&mut got).await.is_ok() {
                print(&got);
            }
        }
        Mode::NeverReads => tokio::time::sleep(Duration::from_secs(30)).await,
        Mode::ResetsEveryOther => {
            let mut some = [0_u8; 16];
            let _ = s.read(&mut some).await;
            let _ = s.set_zero_linger();
        }
        Mode::Slow { chunk, pause_ms } => {
            let mut got = Vec::new();
            let mut buf = vec![0_u8; chunk];
            loop {
                match s.read(&mut buf).await {
                    Ok(0) => break print(&got),
                    Ok(k) => got.extend_from_slice(&buf[..k]),
                    Err(_) => break,
                }
                tokio::time::sleep(Duration::from_millis(pause_ms)).await;
            }
        }
        Mode::AnswersStatus => {
            let mut got = Vec::new();
            let mut buf = [0_u8; 256];
            while let Ok(k) = s.read(&mut buf).await {
                if k == 0 {
                    return;
                }
                got.extend_from_slice(&buf[..k]);
                if let Some(at) = got.windows(3).position(|w| w == [0x10, 0x04, 0x01]) {
                    print(&got[..at]);
                    let _ = s.write_all(&[0x12]).await;
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    return;
                }
            }
        }
    }
}

/// PC857 back to text, for the bytes above 0x7f that a Turkish receipt uses.
fn from_cp857(b: u8) -> char {
    match b {
        0x80 => 'Ç',
        0x81 => 'ü',
        0x87 => 'ç',
        0x8d => 'ı',
        0x94 => 'ö',
        0x98 => 'İ',
        0x99 => 'Ö',
        0x9a => 'Ü',
        0x9e => 'Ş',
        0x9f => 'ş',
        0xa6 => 'Ğ',
        0xa7 => 'ğ',
        0x20..=0x7e | b'\n' => char::from(b),
        _ => '\u{fffd}',
    }
}

/// Split the stream into documents at each cut and decode each.
pub fn decode(bytes: &[u8]) -> Vec<Printed> {
    let mut docs = Vec::new();
    let mut cur = Printed::default();
    let mut i = 0;
    let arg = |i: usize| bytes.get(i).copied().unwrap_or(0);
    while i < bytes.len() {
        match (bytes[i], arg(i + 1)) {
            (0x1b, 0x40) => i += 2,
            // DLE EOT n: a status request, answered, not printed
            (0x10, 0x04) => i += 3,
            (0x1b, 0x74) => {
                cur.code_page = Some(arg(i + 2));
                i += 3;
            }
            (0x1b, 0x45 | 0x61 | 0x64) | (0x1d, 0x21) => i += 3,
            (0x1d, 0x28) if arg(i + 2) == 0x6b => {
                let len = usize::from(arg(i + 3)) | (usize::from(arg(i + 4)) << 8);
                let body = &bytes[(i + 5).min(bytes.len())..(i + 5 + len).min(bytes.len())];
                if body.starts_with(&[0x31, 0x50, 0x30]) {
                    cur.qr
                        .push(String::from_utf8_lossy(&body[3..]).into_owned());
                }
                i += 5 + len;
            }
            (0x1d, 0x56) => {
                // GS V 66 n: cut; the document ends
                i += if arg(i + 2) == 66 { 4 } else { 3 };
                docs.push(std::mem::take(&mut cur));
            }
            (b, _) => {
                cur.text.push(from_cp857(b));
                i += 1;
            }
        }
    }
    docs
}
