//! A device printer (`printer.url = "/dev/usb/lp0"`, the README's example)
//! played by a pseudo-terminal: the server writes to the terminal side through
//! a symlink (removed to unplug the printer), the test reads what came out
//! from the controlling side and decodes it like the network fake. The
//! terminal is raw, so bytes pass unchanged; `fsync` on it fails with EINVAL
//! as on a real character device. Reading can be paused: the terminal's buffer
//! fills and the device stalls, as a printer out of paper does.
//!
//! The test: tickets printed once each and in order, across an unplugged
//! printer and a `kill -9` of `maydanoz serve`.

use std::io::Read as _;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use maydanoz::sim::{Feed, Wire};

use crate::child::{Server, stock};
use crate::common::app::Backend;
use crate::fake_printer::{Printed, decode};
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID, fake_graph};
use crate::printer_faults::printed_order;
use crate::printing::order;

pub struct FakeDevice {
    dir: tempfile::TempDir,
    terminal: PathBuf,
    /// Kept open so the controlling side never reads end-of-file between jobs.
    _terminal_fd: OwnedFd,
    bytes: Arc<Mutex<Vec<u8>>>,
    reading: Arc<AtomicBool>,
}

impl FakeDevice {
    /// A raw pseudo-terminal, plugged in, read as it is written.
    pub fn start() -> FakeDevice {
        use rustix::fs::{Mode, OFlags};
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let control = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
        grantpt(&control).expect("grantpt");
        unlockpt(&control).expect("unlockpt");
        let name = ptsname(&control, Vec::new()).expect("ptsname");
        let terminal = PathBuf::from(name.to_str().expect("a path"));
        let fd = rustix::fs::open(&terminal, OFlags::RDWR | OFlags::NOCTTY, Mode::empty())
            .expect("open the terminal side");
        let mut t = rustix::termios::tcgetattr(&fd).expect("tcgetattr");
        t.make_raw();
        rustix::termios::tcsetattr(&fd, rustix::termios::OptionalActions::Now, &t)
            .expect("raw mode");
        let bytes: Arc<Mutex<Vec<u8>>> = Arc::default();
        let reading = Arc::new(AtomicBool::new(true));
        let (b, r) = (bytes.clone(), reading.clone());
        std::thread::spawn(move || {
            let mut f = std::fs::File::from(control);
            let mut buf = [0_u8; 8192];
            while Arc::strong_count(&b) > 1 {
                if !r.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                match f.read(&mut buf) {
                    Ok(n) if n > 0 => b.lock().expect("lock").extend_from_slice(&buf[..n]),
                    _ => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        let d = FakeDevice {
            dir: tempfile::tempdir().expect("tempdir"),
            terminal,
            _terminal_fd: fd,
            bytes,
            reading,
        };
        d.plug();
        d
    }

    /// The printer's path (a symlink to the terminal while plugged in).
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("lp0")
    }

    pub fn plug(&self) {
        std::os::unix::fs::symlink(&self.terminal, self.path()).expect("plug");
    }

    pub fn unplug(&self) {
        std::fs::remove_file(self.path()).expect("unplug");
    }

    /// Stop reading: the terminal's buffer fills and writes stall.
    pub fn pause(&self) {
        self.reading.store(false, Ordering::SeqCst);
    }

    pub fn resume(&self) {
        self.reading.store(true, Ordering::SeqCst);
    }

    pub fn documents(&self) -> Vec<Printed> {
        decode(&self.bytes.lock().expect("lock"))
    }
}

async fn wait_docs(d: &FakeDevice, n: usize, timeout: Duration) -> Vec<Printed> {
    crate::common::app::eventually(timeout, || async {
        let docs = d.documents();
        (docs.len() >= n).then_some(docs)
    })
    .await
    .unwrap_or_else(|| d.documents())
}

async fn a_device_printer_prints_each_ticket_once_in_order_across_a_kill_9(backend: Backend) {
    let db = backend.db().await;
    let device = FakeDevice::start();
    let fake = fake_graph(Default::default()).await;
    stock(&db.url, None).await;
    let url = device.path().display().to_string();
    let mut server = Server::start(
        &db.url,
        &fake.base_url(),
        &[("MAYDANOZ_PRINTER__URL", url.as_str())],
    )
    .await;
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let a = order(&wire, "905341000021", "Ayşe Işık", false).await;
    let b = order(&wire, "905341000022", "Ayşe Işık", false).await;
    wait_docs(&device, 2, Duration::from_secs(20)).await;
    // a ticket printed twice shows at the end, where every later ticket is counted
    assert_eq!(
        printed_order(&device.documents(), &[a, b]),
        [a, b],
        "each ticket once, in order"
    );

    // the printer is unplugged: the job waits and the board says so
    device.unplug();
    let c = order(&wire, "905341000023", "Ayşe Işık", false).await;
    crate::common::app::eventually(Duration::from_secs(20), || async {
        crate::printing::printer_offline(&db.db).await.then_some(())
    })
    .await
    .expect("the failure was not recorded");
    let restart = server.restart().await;
    device.plug();
    let d = order(&wire, "905341000024", "Ayşe Işık", false).await;
    wait_docs(&device, 4, Duration::from_secs(30)).await;
    // one more order: printing goes in order, so a ticket printed again would
    // come out before this one's
    let e = order(&wire, "905341000025", "Ayşe Işık", false).await;
    let docs = wait_docs(&device, 5, Duration::from_secs(30)).await;
    assert_eq!(
        printed_order(&docs, &[a, b, c, d, e]),
        [a, b, c, d, e],
        "once each, in order, across the unplugged printer and the kill -9: {docs:#?}"
    );
    assert!(
        !maydanoz::store::print::offline(&mut db.db.read().await.expect("db").exec())
            .await
            .expect("offline"),
        "the header clears"
    );
    assert!(server.panics().is_empty(), "{:?}", server.panics());
    println!(
        "» device printer: 5 tickets once each in order; unplugged, kill -9, restart in {restart:.2?}"
    );
    server.stop().await;
    db.cleanup().await;
}

crate::on_both_backends!(app: a_device_printer_prints_each_ticket_once_in_order_across_a_kill_9);
