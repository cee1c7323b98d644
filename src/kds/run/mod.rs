//! The kitchen display's IO shell: owns the terminal (restored on every exit:
//! `q`, the shutdown token, an error, a panic), merges keyboard, tick, bus,
//! change-sequence poll and health into one channel, feeds `update`, performs
//! the commands, and redraws after each burst of events. Between events it
//! sleeps: no busy loop, idle CPU near zero.

mod exec;
mod sources;
#[cfg(test)]
mod tests;

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use anyhow::Context as _;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::{Notify, broadcast, mpsc};
use tokio_util::sync::CancellationToken;

pub(crate) use sources::Timing;

use super::event::{Command, Event};
use super::settings::KdsSettings;
use super::sound::Chime;
use super::state::State;
use super::{backend::KdsBackend, update, view};
use crate::clock::now;
use crate::events::OrderEvent;
use exec::Write;

/// Events waiting for the loop; far more than a burst of orders.
const QUEUE: usize = 1024;
/// On exit, pending writes (a bump just before `q`) get this long to commit.
const DRAIN: Duration = Duration::from_secs(2);

/// Run the kitchen display in this terminal until `q`+`y` or `shutdown`.
///
/// Call with stdout on a TTY and logs going to a file. The audio device is
/// opened before the terminal is taken over; the terminal is restored on
/// every exit path (and by ratatui's panic hook on a panic).
pub(crate) async fn run<B: KdsBackend>(
    backend: Arc<B>,
    bus_rx: broadcast::Receiver<OrderEvent>,
    settings: KdsSettings,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    run_with(backend, bus_rx, settings, Timing::default(), shutdown).await
}

/// [`run`] with other intervals (a remote display checks its link often).
pub(crate) async fn run_with<B: KdsBackend>(
    backend: Arc<B>,
    bus_rx: broadcast::Receiver<OrderEvent>,
    settings: KdsSettings,
    timing: Timing,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let sound = settings.sound;
    let chime = tokio::task::spawn_blocking(move || Chime::open(sound))
        .await
        .context("opening the audio device")?;
    // before init: a failure halfway through init must still restore
    let _restore = Restore;
    let terminal = ratatui::try_init().context("cannot take over the terminal")?;
    if settings.mouse {
        capture_mouse();
    }
    tracing::info!("kitchen display started");
    let stop = shutdown.child_token();
    let (tx, rx) = mpsc::channel(QUEUE);
    tokio::spawn(sources::input(tx.clone(), stop.clone()));
    let parts = Parts {
        backend,
        bus: bus_rx,
        settings,
        chime,
        tx,
        rx,
        stop,
        timing,
    };
    let result = drive(parts, terminal, |t| {
        let out = t.backend_mut();
        if let Err(error) = out
            .write_all(b"\x07")
            .and_then(|()| std::io::Write::flush(out))
        {
            tracing::debug!(%error, "terminal bell failed");
        }
    })
    .await;
    tracing::info!(ok = result.is_ok(), "kitchen display stopped");
    result.map(|_| ())
}

/// `ratatui::restore` when dropped, so an early return or error restores too.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        // always: a terminal left reporting the mouse types garbage into the shell
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
        ratatui::restore();
    }
}

/// Taps and clicks come as mouse events from now on (`kds.mouse`). A panic
/// also gives the mouse back: ratatui's panic hook restores the terminal, and
/// the unwinding drops [`Restore`].
fn capture_mouse() {
    if let Err(error) = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)
    {
        tracing::warn!(%error, "cannot capture the mouse; keys only");
    }
}

/// Everything the loop needs besides the terminal; built by `run` or a test.
pub(crate) struct Parts<B> {
    /// Where commands go.
    pub backend: Arc<B>,
    /// The order bus (the doorbell).
    pub bus: broadcast::Receiver<OrderEvent>,
    /// Start-up settings.
    pub settings: KdsSettings,
    /// Where sounds go.
    pub chime: Chime,
    /// Sending half of the one event channel (sources and executors clone it).
    pub tx: mpsc::Sender<Event>,
    /// The loop's end of the event channel (a test injects keys through `tx`).
    pub rx: mpsc::Receiver<Event>,
    /// Ends the loop and every task it started.
    pub stop: CancellationToken,
    /// Intervals; shortened in tests.
    pub timing: Timing,
}

/// Start the sources and executors, run the loop, then stop them and let
/// pending writes finish. Returns the final state (tests look at it).
pub(crate) async fn drive<B, T>(
    p: Parts<B>,
    mut terminal: Terminal<T>,
    bell: impl FnMut(&mut Terminal<T>),
) -> anyhow::Result<State>
where
    B: KdsBackend,
    T: Backend,
    T::Error: Send + Sync + 'static,
{
    let Parts {
        backend,
        bus,
        settings,
        chime,
        tx,
        mut rx,
        stop,
        timing,
    } = p;
    let seen = Arc::new(AtomicU64::new(0));
    let requests = Arc::new(Notify::new());
    let t = timing;
    tokio::spawn(sources::ticks(tx.clone(), t.tick, stop.clone()));
    tokio::spawn(sources::bus_and_seq(
        backend.clone(),
        bus,
        tx.clone(),
        seen.clone(),
        t.seq_poll,
        stop.clone(),
    ));
    tokio::spawn(sources::health(
        backend.clone(),
        tx.clone(),
        t.health,
        stop.clone(),
    ));
    let (r, s) = (requests.clone(), stop.clone());
    tokio::spawn(exec::reloader(
        backend.clone(),
        r,
        seen,
        tx.clone(),
        t.retry,
        s,
    ));
    let (writes, write_rx) = mpsc::unbounded_channel();
    let writer = tokio::spawn(exec::writer(backend.clone(), write_rx, tx.clone()));
    requests.notify_one();

    let size = terminal.size()?;
    let state = State::new(settings, (size.width, size.height));
    let mut app = App {
        state,
        chime,
        bell_due: false,
        writes,
        requests,
        backend,
        tx,
    };
    let result = app.run(&mut terminal, &mut rx, &stop, bell).await;
    stop.cancel();
    drop(rx);
    drop(app.writes);
    if tokio::time::timeout(DRAIN, writer).await.is_err() {
        tracing::warn!("kitchen display exited with writes still pending");
    }
    result.map(|()| app.state)
}

/// The loop's own state: the model plus the handles commands need.
struct App<B> {
    state: State,
    chime: Chime,
    /// Ring the terminal bell after the next frame.
    bell_due: bool,
    writes: mpsc::UnboundedSender<Write>,
    requests: Arc<Notify>,
    backend: Arc<B>,
    tx: mpsc::Sender<Event>,
}

impl<B: KdsBackend> App<B> {
    async fn run<T>(
        &mut self,
        terminal: &mut Terminal<T>,
        rx: &mut mpsc::Receiver<Event>,
        stop: &CancellationToken,
        mut bell: impl FnMut(&mut Terminal<T>),
    ) -> anyhow::Result<()>
    where
        T: Backend,
        T::Error: Send + Sync + 'static,
    {
        loop {
            let size = terminal.size()?;
            if (size.width, size.height) != self.state.size {
                self.handle(Event::Resize(size.width, size.height));
            }
            let now = now();
            terminal.draw(|f| view::draw(&self.state, f, now))?;
            if std::mem::take(&mut self.bell_due) {
                bell(terminal);
            }
            let first = tokio::select! {
                () = stop.cancelled() => return Ok(()),
                ev = rx.recv() => ev,
            };
            let Some(first) = first else { return Ok(()) };
            // apply the whole burst, then draw once
            let mut next = Some(first);
            while let Some(ev) = next {
                if self.handle(ev) {
                    return Ok(());
                }
                next = rx.try_recv().ok();
            }
        }
    }

    /// Apply one event and perform its commands; `true` means quit.
    fn handle(&mut self, ev: Event) -> bool {
        for cmd in update(&mut self.state, ev, now()) {
            match cmd {
                Command::SetStatus { number, to } => {
                    let _ = self.writes.send(Write::Status { number, to });
                }
                Command::SetRush { number, rush } => {
                    let _ = self.writes.send(Write::Rush { number, rush });
                }
                Command::AnswerCancel { number, accept } => {
                    let _ = self.writes.send(Write::AnswerCancel { number, accept });
                }
                Command::SetAvailable {
                    product_id,
                    available,
                } => {
                    let _ = self.writes.send(Write::Available {
                        product_id,
                        available,
                    });
                }
                Command::Print { number } => {
                    let _ = self.writes.send(Write::Print { number });
                }
                Command::SetLines {
                    number,
                    positions,
                    done,
                } => {
                    let _ = self.writes.send(Write::Lines {
                        number,
                        positions,
                        done,
                    });
                }
                Command::Reload => self.requests.notify_one(),
                Command::LoadProducts => {
                    tokio::spawn(exec::products(self.backend.clone(), self.tx.clone()));
                }
                Command::Chime(kind) => self.bell_due |= self.chime.play(kind),
                Command::StopChime => self.chime.stop(),
                Command::Quit => return true,
                Command::LoadWaiting => {
                    tokio::spawn(exec::waiting(self.backend.clone(), self.tx.clone()));
                }
                Command::SetBusy { minutes } => {
                    let _ = self.writes.send(Write::Busy { minutes });
                }
                Command::HandBack { phone } => {
                    tokio::spawn(exec::hand_back(
                        self.backend.clone(),
                        phone,
                        self.tx.clone(),
                    ));
                }
            }
        }
        false
    }
}
