//! `manpage`: the tool's manual page, in roff, on stdout, made from the command line
//! `cli` describes, so that it says what `--help` says.

use std::io::Write;

use crate::cli;
use crate::exit::{Exit, Failure};
use crate::output::write_failure;

/// Writes the manual page.
pub fn run() -> Result<Exit, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cli::command()).render(&mut page).map_err(write_failure)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page).and_then(|()| out.flush()).map_err(write_failure)?;
    Ok(Exit::Done)
}
