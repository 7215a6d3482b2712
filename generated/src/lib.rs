//! Typed async client for Slack's `admin.users.session.*` Web API methods.
//!
//! The guide below is the crate's README, included here so that every example in it is
//! compiled as a doctest.
#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! Every method in the spec has a request type, a response type and an error enum,
//! generated into this crate, and a method on [`Client`] named after it. The
//! hand-written runtime around them handles what every call shares:
//!
//! - **Encoding**: form bodies by default, JSON on request ([`Encoding`]).
//! - **Errors**: one [`Error`] type per method, generic over the method's error enum,
//!   which has a variant for every code Slack documents; every other failure (HTTP,
//!   redirects, timeouts, undecodable bodies) is an [`ErrorKind`], and
//!   [`Error::may_have_taken_effect`] says whether Slack may have acted anyway.
//! - **Rate limits and retries**: a side effect is never sent twice on the client's own
//!   initiative; HTTP 429 waits out Slack's whole `Retry-After` or fails at once, and
//!   other failures back off with jitter when re-sending is safe ([`RetryPolicy`]).
//! - **Pacing**: optional per-method spacing at the method's tier rate ([`Pacing`]).
//! - **Pagination**: streams of pages or items ([`Client::pages`], [`Client::paginate`]).
//! - **Per-call settings**: encoding, retry policy and timeout for one call
//!   ([`CallOptions`], [`Client::call_with`]).
//! - **Secrecy**: the [`Token`] never appears in `Debug` output, errors or logs, and
//!   redirects are never followed, so it is never sent to another host.
//! - **Testing**: with the `fake` cargo feature (off by default), the `fake` module is a
//!   fake Slack for tests: an in-process server with a model of an organization,
//!   Slack's error codes and rate limits, typed overrides and fault injection. These
//!   docs show it when built with that feature, as on docs.rs.
#![deny(missing_docs)]

mod batch;
mod builder;
mod client;
mod credentials;
mod encode;
mod envelope;
mod error;
#[cfg(feature = "fake")]
pub mod fake;
mod filter;
mod holds;
mod ip_range;
pub mod journal;
mod listing;
pub mod method;
mod network;
mod options;
mod pacing;
mod paginate;
mod retry;
mod stopping;
mod sweep;
mod token;
mod transport;
mod validate;

#[rustfmt::skip]
mod methods;

pub use batch::{BatchOutcome, BatchStatus, Batched};
pub use builder::{
    BuildError, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT,
    GOVSLACK_BASE_URL,
};
pub use client::{Answer, Client};
pub use credentials::{RefreshFailure, RotatingToken, Rotation, DEFAULT_REFRESH_MARGIN, OAUTH_V2_ACCESS};
pub use encode::Encoding;
pub use error::{ApiErrorDetail, BoxError, Error, ErrorKind, MAX_BODY_IN_ERROR};
pub use filter::SessionFilter;
pub use ip_range::{IpRange, IpRangeError};
pub use journal::{Journal, JournalEntry, JournalError, JOURNAL_VERSION};
pub use method::{ApiError, ArgumentError, ErrorCategory, Method, Paginated, RetryClass, Tier, UnknownCode};
pub use methods::*;
pub use options::CallOptions;
pub use pacing::Pacing;
pub use retry::RetryPolicy;
pub use stopping::{BatchStream, RunProgress, StopReason, Stopper};
pub use sweep::{
    PlanSeconds, PlanSummary, PlanTime, PlannedReset, Resets, SignOutPlan, SweepFailure, SweepOptions, SweepOutcome,
};
pub use token::Token;
