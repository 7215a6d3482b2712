//! The spec as the generator reads it: `reader` turns the YAML text into `model`, a serde
//! model of the OpenAPI 3.0 subset the generator understands.
//!
//! Structs reject unknown keys, so a typo such as `x-slack-error` is reported instead of
//! silently dropping meaning. OpenAPI features the generator does not support are still
//! modelled (as raw values) so that `lower` can name them as "not supported" with their
//! location, rather than serde calling them unknown.
//!
//! Parsing never stops at the first problem inside a path or schema: each one is wrapped
//! in [`Checked`], which keeps either the parsed value or the reason it failed.

mod model;
mod reader;

pub use model::*;
pub use reader::parse;
