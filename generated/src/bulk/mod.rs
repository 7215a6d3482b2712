//! Bulk runs: jobs of many calls, each target ending in exactly one outcome.
//!
//! A run streams its outcomes through a [`RunStream`], which a [`Stopper`] can stop
//! (calls not yet sent are then reported as not attempted) and whose [`RunProgress`]
//! a progress bar can follow. [`Client::batched`](crate::Client::batched) calls a
//! method that takes a list of IDs for any number of them, as the generated
//! `*_batched` methods do, and reports a [`BatchOutcome`] per call; a sweep
//! (the `sweep` module) streams one outcome per session. Either can keep a
//! [`journal`](crate::journal) and be resumed from it after a crash.

pub(crate) mod batch;
pub(crate) mod journal;
mod lock;
pub(crate) mod run;

pub use crate::stop::{StopReason, Stopper};
pub use batch::{BatchOutcome, BatchStatus};
pub use run::{RunProgress, RunStream};
