//! One module per subcommand, each the glue between its clap arguments in `cli` and the
//! library: it checks what the command line asked, calls the library, and hands the
//! answers to the shared report. Jobs that several subcommands run (a batched job over
//! users, a sweep over sessions) are the modules beside `main.rs`, so no subcommand
//! imports another.

pub mod apply;
pub mod completions;
pub mod demo;
pub mod invalidate;
pub mod list;
pub mod manpage;
pub mod reset;
pub mod reset_bulk;
pub mod resume;
pub mod schema;
pub mod settings;
pub mod sweep;
