//! Connections that must keep moving, and room for Meta. axum's `serve` sets no
//! header-read timeout, so a client that sends half its headers and stops held its
//! connection (a socket, a task) forever; one that dribbles a byte now and then held it too,
//! as long as it liked (slowloris), and enough of them exhaust the file descriptors.
//!
//! [`Guarded`] wraps the listener:
//! - a request head must arrive whole within [`HEAD`] of its first byte — a total deadline,
//!   not reset by each byte;
//! - a connection on which nothing moves for [`IDLE`] — no byte from the client, none
//!   written to it — is closed (an event stream the server writes keep-alives to is not idle);
//! - at most [`MAX_CONNECTIONS`] are open, fewer when the open-file limit is low
//!   ([`files`]: a reserve of descriptors stays for the sender and the database). The cap is
//!   hard: past it a newcomer makes room by closing the connection that has waited longest
//!   for its client — head-less, mid-head or mid-body — or is refused ([`registry`]), so a
//!   real webhook, whose head and body arrive in milliseconds, always gets in. Behind a
//!   reverse proxy every peer is 127.0.0.1, so a per-peer cap would be no cap at all.
//!
//! The webhook's own body limits (3 MiB, 10 s) still apply after the head. Accept errors
//! (out of descriptors) are logged, at most once per [`LOG_EVERY`].

pub mod files;
mod registry;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};
use tokio_util::sync::WaitForCancellationFutureOwned;

use registry::{Conn, Registry, State};

/// How long a connection may see nothing move before it is closed.
pub(crate) const IDLE: Duration = Duration::from_secs(30);
/// How long a request head may take from its first byte to its blank line.
pub(crate) const HEAD: Duration = Duration::from_secs(10);
/// Open connections at most (fewer under a low open-file limit).
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// Accept errors and refused newcomers are logged at most this often.
pub(crate) const LOG_EVERY: Duration = Duration::from_secs(10);

/// A listener whose connections must keep moving (see the module doc).
pub(crate) struct Guarded {
    listener: TcpListener,
    limits: Limits,
    open: Arc<Registry>,
    accept_errors: Throttle,
    refused: Throttle,
}

impl Guarded {
    /// The default limits, the cap kept under this process's open-file limit (raised to the
    /// hard limit first).
    pub(crate) fn new(listener: TcpListener) -> Guarded {
        let soft = files::raise_limit();
        let max_connections = files::cap(MAX_CONNECTIONS, soft);
        if max_connections < MAX_CONNECTIONS {
            tracing::warn!(
                max_connections,
                open_file_limit = ?soft,
                "the open-file limit is low: fewer connections are served at once"
            );
        }
        Guarded::with_limits(
            listener,
            Limits {
                max_connections,
                ..Limits::default()
            },
        )
    }

    pub(crate) fn with_limits(listener: TcpListener, limits: Limits) -> Guarded {
        Guarded {
            listener,
            limits,
            open: Arc::default(),
            accept_errors: Throttle::default(),
            refused: Throttle::default(),
        }
    }
}

/// The deadlines and the cap (tests make them short).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub idle: Duration,
    pub head: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle: IDLE,
            head: HEAD,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Counts what it is told of and says whether to log now (at most once per [`LOG_EVERY`]).
#[derive(Default)]
struct Throttle {
    last: Option<Instant>,
    unlogged: u64,
}

impl Throttle {
    /// One more; `Some(n)` when it is time to log the `n` seen since the last log.
    fn hit(&mut self) -> Option<u64> {
        self.unlogged += 1;
        let now = Instant::now();
        if self.last.is_some_and(|l| now < l + LOG_EVERY) {
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.unlogged))
    }
}

/// Errors of `accept` that concern one connection only (the peer gave up): try the next.
fn per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

impl axum::serve::Listener for Guarded {
    type Io = Deadline<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let (io, addr) = match self.listener.accept().await {
                Ok(x) => x,
                Err(e) if per_connection(&e) => continue,
                Err(e) => {
                    if let Some(n) = self.accept_errors.hit() {
                        tracing::error!(error = %e, errors = n, open = self.open.open(),
                            "cannot accept connections (out of file descriptors?)");
                    }
                    // not axum's whole second: webhooks wait for this
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let Some((id, conn)) = self.open.admit(self.limits.max_connections) else {
                if let Some(n) = self.refused.hit() {
                    tracing::warn!(
                        refused = n,
                        max = self.limits.max_connections,
                        "connection limit reached and every connection is a live stream: \
                         refusing newcomers"
                    );
                }
                drop(io);
                continue;
            };
            let mut d = Deadline::with_conn(io, self.limits.idle, self.limits.head, conn);
            d.registry = Some((self.open.clone(), id));
            return (d, addr);
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

/// An IO whose reads fail with `TimedOut` once nothing has moved for `idle` (no byte read,
/// none written), or once a request head has taken longer than `head` since its first byte.
pub(crate) struct Deadline<T> {
    io: T,
    idle: Duration,
    head: Duration,
    /// When a byte was last read or written.
    last: Instant,
    /// Fires `idle` after some earlier `last`; moved on when it fires early.
    timer: Pin<Box<Sleep>>,
    /// Armed while a request head is arriving.
    head_timer: Pin<Box<Sleep>>,
    in_head: bool,
    /// The last three bytes of the head so far (to see its blank line across reads).
    tail: [u8; 3],
    conn: Arc<Conn>,
    closed: Pin<Box<WaitForCancellationFutureOwned>>,
    registry: Option<(Arc<Registry>, u64)>,
}

impl<T> Deadline<T> {
    #[cfg(test)]
    pub(crate) fn new(io: T, idle: Duration, head: Duration) -> Deadline<T> {
        Deadline::with_conn(io, idle, head, Arc::new(Conn::detached()))
    }

    fn with_conn(io: T, idle: Duration, head: Duration, conn: Arc<Conn>) -> Deadline<T> {
        Deadline {
            io,
            idle,
            head,
            last: Instant::now(),
            timer: Box::pin(tokio::time::sleep(idle)),
            head_timer: Box::pin(tokio::time::sleep(head)),
            in_head: false,
            tail: [0; 3],
            closed: Box::pin(conn.close.clone().cancelled_owned()),
            conn,
            registry: None,
        }
    }
}

/// Follow the request head through the bytes just read: a first byte arms the head deadline,
/// the blank line ends the head (the connection waits for its body, then its answer). Only a
/// line feed is looked at closely (a head has a dozen): this runs on every read of every
/// request.
fn saw(d: &mut Head<'_>, bytes: &[u8], now: Instant) {
    if bytes.is_empty() || d.conn.state() == State::Body {
        // the body (or a pipelined request) until the answer is written
        return;
    }
    if !*d.in_head {
        *d.in_head = true;
        *d.tail = [0; 3];
        d.conn.set_state(State::Head);
        d.head_timer.as_mut().reset(now + d.head);
    }
    let tail = *d.tail;
    // the byte `back` places before `bytes[i]`, from the earlier reads' tail if need be
    let before = |i: usize, back: usize| {
        if i >= back {
            bytes[i - back]
        } else {
            tail[3 + i - back]
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && before(i, 1) == b'\r' && before(i, 2) == b'\n' && before(i, 3) == b'\r' {
            *d.in_head = false;
            d.conn.set_state(State::Body);
            return;
        }
    }
    *d.tail = [
        before(bytes.len(), 3),
        before(bytes.len(), 2),
        before(bytes.len(), 1),
    ];
}

/// The fields [`saw`] changes, borrowed apart from the read buffer.
struct Head<'a> {
    in_head: &'a mut bool,
    tail: &'a mut [u8; 3],
    head: Duration,
    head_timer: &'a mut Pin<Box<Sleep>>,
    conn: &'a Conn,
}

impl<T> Deadline<T> {
    fn head_view(&mut self) -> Head<'_> {
        Head {
            in_head: &mut self.in_head,
            tail: &mut self.tail,
            head: self.head,
            head_timer: &mut self.head_timer,
            conn: &self.conn,
        }
    }

    /// Something moved on the connection at `now`.
    fn moved(&mut self, now: Instant) {
        self.last = now;
        self.conn.moved(now);
    }

    /// Whether nothing has moved for `idle`. The timer is set once and moved on only when it
    /// fires early, so a read or a write costs no timer work.
    fn idle_expired(&mut self, cx: &mut Context<'_>) -> bool {
        while self.timer.as_mut().poll(cx).is_ready() {
            let due = self.last + self.idle;
            if due <= Instant::now() {
                return true;
            }
            self.timer.as_mut().reset(due);
        }
        false
    }

    /// An answer is going out: what the client sends next is a new request head.
    fn wrote(&mut self) {
        if self.conn.state() != State::Answer {
            self.conn.set_state(State::Answer);
        }
        self.moved(Instant::now());
    }
}

impl<T> Drop for Deadline<T> {
    fn drop(&mut self) {
        if let Some((r, id)) = self.registry.take() {
            r.leave(id);
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Deadline<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let this = &mut *self;
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    let now = Instant::now();
                    this.moved(now);
                    saw(&mut this.head_view(), &buf.filled()[before..], now);
                }
                Poll::Ready(r)
            }
            Poll::Pending => {
                // looked at only when the read waits (a connection being closed for room
                // waits for its client; its task is woken by the close): the token takes
                // a lock, and a request's reads that find bytes need not pay it
                if self.closed.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "closed to make room for other clients",
                    )));
                }
                let head_late = self.in_head && self.head_timer.as_mut().poll(cx).is_ready();
                if head_late || self.idle_expired(cx) {
                    let why = if head_late {
                        "request head too slow"
                    } else {
                        "nothing moved on the connection"
                    };
                    return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, why)));
                }
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Deadline<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.wrote();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.wrote();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests;
