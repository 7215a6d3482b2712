//! Typed async client for Slack's `admin.users.session.*` Web API methods.
//!
//! The guide below is the crate's README, included here so that every example in it is
//! compiled as a doctest.
#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! The crate root holds what a single call needs; the modules hold the rest.
//!
//! - **The root: one call.** [`Client`], its [`ClientBuilder`] and per-call
//!   [`CallOptions`]; the token ([`Token`], or [`RotatingToken`] for Slack's token
//!   rotation); the errors ([`Error`], [`ErrorKind`], [`BuildError`]); the
//!   [`RetryPolicy`] and [`Pacing`]; and, generated from the spec, every method's
//!   request, response and error enum (`AdminUsersSessionResetRequest`, …) with a
//!   method on [`Client`] named after it.
//!   - **Errors**: one [`Error`] type per method, generic over the method's error enum,
//!     which has a variant for every code Slack documents; every other failure (HTTP,
//!     redirects, timeouts, undecodable bodies) is an [`ErrorKind`], and
//!     [`Error::may_have_taken_effect`] says whether Slack may have acted anyway.
//!   - **Rate limits and retries**: a side effect is never sent twice on the client's
//!     own initiative; HTTP 429 waits out Slack's whole `Retry-After` or fails at once,
//!     and other failures back off with jitter when re-sending is safe.
//!   - **Secrecy**: the [`Token`] never appears in `Debug` output, errors or logs, and
//!     redirects are never followed, so it is never sent to another host.
//! - [`method`]: what every generated method shares: the [`Method`](method::Method)
//!   trait and its facts ([`Tier`](method::Tier), [`Encoding`](method::Encoding)),
//!   error codes' [`ErrorCategory`](method::ErrorCategory) and
//!   [`RetryClass`](method::RetryClass), and [`Paginated`](method::Paginated) and
//!   [`Batched`](method::Batched) for methods that page or take lists of IDs.
//! - [`bulk`]: jobs of many calls: [`RunStream`](bulk::RunStream) of outcomes, its
//!   [`Stopper`](bulk::Stopper) and [`RunProgress`](bulk::RunProgress), and the
//!   outcomes of batched calls.
//! - [`journal`]: the JSON Lines record of a bulk job, which lets a crashed job resume.
//! - [`sweep`]: ending the sessions a [`SessionFilter`](sweep::SessionFilter) matches,
//!   in the fewest calls, confirmed by listing.
//! - `fake` (cargo feature `fake`, off by default): a fake Slack for tests, an
//!   in-process server with a model of an organization, Slack's error codes and rate
//!   limits, typed overrides and fault injection. These docs show it when built with
//!   that feature, as on docs.rs.
#![deny(missing_docs)]

// The layers, from the bottom up: the client core at the root, `bulk`, the `runtime`
// contract, the generated `methods`, `sweep` and `fake`. Each imports only from the
// layers below it, and the client core never names a generated type; the test
// `tests/layers.rs` holds both rules and forbids import cycles.
mod builder;
mod cause;
mod client;
mod credentials;
mod encode;
mod envelope;
mod error;
mod holds;
mod ip_range;
pub mod method;
mod network;
mod options;
mod pacing;
mod paginate;
mod retry;
mod stop;
mod token;
mod transport;
mod validate;

// Jobs of many calls, which the generated `*_batched` wrappers call.
pub mod bulk;

// The one path generated code names.
mod runtime;

// Generated from the spec by `cargo xtask gen`.
#[rustfmt::skip]
mod methods;

// Written on top of the generated methods.
pub mod sweep;

#[cfg(feature = "fake")]
pub mod fake;

pub mod journal {
    //! The job journal: an append-only JSON Lines record of a bulk job (its plan, every call
    //! sent and answered, every confirmation and outcome), written as the job runs so that
    //! a resumed run knows what was done.
    //!
    //! # Format, version 2
    //!
    //! One JSON object a line, each with a `type`:
    //!
    //! | `type` | When | Fields |
    //! |---|---|---|
    //! | `job` | first line | `version` (2), `job` (`sweep` or `batched`), `started_ms`; whose job it is and why: `operator` (the token owner's user ID), `org` (the organization's ID), `base_url`, `tool` (the program and its version), `reason` (the operator's words, such as an incident number); a sweep's `filter` (a description, for people), `tests` (the filter as data: `{"ip": "203.0.113.0/24"}`, `"mobile"`, …), `resets` (`{full, mobile}`: which resets it may use), `protected` (users whose sessions it never ends), `applied` (it runs a saved plan and adds no new matches); a `batched` job's `method`, `ids` and `arguments` |
    //! | `plan` | before the plan's first call, and again for every re-plan | `calls` (`list`, `reset_bulk`, `invalidate`), `targets` (`session_id`, `user_id`, `team_id`, `via`: `reset`, `mobile_reset` or `invalidate`) |
    //! | `sent` | before each call goes out | `call` (its number in the job), `method`, `user_ids` or `session_id` and `user_id`, `mobile_only`, `at_ms` |
    //! | `answered` | when the call ends | `call`, `ok`, `error` (Slack's code or the failure), `may_have_taken_effect`, `not_sent`, `request_id` (Slack's), `at_ms` |
    //! | `confirmation` | after each confirming listing | `round`, `listed`, `gone`, `still_listed`, `new_matches`, `at_ms` |
    //! | `outcome` | when a target's fate is known | `user_id` (the ID, for a `batched` job), `session_id` (a sweep's), `outcome`, `reason`, `code` (Slack's, for a failure), `refused` (Slack refused the target for a reason about it), `may_have_taken_effect` |
    //! | `note` | a run that did not go on: a resume that could not list, or whose token Slack refused; confirmation that never listed again | `note`, `at_ms` |
    //! | `end` | when the job finishes | `at_ms` |
    //!
    //! Version 1 journals (without the `job` line's owner and reason, the outcome's
    //! `code`, `refused` and `may_have_taken_effect`, and `note` lines) are still read.
    //!
    //! Listing pages change nothing, so they get no `sent` lines: a sweep's first listing is
    //! summed up in its `plan` line (`calls.list`), and each confirming listing in a
    //! `confirmation` line.
    //!
    //! A target's last `outcome` line is its outcome in the job
    //! ([`latest_outcomes`] reads them all). A resumed run leaves a target alone when
    //! that outcome is settled ([`OutcomeRecord::is_settled`]): `ended`, `already_ended`,
    //! `still_active`, `skipped`, `done`, and `failed` only when Slack refused the
    //! target for a reason about it (or a batched call may have acted, which only a
    //! listing could tell). Any other failure, `not_attempted` and `unconfirmed` are
    //! taken up again, a sweep's after a listing shows what is still there. Times are
    //! milliseconds since the Unix epoch.
    //!
    //! Every line is written with one `write` call and fsynced to disk before the next call
    //! is sent ([`Journal::sync_each_line`]). A process killed mid-line leaves at most a
    //! torn last line, which [`read_journal`] skips and [`Journal::append`] cuts off. A
    //! journal is written by one process at a time: [`Journal`] holds an exclusive lock
    //! beside it (`<journal>.lock`) and names its holder to a second process.

    pub use crate::bulk::journal::*;
}

pub use builder::ClientBuilder;
pub use client::{Answer, Client};
pub use credentials::{RefreshFailure, RotatingToken, Rotation};
pub use error::{ApiErrorDetail, BoxError, BuildError, Error, ErrorKind};
pub use methods::*;
pub use options::CallOptions;
pub use pacing::Pacing;
pub use retry::RetryPolicy;
pub use token::Token;
