//! The contract between the generated files in `methods/` and the hand-written runtime:
//! every runtime item that generated code names, re-exported under one path.
//!
//! Generated code names nothing else of the crate (`crate::runtime::…` only), so a
//! runtime item can move between modules without a change to the generator or a
//! regeneration; this file is the one place to update. The runtime, in turn, never
//! reads generated items: what a generated file must hand the runtime (its table of
//! shared error categories) goes in as an argument to `documented_error!`.

// The contract lists every item the generator can emit; a spec without some construct
// (a string enum, an exactly-one rule) leaves its items unused.
#![allow(unused_imports)]

pub(crate) use crate::bulk::{BatchOutcome, RunStream};
pub(crate) use crate::client::Client;
pub(crate) use crate::encode::{field, form_fields, FormValue};
pub(crate) use crate::error::Error;
pub(crate) use crate::method::{
    documented_error, ArgumentError, Batched, Encoding, ErrorCategory, Method, Paginated, RetryClass, Tier, UnknownCode,
};
pub(crate) use crate::validate::{all_or_none, at_least_one, exactly_one, int_range, item_count, unique_items};
