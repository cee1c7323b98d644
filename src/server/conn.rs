//! Connections that must keep moving, and room for Meta. axum's `serve` sets no
//! header-read timeout, so a client that sends half its headers and stops held its
//! connection (a socket, a task) forever; one that dribbles a byte now and then held it too,
//! as long as it liked (slowloris), and enough of them exhaust the file descriptors.
//!
//! [`Guarded`] wraps the listener:
//! - a request head must arrive whole within [`HEAD`] of its first byte — a total deadline,
//!   not reset by each byte;
//! - a connection on which the client sends nothing for [`IDLE`] is closed;
//! - at most [`MAX_CONNECTIONS`] are open: past that, a new connection makes room by closing
//!   the oldest one that has not delivered a whole request head (a slow or idle client),
//!   so a real webhook, whose head arrives in milliseconds, always gets in. Behind a reverse
//!   proxy every peer is 127.0.0.1, so a per-peer cap would be no cap at all.
//!
//! The webhook's own body deadline (10 s) still applies after the head.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// How long a client may send nothing before its connection is closed.
pub const IDLE: Duration = Duration::from_secs(30);
/// How long a request head may take from its first byte to its blank line.
pub const HEAD: Duration = Duration::from_secs(10);
/// Open connections before the oldest slow one is closed to make room.
pub const MAX_CONNECTIONS: usize = 512;

/// A listener whose connections must keep moving (see the module doc).
pub struct Guarded {
    listener: TcpListener,
    limits: Limits,
    open: Arc<Registry>,
}

impl Guarded {
    pub fn new(listener: TcpListener) -> Guarded {
        Guarded::with_limits(listener, Limits::default())
    }

    pub fn with_limits(listener: TcpListener, limits: Limits) -> Guarded {
        Guarded {
            listener,
            limits,
            open: Arc::default(),
        }
    }
}

/// The deadlines and the cap (tests make them short).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
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

/// The open connections: when each came, whether its head is complete, how to close it.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    conns: Mutex<HashMap<u64, Entry>>,
}

struct Entry {
    since: Instant,
    /// A whole request head arrived and its answer is not yet written.
    busy: Arc<AtomicBool>,
    close: CancellationToken,
}

impl Registry {
    /// Register a new connection; past `max`, close the oldest one not in a request.
    fn admit(&self, max: usize) -> (u64, Arc<AtomicBool>, CancellationToken) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let busy = Arc::new(AtomicBool::new(false));
        let close = CancellationToken::new();
        if let Ok(mut m) = self.conns.lock() {
            if m.len() >= max {
                let victim = m
                    .iter()
                    .filter(|(_, e)| !e.busy.load(Ordering::Relaxed))
                    .min_by_key(|(_, e)| e.since)
                    .map(|(k, _)| *k);
                if let Some(e) = victim.and_then(|k| m.remove(&k)) {
                    tracing::debug!("connection limit reached: closing the oldest slow client");
                    e.close.cancel();
                }
            }
            m.insert(
                id,
                Entry {
                    since: Instant::now(),
                    busy: busy.clone(),
                    close: close.clone(),
                },
            );
        }
        (id, busy, close)
    }

    fn leave(&self, id: u64) {
        if let Ok(mut m) = self.conns.lock() {
            m.remove(&id);
        }
    }
}

impl axum::serve::Listener for Guarded {
    type Io = Deadline<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.listener).await;
        let (id, busy, close) = self.open.admit(self.limits.max_connections);
        let mut d = Deadline::new(io, self.limits.idle, self.limits.head);
        d.busy = busy;
        d.closed = Box::pin(close.cancelled_owned());
        d.registry = Some((self.open.clone(), id));
        (d, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

/// An IO whose reads fail with `TimedOut` once nothing has arrived for `idle`, or once a
/// request head has taken longer than `head` since its first byte.
pub struct Deadline<T> {
    io: T,
    idle: Duration,
    head: Duration,
    timer: Pin<Box<Sleep>>,
    /// Armed while a request head is arriving.
    head_timer: Pin<Box<Sleep>>,
    in_head: bool,
    /// The last three bytes of the head so far (to see its blank line across reads).
    tail: [u8; 3],
    busy: Arc<AtomicBool>,
    closed: Pin<Box<WaitForCancellationFutureOwned>>,
    registry: Option<(Arc<Registry>, u64)>,
}

impl<T> Deadline<T> {
    pub fn new(io: T, idle: Duration, head: Duration) -> Deadline<T> {
        Deadline {
            io,
            idle,
            head,
            timer: Box::pin(tokio::time::sleep(idle)),
            head_timer: Box::pin(tokio::time::sleep(head)),
            in_head: false,
            tail: [0; 3],
            busy: Arc::default(),
            closed: Box::pin(CancellationToken::new().cancelled_owned()),
            registry: None,
        }
    }

    /// Follow the request head through the bytes just read.
    fn saw(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.busy.load(Ordering::Relaxed) {
                // the body (or a pipelined request) until the answer is written
                return;
            }
            if !self.in_head {
                self.in_head = true;
                self.tail = [0; 3];
                let at = Instant::now() + self.head;
                self.head_timer.as_mut().reset(at);
            }
            if self.tail == *b"\r\n\r" && b == b'\n' {
                self.in_head = false;
                self.busy.store(true, Ordering::Relaxed);
            }
            self.tail = [self.tail[1], self.tail[2], b];
        }
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
        if self.closed.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "closed to make room for other clients",
            )));
        }
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    let next = Instant::now() + self.idle;
                    self.timer.as_mut().reset(next);
                    let fresh = buf.filled()[before..].to_vec();
                    self.saw(&fresh);
                }
                Poll::Ready(r)
            }
            Poll::Pending => {
                let head_late = self.in_head && self.head_timer.as_mut().poll(cx).is_ready();
                if head_late || self.timer.as_mut().poll(cx).is_ready() {
                    let why = if head_late {
                        "request head too slow"
                    } else {
                        "client sent nothing"
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
        // an answer is going out: what the client sends next is a new request head
        self.busy.store(false, Ordering::Relaxed);
        Pin::new(&mut self.io).poll_write(cx, buf)
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
        self.busy.store(false, Ordering::Relaxed);
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests;
