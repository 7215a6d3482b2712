//! An HTTP `CONNECT` proxy on loopback that records what it is asked and what it carries.
//!
//! It tunnels each `CONNECT host:port` to that address and keeps every byte the client
//! sends through the tunnel, so a test can check that a token sent over TLS never
//! crossed the proxy in clear.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// What the proxy saw on one tunnel.
#[derive(Debug, Clone, Default)]
pub struct Tunnel {
    /// The request head, from `CONNECT` to the blank line.
    pub head: String,
    /// Every byte the client sent through the tunnel once it was open.
    pub client_bytes: Vec<u8>,
}

impl Tunnel {
    /// The value of a header of the `CONNECT` request, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head
            .split("\r\n")
            .filter_map(|line| line.split_once(':'))
            .find_map(|(n, value)| n.trim().eq_ignore_ascii_case(name).then_some(value.trim()))
    }
}

/// A running proxy. It stops when dropped.
pub struct ConnectProxy {
    addr: SocketAddr,
    tunnels: Arc<Mutex<Vec<Arc<Mutex<Tunnel>>>>>,
    task: JoinHandle<()>,
}

/// The `Proxy-Authorization` a proxy demands, if any.
type Demand = Option<Arc<str>>;

impl ConnectProxy {
    /// Starts the proxy on `127.0.0.1`.
    pub async fn start() -> ConnectProxy {
        ConnectProxy::start_demanding(None).await
    }

    /// Starts a proxy that answers 407 to a `CONNECT` without exactly this
    /// `Proxy-Authorization` value, such as `Basic YW5uOmh1bnRlcjI=`.
    pub async fn requiring(authorization: &str) -> ConnectProxy {
        ConnectProxy::start_demanding(Some(Arc::from(authorization))).await
    }

    async fn start_demanding(demand: Demand) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("the listener has an address");
        let tunnels = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&tunnels), demand));
        ConnectProxy { addr, tunnels, task }
    }

    /// The proxy's URL, such as `http://127.0.0.1:3128`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every tunnel opened so far, with what crossed it.
    pub fn tunnels(&self) -> Vec<Tunnel> {
        let tunnels = self.tunnels.lock().expect("the tunnel log is not poisoned");
        tunnels.iter().map(|t| t.lock().expect("a tunnel record is not poisoned").clone()).collect()
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, tunnels: Arc<Mutex<Vec<Arc<Mutex<Tunnel>>>>>, demand: Demand) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { return };
                let record = Arc::new(Mutex::new(Tunnel::default()));
                tunnels.lock().expect("the tunnel log is not poisoned").push(Arc::clone(&record));
                connections.spawn(tunnel(stream, record, demand.clone()));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Reads the `CONNECT` head, answers 200 and copies bytes both ways, keeping the
/// client's. Anything but `CONNECT` gets a 405, since this proxy only tunnels, and a
/// request without the demanded credentials a 407.
async fn tunnel(mut client: TcpStream, record: Arc<Mutex<Tunnel>>, demand: Demand) {
    let Some((head, early)) = read_head(&mut client).await else { return };
    let authorized = {
        let mut tunnel = record.lock().expect("a tunnel record is not poisoned");
        tunnel.head = head.clone();
        demand.is_none_or(|wanted| tunnel.header("proxy-authorization") == Some(&*wanted))
    };
    if !authorized {
        let refusal = "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n\
                       Content-Length: 0\r\n\r\n";
        let _ = client.write_all(refusal.as_bytes()).await;
        return;
    }
    let target = head.strip_prefix("CONNECT ").and_then(|rest| rest.split(' ').next());
    let Some(Ok(mut upstream)) = (match target {
        Some(target) => Some(TcpStream::connect(target).await),
        None => None,
    }) else {
        let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n").await;
        return;
    };
    if client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await.is_err() {
        return;
    }
    record.lock().expect("a tunnel record is not poisoned").client_bytes.extend_from_slice(&early);
    if upstream.write_all(&early).await.is_err() {
        return;
    }
    let (mut client_read, mut client_write) = client.into_split();
    let (mut upstream_read, mut upstream_write) = upstream.into_split();
    let upward = async {
        let mut chunk = [0u8; 8192];
        while let Ok(n @ 1..) = client_read.read(&mut chunk).await {
            record.lock().expect("a tunnel record is not poisoned").client_bytes.extend_from_slice(&chunk[..n]);
            if upstream_write.write_all(&chunk[..n]).await.is_err() {
                break;
            }
        }
        let _ = upstream_write.shutdown().await;
    };
    let downward = async {
        let _ = tokio::io::copy(&mut upstream_read, &mut client_write).await;
        let _ = client_write.shutdown().await;
    };
    tokio::join!(upward, downward);
}

/// The request head up to the blank line, and any bytes read past it.
async fn read_head(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            return Some((head, buffer[end + 4..].to_vec()));
        }
        match stream.read(&mut chunk).await {
            Ok(n @ 1..) if buffer.len() < 64 * 1024 => buffer.extend_from_slice(&chunk[..n]),
            _ => return None,
        }
    }
}
