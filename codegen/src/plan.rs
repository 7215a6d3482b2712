//! Plans the output: which files the API produces, in the order they are returned.
//!
//! A plan is plain data, so it can be split across threads; each job is emitted and
//! formatted where it runs (token streams cannot cross threads).

use crate::ir::{Api, Method};

/// One file to emit and format.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FileJob<'a> {
    /// A Slack method's file: its request, response, error enum and client method.
    Method(&'a Method),
    /// `types.rs`: the object types several responses share, and the string enums.
    Shared,
    /// `shared_errors.rs`: the categories of the error rows the spec shares between
    /// methods, which every error enum falls back to.
    SharedErrors,
    /// `mod.rs`: the module declarations and re-exports.
    Index,
}

impl FileJob<'_> {
    /// The file's path relative to the output folder.
    pub(crate) fn path(&self) -> String {
        match self {
            FileJob::Method(method) => format!("{}.rs", method.fn_name),
            FileJob::Shared => "types.rs".to_owned(),
            FileJob::SharedErrors => "shared_errors.rs".to_owned(),
            FileJob::Index => "mod.rs".to_owned(),
        }
    }
}

/// Every file of the generated folder, sorted by path, which is the order `generate`
/// returns them in.
pub(crate) fn plan(api: &Api) -> Vec<FileJob<'_>> {
    let mut jobs: Vec<FileJob<'_>> = api.methods.iter().map(FileJob::Method).collect();
    if !api.shared.is_empty() || !api.enums.is_empty() {
        jobs.push(FileJob::Shared);
    }
    jobs.push(FileJob::SharedErrors);
    jobs.push(FileJob::Index);
    jobs.sort_by_cached_key(FileJob::path);
    jobs
}
