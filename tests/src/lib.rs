//! A scripted HTTP/1.1 server on 127.0.0.1 for testing the client against a real socket.
//!
//! Each test starts its own [`Server`] with a [`Handler`] that picks a [`Reply`] for every
//! request. Replies can be ordinary responses or faults that a full server framework would
//! make hard to produce: a stall before the headers, a connection cut in the middle of the
//! body, raw bytes that are not HTTP, or a body of many megabytes without a length. Every
//! request is recorded so tests can assert exactly what reached the wire.

pub mod imports;
pub mod proxy;
pub mod tls;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The largest request head the server reads; the client's are far smaller.
const MAX_HEAD: usize = 64 * 1024;
/// How long a connection may sit idle before the server closes it, so that no
/// connection task outlives its test by more than this.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The HTTP method, such as `POST`.
    pub method: String,
    /// The request target, such as `/admin.users.session.reset`.
    pub path: String,
    /// Header names in lower case, with their values, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body decoded as a form, as `(name, value)` pairs sorted by name, so that
    /// comparisons do not depend on field order.
    pub fn form(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .text()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(name), percent_decode(value))
            })
            .collect();
        pairs.sort();
        pairs
    }
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response with a `Content-Length`.
    Respond {
        /// The status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Waits, then gives the inner reply.
    Delay(Duration, Box<Reply>),
    /// Writes these bytes as they are, then closes the connection.
    Raw(Vec<u8>),
    /// Sends the head of the inner [`Reply::Respond`], waits, then sends its body: a
    /// server that answers promptly but stalls mid-response.
    SlowBody(Duration, Box<Reply>),
    /// Sends only the first `n` bytes of the inner [`Reply::Respond`] (head included),
    /// then closes the connection.
    Cut(usize, Box<Reply>),
    /// Sends a 200 whose body is `body_len` bytes of filler in `Transfer-Encoding:
    /// chunked`, so the client learns the size only by reading.
    Chunked {
        /// How many body bytes to send.
        body_len: usize,
    },
    /// Sends a 200 with no length and `body_len` bytes of JSON-looking filler, then closes.
    Huge {
        /// How many body bytes to send.
        body_len: usize,
        /// Whether to announce the length in a `Content-Length` header.
        with_length: bool,
    },
}

impl Reply {
    /// A 200 with a JSON body.
    pub fn json(body: &str) -> Reply {
        Reply::status_json(200, body)
    }

    /// Any status with a JSON body.
    pub fn status_json(status: u16, body: &str) -> Reply {
        let headers = vec![("Content-Type".to_owned(), "application/json; charset=utf-8".to_owned())];
        Reply::Respond { status, headers, body: body.as_bytes().to_vec() }
    }

    /// Slack's answer for a failed call: HTTP 200 with `ok: false` and the code.
    pub fn slack_error(code: &str) -> Reply {
        Reply::json(&format!(r#"{{"ok":false,"error":"{code}"}}"#))
    }

    /// Any status with a body and a content type.
    pub fn body(status: u16, content_type: &str, body: &str) -> Reply {
        let headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
        Reply::Respond { status, headers, body: body.as_bytes().to_vec() }
    }

    /// HTTP 429, with `Retry-After` when given.
    pub fn rate_limited(retry_after: Option<&str>) -> Reply {
        let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        if let Some(value) = retry_after {
            headers.push(("Retry-After".to_owned(), value.to_owned()));
        }
        Reply::Respond { status: 429, headers, body: br#"{"ok":false,"error":"ratelimited"}"#.to_vec() }
    }

    /// Adds a header to a [`Reply::Respond`].
    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Respond { status, mut headers, body } => {
                headers.push((name.to_owned(), value.to_owned()));
                Reply::Respond { status, headers, body }
            }
            other => other,
        }
    }

    /// Waits `delay` before giving this reply.
    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delay(delay, Box::new(self))
    }

    /// Sends this reply's head at once and its body after `delay`.
    pub fn body_after(self, delay: Duration) -> Reply {
        Reply::SlowBody(delay, Box::new(self))
    }

    /// Sends only the first `bytes` bytes of this reply, head included, then closes.
    pub fn cut_after(self, bytes: usize) -> Reply {
        Reply::Cut(bytes, Box::new(self))
    }
}

/// Chooses the reply to the `n`th request (counting from zero).
pub type Handler = Arc<dyn Fn(&Recorded, usize) -> Reply + Send + Sync>;

/// A running server. It stops when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Starts a server that answers the requests in turn with `replies`, and with a 500
    /// naming the problem once they run out, so an unexpected extra call is visible.
    pub async fn scripted(replies: Vec<Reply>) -> Server {
        Server::start_on("127.0.0.1", move |_, n| {
            replies
                .get(n)
                .cloned()
                .unwrap_or_else(|| Reply::body(500, "text/plain", "the test script ran out of replies"))
        })
        .await
    }

    /// Starts a server on 127.0.0.1 that asks `handler` for every reply.
    pub async fn start(handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_on("127.0.0.1", handler).await
    }

    /// Starts a server on another loopback address, such as `127.0.0.2`, which stands in
    /// for another host.
    pub async fn start_on(ip: &str, handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind((ip, 0)).await.expect("bind a loopback port");
        Server::serve(listener, handler)
    }

    /// Starts a server on `addr`, for a test that first finds the port closed (a
    /// refused connection) and then opens it.
    pub async fn start_at(
        addr: SocketAddr,
        handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind(addr).await.expect("bind the given loopback address");
        Server::serve(listener, handler)
    }

    fn serve(listener: TcpListener, handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Server {
        let addr = listener.local_addr().expect("the listener has an address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let task = tokio::spawn(accept_loop(listener, handler, Arc::clone(&requests)));
        Server { addr, requests, task }
    }

    /// The base URL to give the client, such as `http://127.0.0.1:4242`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("the request log is not poisoned").clone()
    }

    /// How many requests have arrived.
    pub fn request_count(&self) -> usize {
        self.requests.lock().expect("the request log is not poisoned").len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Accepts connections until the server is dropped. The connection tasks live in a
/// `JoinSet` owned by this task, so aborting it (on drop) ends them all too.
async fn accept_loop(listener: TcpListener, handler: Handler, requests: Arc<Mutex<Vec<Recorded>>>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { return };
                // Replies go out as a head write and a body write; without this, Nagle's
                // algorithm holds the body back for the client's delayed ACK (~40 ms).
                let _ = stream.set_nodelay(true);
                connections.spawn(serve_connection(stream, Arc::clone(&handler), Arc::clone(&requests)));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Serves requests on one connection until the client closes it or a reply closes it.
async fn serve_connection(mut stream: TcpStream, handler: Handler, requests: Arc<Mutex<Vec<Recorded>>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else { return };
        let index = {
            let mut log = requests.lock().expect("the request log is not poisoned");
            log.push(request.clone());
            log.len() - 1
        };
        let reply = handler(&request, index);
        if !write_reply(&mut stream, reply).await {
            return;
        }
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` body bytes.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD || !read_more(stream, buffer).await {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        if !read_more(stream, buffer).await {
            return None;
        }
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Recorded { method, path, headers, body })
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8192];
    match tokio::time::timeout(IDLE_TIMEOUT, stream.read(&mut chunk)).await {
        Err(_) | Ok(Ok(0)) | Ok(Err(_)) => false,
        Ok(Ok(n)) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Writes a reply; returns whether the connection may serve another request.
async fn write_reply(stream: &mut TcpStream, reply: Reply) -> bool {
    match reply {
        Reply::Respond { status, headers, body } => {
            let head = response_head(status, &headers, body.len());
            stream.write_all(head.as_bytes()).await.is_ok() && stream.write_all(&body).await.is_ok()
        }
        Reply::SlowBody(delay, inner) => {
            let (head, body) = split_response(*inner);
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            tokio::time::sleep(delay).await;
            stream.write_all(&body).await.is_ok()
        }
        Reply::Cut(bytes, inner) => {
            let (head, body) = split_response(*inner);
            let mut whole = head.into_bytes();
            whole.extend_from_slice(&body);
            whole.truncate(bytes);
            let _ = stream.write_all(&whole).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Chunked { body_len } => {
            write_filler(stream, CHUNKED_HEAD, body_len, true).await;
            false
        }
        Reply::Delay(delay, inner) => {
            tokio::time::sleep(delay).await;
            Box::pin(write_reply(stream, *inner)).await
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Huge { body_len, with_length } => {
            write_filler(stream, &huge_head(body_len, with_length), body_len, false).await;
            false
        }
    }
}

/// The status line and headers of a response with a `Content-Length`.
fn response_head(status: u16, headers: &[(String, String)], body_len: usize) -> String {
    let mut head = format!("HTTP/1.1 {status} {}\r\nContent-Length: {body_len}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// The head and body of a [`Reply::Respond`]; any other reply stands for an empty 200.
fn split_response(reply: Reply) -> (String, Vec<u8>) {
    match reply {
        Reply::Respond { status, headers, body } => (response_head(status, &headers, body.len()), body),
        _ => (response_head(200, &[], 0), Vec::new()),
    }
}

/// The head of a filler body sent as HTTP/1.1 chunks.
const CHUNKED_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

/// The head of a filler body that is delimited by its length, or by the closed
/// connection when there is none.
fn huge_head(body_len: usize, with_length: bool) -> String {
    let length = if with_length { format!("Content-Length: {body_len}\r\n") } else { String::new() };
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n{length}\r\n")
}

/// Sends `head`, then `body_len` filler bytes in pieces of 64 KiB so the server itself
/// never holds the body in memory, then closes the connection. With `chunked`, each
/// piece is framed as an HTTP/1.1 chunk and the terminating chunk follows.
async fn write_filler(stream: &mut TcpStream, head: &str, body_len: usize, chunked: bool) {
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let piece = vec![b' '; 64 * 1024];
    let mut sent = 0;
    while sent < body_len {
        let n = piece.len().min(body_len - sent);
        let written = if chunked {
            let frame = [format!("{n:x}\r\n").as_bytes(), &piece[..n], b"\r\n"].concat();
            stream.write_all(&frame).await
        } else {
            stream.write_all(&piece[..n]).await
        };
        if written.is_err() {
            return;
        }
        sent += n;
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let _ = stream.shutdown().await;
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
