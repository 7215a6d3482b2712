//! `schema [OUTPUT]`: the JSON Schema of an output, or of every output, on stdout.

use crate::cli::SchemaArgs;
use crate::contract;
use crate::exit::{Exit, Failure};
use crate::output::{write_failure, write_json};

/// Writes the schema asked for.
pub fn run(args: &SchemaArgs) -> Result<Exit, Failure> {
    let document = match &args.output {
        Some(name) => contract::schema(name).ok_or_else(|| Failure::usage(format!("no output is named {name}")))?,
        None => contract::all(),
    };
    write_json(&document).map_err(write_failure)?;
    Ok(Exit::Done)
}
