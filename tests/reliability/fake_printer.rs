//! A fake ESC/POS network printer: a TCP listener that keeps every byte it is
//! sent, can be switched off (nobody listening: connection refused) and on again
//! on the same port, and decodes its stream back into documents — split on the
//! cut command, text decoded from PC857, QR payloads taken from `GS ( k`.
//! Written from the ESC/POS manual, independently of the encoder it checks.

use std::sync::{Arc, Mutex};

use tokio::io::AsyncReadExt as _;

pub struct FakePrinter {
    pub port: u16,
    bytes: Arc<Mutex<Vec<u8>>>,
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
        let mut p = FakePrinter {
            port: crate::child::free_port(),
            bytes: Arc::default(),
            task: None,
        };
        p.on().await;
        p
    }

    pub fn url(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }

    /// Listen (again) on the same port.
    pub async fn on(&mut self) {
        let l = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("bind the fake printer");
        let bytes = self.bytes.clone();
        self.task = Some(tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                let bytes = bytes.clone();
                tokio::spawn(async move {
                    let mut got = Vec::new();
                    if s.read_to_end(&mut got).await.is_ok() {
                        bytes.lock().expect("lock").extend_from_slice(&got);
                    }
                });
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
