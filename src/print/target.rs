//! Where printed bytes go: a network receipt printer (`tcp://HOST:PORT`, raw
//! port 9100 on most) or a device file (`/dev/usb/lp0`). How the bytes are
//! handed over, and when the printer counts as having taken them, is in
//! [`super::deliver`]; a printer that is off, refuses or stalls is an error.

use std::path::PathBuf;
use std::time::Duration;

use super::deliver::NotTaken;

/// A configured printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `host:port`
    Tcp(String),
    Device(PathBuf),
}

/// When an order's ticket (and slip) are queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrintOn {
    /// In the transaction that places the order.
    #[default]
    Confirm,
    /// In the transaction of the order's first bump (new → preparing).
    FirstBump,
}

impl PrintOn {
    pub(crate) fn parse(s: &str) -> Option<PrintOn> {
        match s {
            "confirm" => Some(PrintOn::Confirm),
            "first_bump" => Some(PrintOn::FirstBump),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PrintOn::Confirm => "confirm",
            PrintOn::FirstBump => "first_bump",
        }
    }
}

impl Target {
    /// `tcp://HOST:PORT` or an absolute device path.
    pub(crate) fn parse(s: &str) -> Result<Target, String> {
        let bad = || format!("'{s}' is not tcp://HOST:PORT or a device path like /dev/usb/lp0");
        if let Some(rest) = s.strip_prefix("tcp://") {
            let (host, port) = rest.rsplit_once(':').ok_or_else(bad)?;
            let port_ok = port.parse::<u16>().is_ok_and(|p| p > 0);
            let host_ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
            if !port_ok || !host_ok {
                return Err(bad());
            }
            Ok(Target::Tcp(rest.to_string()))
        } else if s.starts_with('/') && s.len() > 1 && !s.ends_with('/') {
            Ok(Target::Device(PathBuf::from(s)))
        } else {
            Err(bad())
        }
    }

    /// The URL as configured.
    pub(crate) fn url(&self) -> String {
        match self {
            Target::Tcp(a) => format!("tcp://{a}"),
            Target::Device(p) => p.display().to_string(),
        }
    }

    /// Hand `bytes` to the printer; Ok only when it took all of them in time.
    /// See [`super::deliver`] for what "took" means for each kind of printer.
    pub(crate) async fn send(&self, bytes: &[u8], timeout: Duration) -> Result<(), NotTaken> {
        match self {
            Target::Tcp(addr) => super::deliver::tcp(addr, bytes, timeout).await,
            Target::Device(path) => super::deliver::device(path, bytes, timeout).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_or_say_why() {
        assert_eq!(
            Target::parse("tcp://192.168.1.50:9100"),
            Ok(Target::Tcp("192.168.1.50:9100".into()))
        );
        assert_eq!(
            Target::parse("/dev/usb/lp0"),
            Ok(Target::Device("/dev/usb/lp0".into()))
        );
        for bad in [
            "tcp://host",
            "tcp://:9100",
            "tcp://h:0",
            "tcp://h:99999",
            "lp0",
            "http://x:1",
            "",
            "/",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }
}
