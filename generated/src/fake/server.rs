//! The fake's HTTP/1.1 server on hyper: it reads each request into a [`Call`], waits
//! out an injected delay, and writes the [`Reply`] back, cutting the connection when
//! the reply says so.

use std::convert::Infallible;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{stream, StreamExt};

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::faults::Fault;
use super::service::{Call, Reply, Shared};

/// The largest request body the fake reads; Slack's own limit is far above what these
/// methods send.
const MAX_BODY: usize = 1 << 20;

/// How long a cut reply waits between its half body and the cut.
const CUT_PAUSE: Duration = Duration::from_millis(20);

type Body = BoxBody<Bytes, io::Error>;

/// The header Slack names each answer with.
const REQUEST_ID: &str = "x-slack-req-id";

/// Accepts connections until the task is aborted. Each connection runs in the
/// `JoinSet`, so aborting this task drops the set and ends every connection with it:
/// nothing outlives the `FakeSlack` that owns the task.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _peer)) = listener.accept().await else {
            continue;
        };
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let service = service_fn(move |request| respond(Arc::clone(&shared), request));
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service);
            // A client that hangs up early, or a reply that cuts the body on purpose,
            // ends the connection with an error that concerns nobody.
            let _ = connection.await;
        });
        while connections.try_join_next().is_some() {}
    }
}

/// Answers one request, with Slack's `X-Slack-Req-Id` on every answer.
async fn respond(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let id = shared.request_id();
    let mut response = reply_to(shared, request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(response)
}

async fn reply_to(shared: Arc<Shared>, request: Request<Incoming>) -> Response<Body> {
    let Some(call) = read_call(request).await else {
        return text(StatusCode::PAYLOAD_TOO_LARGE);
    };
    let fault = shared.take_fault(&call);
    let Some(Fault::Delay(delay)) = fault else {
        return write_reply(shared.answer(&call, fault));
    };
    // A slow Slack still acts on a call whose client has given up waiting, so the
    // delayed answer runs to the end on a task of its own, even after the connection
    // is gone: the call is logged, counted and applied to the model either way.
    let answer = tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        shared.answer(&call, None)
    });
    match answer.await {
        Ok(reply) => write_reply(reply),
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// The request's method, token, content type and body; `None` when the body is too
/// large or breaks off.
async fn read_call(request: Request<Incoming>) -> Option<Call> {
    let (parts, body) = request.into_parts();
    let header = |name| parts.headers.get(name).and_then(|value: &HeaderValue| value.to_str().ok()).map(str::to_owned);
    let body = Limited::new(body, MAX_BODY).collect().await.ok()?.to_bytes();
    Some(Call {
        method: parts.uri.path().trim_start_matches('/').to_owned(),
        authorization: header(AUTHORIZATION),
        content_type: header(CONTENT_TYPE),
        body: body.to_vec(),
    })
}

fn write_reply(reply: Reply) -> Response<Body> {
    match reply {
        Reply::Json { status, retry_after, body } => {
            let mut response = json(status, Full::new(Bytes::from(body.to_string())).map_err(never).boxed());
            if let Some(wait) = retry_after.and_then(|wait| HeaderValue::from_str(&wait).ok()) {
                response.headers_mut().insert(RETRY_AFTER, wait);
            }
            response
        }
        Reply::Text { status, content_type, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = Response::new(Full::new(Bytes::from(body)).map_err(never).boxed());
            *response.status_mut() = status;
            let content_type = HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("text/plain"));
            response.headers_mut().insert(CONTENT_TYPE, content_type);
            response
        }
        Reply::Cut { body } => cut(body.to_string().into_bytes()),
    }
}

/// Announces the whole body's length, sends its first half, then fails the body,
/// which makes hyper close the connection mid-body. The pause before the failure lets
/// hyper flush the headers and the half body first, so the client really receives
/// them and the cut happens inside the body.
fn cut(full: Vec<u8>) -> Response<Body> {
    let length = full.len();
    let half = Bytes::from(full).slice(..length / 2);
    let failure = async {
        tokio::time::sleep(CUT_PAUSE).await;
        Err(io::Error::new(io::ErrorKind::ConnectionAborted, "cut by a fault"))
    };
    let frames = stream::iter([Ok(Frame::data(half))]).chain(stream::once(failure));
    let mut response = json(200, BodyExt::boxed(StreamBody::new(frames)));
    response.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}

fn json(status: u16, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

fn text(status: StatusCode) -> Response<Body> {
    let body = format!("fake Slack: HTTP {status}");
    let mut response = Response::new(Full::new(Bytes::from(body)).map_err(never).boxed());
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

fn never(never: Infallible) -> io::Error {
    match never {}
}
