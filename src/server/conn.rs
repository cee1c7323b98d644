//! Connections that must keep moving. axum's `serve` sets no header-read timeout, so a
//! client that sends half its headers and stops held its connection (a socket, a task)
//! forever; enough of them exhaust the file descriptors and Meta can no longer reach us.
//! [`Guarded`] wraps the listener: a connection on which the client sends nothing for
//! [`IDLE`] is closed. The webhook's own body deadline (10 s) still applies within that.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// How long a client may send nothing before its connection is closed (hyper's own
/// header-read timeout, had a timer been set, and what idle keep-alive connections get).
pub const IDLE: Duration = Duration::from_secs(30);

/// A listener whose connections are closed after [`IDLE`] without a byte from the client.
pub struct Guarded(pub TcpListener);

impl axum::serve::Listener for Guarded {
    type Io = Deadline<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (Deadline::new(io, IDLE), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// An IO whose reads fail with `TimedOut` once nothing has arrived for `idle`.
pub struct Deadline<T> {
    io: T,
    idle: Duration,
    timer: Pin<Box<Sleep>>,
}

impl<T> Deadline<T> {
    pub fn new(io: T, idle: Duration) -> Deadline<T> {
        Deadline {
            io,
            idle,
            timer: Box::pin(tokio::time::sleep(idle)),
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
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    let next = Instant::now() + self.idle;
                    self.timer.as_mut().reset(next);
                }
                Poll::Ready(r)
            }
            Poll::Pending => match self.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "client sent nothing",
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Deadline<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
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
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    #[tokio::test]
    async fn a_silent_client_is_cut_off_and_a_talking_one_is_not() {
        let (mut client, server) = tokio::io::duplex(64);
        let mut server = Deadline::new(server, Duration::from_millis(300));
        let mut buf = [0u8; 8];
        // a byte every 200 ms keeps the connection: the deadline counts from the last byte
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            client.write_all(b"x").await.expect("write");
            assert_eq!(server.read(&mut buf).await.expect("read"), 1);
        }
        let t = Instant::now();
        let err = server.read(&mut buf).await.expect_err("silence is cut off");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(
            t.elapsed() >= Duration::from_millis(290) && t.elapsed() < Duration::from_secs(2),
            "{:?}",
            t.elapsed()
        );
    }
}
