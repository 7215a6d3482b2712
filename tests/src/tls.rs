//! A TLS front for the scripted server, with a certificate authority made for the test.
//!
//! The front terminates TLS on `127.0.0.1` and passes the plain bytes on to a
//! [`Server`](crate::Server), so every scripted reply works over `https://` too. Its
//! certificate is signed by a CA that exists only in the test, which is how a
//! TLS-inspecting corporate proxy looks to a client: trusted only once its CA is added.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

/// A certificate authority and one server certificate it signed, for `localhost` and
/// `127.0.0.1`.
pub struct TestCa {
    /// The CA's certificate, PEM-encoded: what a client is told to trust.
    pub ca_pem: String,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: PrivatePkcs8KeyDer<'static>,
}

impl TestCa {
    /// Makes a fresh CA and a server certificate signed by it.
    pub fn new() -> TestCa {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("empty CA names are valid");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "slack-admin-users-session test CA");
        let ca_key = KeyPair::generate().expect("a CA key");
        let ca_cert = ca_params.self_signed(&ca_key).expect("a self-signed CA certificate");
        let issuer = Issuer::new(ca_params, ca_key);
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let server_key = KeyPair::generate().expect("a server key");
        let server_cert = CertificateParams::new(names)
            .expect("valid server names")
            .signed_by(&server_key, &issuer)
            .expect("a server certificate signed by the CA");
        TestCa {
            ca_pem: ca_cert.pem(),
            server_chain: vec![server_cert.der().clone()],
            server_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()),
        }
    }

    fn acceptor(&self) -> TlsAcceptor {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(self.server_key.clone_key());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .with_no_client_auth()
            .with_single_cert(self.server_chain.clone(), key)
            .expect("the server certificate and key match");
        TlsAcceptor::from(Arc::new(config))
    }
}

impl Default for TestCa {
    fn default() -> Self {
        TestCa::new()
    }
}

/// A running TLS front. It stops when dropped.
pub struct TlsFront {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl TlsFront {
    /// Terminates TLS with `ca`'s server certificate and forwards to `backend`, a
    /// plain-HTTP server such as [`Server::url`](crate::Server::url)'s.
    pub async fn start(ca: &TestCa, backend: SocketAddr) -> TlsFront {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("the listener has an address");
        let connections = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(accept_loop(listener, ca.acceptor(), backend, Arc::clone(&connections)));
        TlsFront { addr, connections, task }
    }

    /// How many connections clients have opened to the front, handshakes that failed
    /// included.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The base URL to give the client, such as `https://127.0.0.1:4242`.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The address the front listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, acceptor: TlsAcceptor, backend: SocketAddr, count: Arc<AtomicUsize>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { return };
                count.fetch_add(1, Ordering::SeqCst);
                connections.spawn(forward(stream, acceptor.clone(), backend));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// One connection: a handshake (which a client that does not trust the CA aborts), then
/// bytes both ways until either side closes.
async fn forward(stream: TcpStream, acceptor: TlsAcceptor, backend: SocketAddr) {
    let Ok(mut tls) = acceptor.accept(stream).await else { return };
    let Ok(mut plain) = TcpStream::connect(backend).await else { return };
    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
}
