//! Why one request to a server failed, in a few words, and whether waiting can fix it.
//!
//! A host name that does not resolve, a host that refuses every connection and a
//! TLS handshake that fails will fail the same way in two minutes: they are
//! [`Failure::is_permanent`], and the retry policy gives them one quick retry
//! instead of minutes of backoff. Everything else (a 503, a reset connection, a
//! timeout, a damaged body) is worth waiting for. The words never hold the URL or
//! the server's body: a 503's HTML page says nothing a status line does not.

use std::error::Error;
use std::io::ErrorKind;

/// One failed try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The host name does not resolve: offline, or a typo in the address.
    NameNotResolved,
    /// Nothing accepts connections at the address.
    Refused,
    /// The TLS handshake failed (certificates, protocol): `reason` says how.
    Tls(String),
    /// The connection was reset or closed before the answer was complete.
    Reset,
    TimedOut,
    /// The server answered with this status (429 or 5xx).
    Status(u16),
    /// The answer came but is unusable: empty, cut off, not the XML asked for.
    Body(String),
    /// Any other transport failure, in the words of its innermost cause.
    Other(String),
}

/// Reasons are cut to this many characters, so a warning fits on one line.
const MAX_REASON: usize = 60;

impl Failure {
    /// Waiting will not help: the name does not resolve, the TLS handshake fails,
    /// or a host that has not answered once in this run refuses connections.
    /// `answered`: the host has answered a request of this run before.
    pub fn is_permanent(&self, answered: bool) -> bool {
        match self {
            Failure::Tls(_) => true,
            Failure::NameNotResolved | Failure::Refused => !answered,
            _ => false,
        }
    }

    /// What went wrong with a request that got no answer.
    pub fn of_transport(err: &reqwest::Error) -> Failure {
        if err.is_timeout() {
            return Failure::TimedOut;
        }
        let mut innermost = err.to_string();
        let mut cause: Option<&(dyn Error + 'static)> = Some(err);
        while let Some(current) = cause {
            if let Some(failure) = Failure::of_cause(current) {
                return failure;
            }
            innermost = current.to_string();
            // An io::Error's source() skips the error it carries (rustls reports
            // through io::Errors nested two deep), so step into that instead.
            cause = match current.downcast_ref::<std::io::Error>() {
                Some(io) => io.get_ref().map(|inner| inner as &(dyn Error + 'static)),
                None => current.source(),
            };
        }
        Failure::Other(short(&innermost))
    }

    /// The failure one link of an error chain names, if it names one.
    fn of_cause(cause: &(dyn Error + 'static)) -> Option<Failure> {
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            return Some(Failure::Tls(short(&tls.to_string())));
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                ErrorKind::ConnectionRefused => return Some(Failure::Refused),
                ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::UnexpectedEof => {
                    return Some(Failure::Reset);
                }
                ErrorKind::TimedOut => return Some(Failure::TimedOut),
                _ => {}
            }
        }
        // hyper's connector names resolver failures so; the resolver's own words
        // ("failed to lookup address information") vary by platform.
        let text = cause.to_string();
        if text == "dns error" || text.starts_with("failed to lookup address") {
            return Some(Failure::NameNotResolved);
        }
        if text == "connection closed before message completed" {
            return Some(Failure::Reset);
        }
        None
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NameNotResolved => write!(f, "name not resolved"),
            Failure::Refused => write!(f, "connection refused"),
            Failure::Tls(reason) => write!(f, "TLS failed: {reason}"),
            Failure::Reset => write!(f, "connection reset"),
            Failure::TimedOut => write!(f, "timed out"),
            Failure::Status(status) => {
                let reason = reqwest::StatusCode::from_u16(*status).ok().and_then(|s| s.canonical_reason());
                match reason {
                    Some(reason) => write!(f, "HTTP {status} {reason}"),
                    None => write!(f, "HTTP {status}"),
                }
            }
            Failure::Body(reason) | Failure::Other(reason) => write!(f, "{reason}"),
        }
    }
}

/// `text` on one line, at most [`MAX_REASON`] characters.
pub(super) fn short(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.chars().count() > MAX_REASON {
        true => format!("{}…", line.chars().take(MAX_REASON - 1).collect::<String>().trim_end()),
        false => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_waiting_cannot_fix_is_permanent() {
        assert!(Failure::NameNotResolved.is_permanent(false));
        assert!(Failure::Refused.is_permanent(false));
        assert!(!Failure::Refused.is_permanent(true), "a host that answered may be restarting");
        assert!(Failure::Tls("bad certificate".into()).is_permanent(true));
        for transient in
            [Failure::Reset, Failure::TimedOut, Failure::Status(503), Failure::Body("empty".into())]
        {
            assert!(!transient.is_permanent(false), "{transient}");
        }
    }

    #[test]
    fn reasons_are_short_and_name_no_body() {
        assert_eq!(Failure::Status(503).to_string(), "HTTP 503 Service Unavailable");
        assert_eq!(Failure::Status(429).to_string(), "HTTP 429 Too Many Requests");
        assert_eq!(Failure::Status(599).to_string(), "HTTP 599");
        assert_eq!(short("a\n  b"), "a b");
        let long = short(&"x".repeat(200));
        assert_eq!(long.chars().count(), MAX_REASON);
        assert!(long.ends_with('…'));
    }

    async fn failure_of(url: &str) -> Failure {
        crate::http::client::use_ring();
        let http =
            reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().expect("client");
        let err = http.get(url).send().await.expect_err("must fail");
        Failure::of_transport(&err)
    }

    #[tokio::test]
    async fn transport_errors_are_told_apart() {
        // A port that was just free: nothing listens there.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = closed.local_addr().expect("addr").port();
        drop(closed);
        assert_eq!(failure_of(&format!("http://127.0.0.1:{port}/")).await, Failure::Refused);
        // `.invalid` never resolves (RFC 6761); resolvers answer at once.
        assert_eq!(failure_of("http://nonexistent.invalid/").await, Failure::NameNotResolved);
        // Plain HTTP where TLS is expected: the handshake fails.
        let plain = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = plain.local_addr().expect("addr");
        std::thread::spawn(move || {
            use std::io::{Read, Write};
            if let Ok((mut stream, _)) = plain.accept() {
                let _ = stream.read(&mut [0; 1024]);
                let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            }
        });
        let tls = failure_of(&format!("https://{address}/")).await;
        assert!(matches!(tls, Failure::Tls(_)), "{tls:?}");
        // Closed without an answer: worth another try.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = silent.local_addr().expect("addr");
        std::thread::spawn(move || {
            use std::io::Read;
            if let Ok((mut stream, _)) = silent.accept() {
                let _ = stream.read(&mut [0; 1024]);
            }
        });
        assert_eq!(failure_of(&format!("http://{address}/")).await, Failure::Reset);
    }
}
