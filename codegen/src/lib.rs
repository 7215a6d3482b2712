//! Turns the OpenAPI description of Slack's `admin.users.session.*` methods into Rust source.
//!
//! The crate is pure: spec text goes in, a list of files comes out, and nothing here touches
//! the file system. The work is a one-way pipeline of passes, each reading only what the
//! one before it produced:
//!
//! 1. `spec` reads the YAML into a serde model of the supported OpenAPI subset;
//! 2. `lower` resolves references, chooses types and names, and validates, producing [`ir`];
//! 3. `plan` lists the files the IR produces;
//! 4. `emit` turns each file's part of the IR into tokens, through `quote!` templates that
//!    read like the code they emit, and
//! 5. `format` parses each file's tokens with syn and prints them with `prettyplease`,
//!    under the `@generated` header,
//!
//! with the file jobs spread over threads by `parallel`. Every problem found along the way
//! is collected into [`Diagnostics`] rather than returned one at a time, so a maintainer
//! sees everything wrong with a spec in one run.
//!
//! Only [`ir`], [`diag`] and the entry points ([`generate`], [`lower_spec`]) are public.

pub mod diag;
mod docs;
mod emit;
mod format;
pub mod ir;
mod locate;
mod lower;
mod naming;
mod parallel;
mod path;
mod plan;
mod spec;
mod yaml;

pub use diag::{Diagnostic, Diagnostics};

pub use format::{GeneratedFile, HEADER_MARKER};

/// Generates every file of `generated/src/methods/` from the spec text, sorted by path.
///
/// `spec_path` is the spec's path as the maintainer would type it (for example
/// `spec/admin.users.session.yaml`); it appears in diagnostics and in each file's header.
pub fn generate(spec_text: &str, spec_path: &str) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let api = lower_spec(spec_text, spec_path)?;
    render(&api, parallel::available_threads()).map_err(|diags| diags.located(spec_text, spec_path))
}

/// Parses and lowers the spec into the validated IR, the step every output starts from.
pub fn lower_spec(spec_text: &str, spec_path: &str) -> Result<ir::Api, Diagnostics> {
    let document = spec::parse(spec_text).map_err(|diags| diags.located(spec_text, spec_path))?;
    lower::lower(&document, spec_path).map_err(|diags| diags.located(spec_text, spec_path))
}

/// Plans the files of `api`, then emits and formats them on at most `threads` threads.
fn render(api: &ir::Api, threads: usize) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let jobs = plan::plan(api);
    let results = parallel::map_in_order(&jobs, threads, |job| {
        format::format_file(&job.path(), emit::emit_file(*job, api), &api.spec_path)
    });
    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len());
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(Ok(file)) => files.push(file),
            Ok(Err(diagnostic)) => diags.push(diagnostic),
            // A generator bug; reported, not propagated, like every other failure.
            Err(parallel::Panicked) => diags.push(Diagnostic::new(
                "",
                format!(
                    "internal error: the generator panicked while writing `{}`; please report this together with the spec",
                    job.path()
                ),
            )),
        }
    }
    diags.finish(files)
}

/// Hooks for the workspace's benchmarks and tests: the list the tests keep in step with
/// the runtime, and rendering on a chosen number of threads, which the `codegen` bench
/// times to show what `parallel` buys. Not part of the API: it changes with the pipeline.
#[doc(hidden)]
pub mod hooks {
    use super::{ir, Diagnostics, GeneratedFile};

    /// The runtime's own `Client` methods, which no Slack method may take as its name.
    pub const RESERVED_CLIENT_FNS: &[&str] = super::lower::RESERVED_CLIENT_FNS;

    /// Plans, emits and formats every file of a lowered API on at most `threads` threads.
    pub fn render(api: &ir::Api, threads: usize) -> Result<Vec<GeneratedFile>, Diagnostics> {
        super::render(api, threads)
    }
}

#[cfg(test)]
mod tests {
    /// The parallel path is the one every run takes, so its output is pinned against a
    /// single thread: even shares, a short last share, and more threads than files.
    #[test]
    fn the_generated_files_do_not_depend_on_the_thread_count() {
        let spec = include_str!("../../spec/admin.users.session.yaml");
        let api = super::lower_spec(spec, "spec/admin.users.session.yaml").expect("the real spec lowers");
        let serial = super::render(&api, 1).expect("renders on one thread");
        for threads in [2, 3, 16] {
            let parallel = super::render(&api, threads).expect("renders on several threads");
            assert_eq!(parallel, serial, "{threads} threads changed the output");
        }
        assert_eq!(serial.len(), api.methods.len() + 3, "a file per method, types.rs, shared_errors.rs and mod.rs");
    }
}
