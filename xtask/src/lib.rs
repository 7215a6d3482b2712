//! The work behind `cargo xtask gen`: generate in memory, then check or write atomically.
//!
//! This is the only place in the workspace that touches the file system on the
//! generator's behalf. It is a library as well as a binary so that the drift test in
//! `tests/` runs exactly the check CI runs.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::{Diagnostics, GeneratedFile, HEADER_MARKER};

pub mod conformance;
pub mod corpus;
pub mod semver;
pub mod spec_diff;
pub mod synth;

/// The spec and output folder, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/admin.users.session.yaml";
/// The folder `cargo xtask gen` owns.
pub const DEFAULT_OUT: &str = "generated/src/methods";

/// Where to read the spec and where the generated files go.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The spec file.
    pub spec: PathBuf,
    /// The folder of generated files.
    pub out: PathBuf,
    /// How the spec is named in headers and diagnostics: relative to the workspace
    /// root when possible, so output does not depend on where the checkout lives.
    pub spec_label: String,
}

impl Paths {
    /// The defaults for this workspace, rooted at `root`.
    pub fn workspace(root: &Path) -> Paths {
        Paths::new(root, &root.join(DEFAULT_SPEC), &root.join(DEFAULT_OUT))
    }

    /// Explicit paths; `root` only shortens the spec's label.
    pub fn new(root: &Path, spec: &Path, out: &Path) -> Paths {
        Paths { spec: spec.to_owned(), out: out.to_owned(), spec_label: label(root, spec) }
    }
}

/// How a file is named in headers and messages: relative to the workspace root when
/// possible, so output does not depend on where the checkout lives.
pub fn label(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    // The root component's own text is the separator, so joining it with `/` would
    // double it; an empty first part gives the single leading slash instead.
    let parts: Vec<_> = relative
        .components()
        .map(|part| match part {
            std::path::Component::RootDir => "".into(),
            other => other.as_os_str().to_string_lossy(),
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_labels_are_relative_to_the_root_or_absolute_with_one_slash() {
        let root = Path::new("/work/repo");
        let inside = Paths::new(root, &root.join("spec/api.yaml"), &root.join("out"));
        assert_eq!(inside.spec_label, "spec/api.yaml");
        let outside = Paths::new(root, Path::new("/abs/path/spec.yaml"), Path::new("/abs/out"));
        assert_eq!(outside.spec_label, "/abs/path/spec.yaml");
    }

    #[test]
    fn a_crlf_checkout_is_the_same_text_and_other_bytes_are_not() {
        assert!(same_text(b"a\nb\n", "a\nb\n"));
        assert!(same_text(b"a\r\nb\r\n", "a\nb\n"));
        assert!(!same_text(b"a\nc\n", "a\nb\n"));
        assert!(!same_text(b"a\r\nc\r\n", "a\nb\n"));
        assert!(!same_text(b"\xff\r\n", "a\n"));
    }
}

/// The workspace root, found from this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// The exit codes scripts and CI read, each named once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// `gen --check` found drift, `conformance` found the spec or client out of step, or
    /// `spec-diff` found an unlisted difference from Slack's data or a stale entry.
    Drift = 1,
    /// The spec (or, for `spec-diff`, its vendored data or divergences file) has
    /// problems; nothing was written.
    BadSpec = 2,
    /// A file could not be read or written; the output folder is unchanged.
    Io = 3,
    /// `synth-check` found output that does not compile or document cleanly.
    Synth = 4,
    /// `semver` found a breaking change to the generated crate without a version bump,
    /// or cargo-semver-checks could not run.
    Semver = 5,
    /// The command line was not understood (BSD's `EX_USAGE`).
    Usage = 64,
}

/// Why a command failed. Each kind carries its exit code ([`Failure::exit`]).
#[derive(Debug)]
pub enum Failure {
    /// The command line was not understood.
    Usage(String),
    /// `gen --check` found the output folder out of date with the spec.
    Drift(Vec<Drift>),
    /// The spec has problems; nothing was written.
    BadSpec(Diagnostics),
    /// Reading or writing a file failed; the output folder is unchanged.
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
    /// The synthetic spec's output did not compile or document cleanly.
    Synth(String),
    /// The spec or the generated client disagrees with the OpenAPI tools.
    Conformance(String),
    /// `spec-diff` found a difference from Slack's data that `spec/divergences.yaml`
    /// does not list, or an entry there that no longer differs.
    SpecDiff(spec_diff::Report),
    /// The vendored Slack data or the divergences file cannot be read as what it should
    /// be; the message names the file.
    BadData(String),
    /// `semver` found a breaking change to the generated crate without a version bump,
    /// or cargo-semver-checks could not run.
    Semver(String),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit(&self) -> Exit {
        match self {
            Failure::Usage(_) => Exit::Usage,
            Failure::Drift(_) | Failure::Conformance(_) | Failure::SpecDiff(_) => Exit::Drift,
            Failure::BadSpec(_) | Failure::BadData(_) => Exit::BadSpec,
            Failure::Io { .. } => Exit::Io,
            Failure::Synth(_) => Exit::Synth,
            Failure::Semver(_) => Exit::Semver,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) => write!(f, "error: {message}"),
            Failure::Drift(drift) => {
                for item in drift {
                    writeln!(f, "error: {item}")?;
                }
                write!(f, "run `cargo xtask gen` and commit the result")
            }
            Failure::BadSpec(diags) => write!(f, "{diags}"),
            Failure::Io { path, error } => write!(f, "error: {}: {error}", path.display()),
            Failure::Synth(message) => write!(f, "error: {message}"),
            Failure::Conformance(message) => write!(f, "error: conformance failed: {message}"),
            Failure::SpecDiff(report) => write!(f, "{report}"),
            Failure::BadData(message) => write!(f, "error: {message}"),
            Failure::Semver(message) => write!(f, "error: {message}"),
        }
    }
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Failure + '_ {
    move |error| Failure::Io { path: path.to_owned(), error }
}

/// One way the output folder differs from what the spec produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file exists with other contents.
    Stale(String),
    /// The file should exist but does not.
    Missing(String),
    /// A generated file the spec no longer produces.
    Orphaned(String),
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Stale(path) => write!(f, "`{path}` is stale"),
            Drift::Missing(path) => write!(f, "`{path}` is missing"),
            Drift::Orphaned(path) => write!(f, "`{path}` is no longer produced by the spec"),
        }
    }
}

/// Generates every file in memory.
pub fn generate(paths: &Paths) -> Result<Vec<GeneratedFile>, Failure> {
    let text = fs::read_to_string(&paths.spec).map_err(io_error(&paths.spec))?;
    codegen::generate(&text, &paths.spec_label).map_err(Failure::BadSpec)
}

/// Compares the output folder with what the spec produces, changing nothing.
pub fn check(paths: &Paths) -> Result<Vec<Drift>, Failure> {
    compare(&paths.out, &generate(paths)?)
}

/// How the output folder differs from `files`.
fn compare(out: &Path, files: &[GeneratedFile]) -> Result<Vec<Drift>, Failure> {
    let mut drift = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match fs::read(&path) {
            Ok(current) if same_text(&current, &file.contents) => {}
            Ok(_) => drift.push(Drift::Stale(file.path.clone())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => drift.push(Drift::Missing(file.path.clone())),
            Err(error) => return Err(Failure::Io { path, error }),
        }
    }
    for name in file_names(out)? {
        // Only a file the spec does not produce is opened again, to look for the header.
        if !files.iter().any(|f| f.path == name) && carries_header(&out.join(&name)) {
            drift.push(Drift::Orphaned(name));
        }
    }
    Ok(drift)
}

/// Whether a file on disk holds the generated text. Git may check files out with CRLF on
/// Windows; that is not drift. The bytes are compared first, which is all a checkout with
/// LF endings needs.
fn same_text(current: &[u8], generated: &str) -> bool {
    current == generated.as_bytes()
        || (current.contains(&b'\r')
            && std::str::from_utf8(current).is_ok_and(|text| text.replace("\r\n", "\n") == generated))
}

/// What a write changed.
#[derive(Debug, Default)]
pub struct Written {
    /// Files whose contents changed or that are new.
    pub changed: Vec<String>,
    /// Generated files removed because the spec no longer produces them.
    pub removed: Vec<String>,
}

/// Regenerates the output folder. Everything is written to a fresh folder beside it,
/// which replaces the old one only when every file is in place, so a failure at any
/// point leaves the existing folder byte-for-byte as it was.
pub fn write(paths: &Paths) -> Result<Written, Failure> {
    let files = generate(paths)?;
    recover_interrupted_swap(&paths.out)?;
    let existed = paths.out.exists();
    let drift = if existed { compare(&paths.out, &files)? } else { Vec::new() };
    let staging = sibling(&paths.out, "new");
    let result = stage(paths, &files, &staging).and_then(|()| swap(&paths.out, &staging));
    if result.is_err() {
        // Best effort: the staging folder is scratch space and never the user's data.
        let _ = fs::remove_dir_all(&staging);
    }
    result?;
    let mut written = Written::default();
    for item in drift {
        match item {
            Drift::Stale(path) | Drift::Missing(path) => written.changed.push(path),
            Drift::Orphaned(path) => written.removed.push(path),
        }
    }
    if !existed {
        written.changed = files.iter().map(|f| f.path.clone()).collect();
    }
    Ok(written)
}

/// A run stopped between the two renames of [`swap`] leaves the old folder beside a
/// missing output folder; putting it back first means its hand-written files survive.
fn recover_interrupted_swap(out: &Path) -> Result<(), Failure> {
    let old = sibling(out, "old");
    if !out.exists() && old.is_dir() {
        fs::rename(&old, out).map_err(io_error(out))?;
    }
    Ok(())
}

/// Fills `staging` with the generated files plus any hand-written files and folders
/// already in the output folder, which are kept as they are unless the spec now produces
/// a file of the same name.
fn stage(paths: &Paths, files: &[GeneratedFile], staging: &Path) -> Result<(), Failure> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(io_error(staging))?;
    }
    fs::create_dir_all(staging).map_err(io_error(staging))?;
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&path, &file.contents).map_err(io_error(&path))?;
    }
    for name in hand_written_files(&paths.out)? {
        if files.iter().any(|f| f.path == name) {
            continue;
        }
        let from = paths.out.join(&name);
        fs::copy(&from, staging.join(&name)).map_err(io_error(&from))?;
    }
    for name in folders_in(&paths.out)? {
        copy_tree(&paths.out.join(&name), &staging.join(&name))?;
    }
    Ok(())
}

/// The generator writes only files directly in the output folder, so any folder in it is
/// the maintainer's and moves over whole.
fn copy_tree(from: &Path, to: &Path) -> Result<(), Failure> {
    fs::create_dir_all(to).map_err(io_error(to))?;
    for entry in fs::read_dir(from).map_err(io_error(from))? {
        let entry = entry.map_err(io_error(from))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_tree(&source, &target)?;
        } else {
            fs::copy(&source, &target).map_err(io_error(&source))?;
        }
    }
    Ok(())
}

/// The folders directly in `out`, by name.
fn folders_in(out: &Path) -> Result<Vec<String>, Failure> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Failure::Io { path: out.to_owned(), error }),
    };
    let mut folders = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(out))?;
        if entry.path().is_dir() {
            folders.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(folders)
}

/// Replaces `out` with `staging` using renames, restoring `out` if the second one fails.
fn swap(out: &Path, staging: &Path) -> Result<(), Failure> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(io_error(out));
    }
    let old = sibling(out, "old");
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_error(&old))?;
    }
    fs::rename(out, &old).map_err(io_error(out))?;
    if let Err(error) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(Failure::Io { path: out.to_owned(), error });
    }
    // The new output is in place, so the run succeeded; the old copy is only scratch
    // space now, and the next run clears it before swapping.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// The files in `out` that do not start with the generated header.
fn hand_written_files(out: &Path) -> Result<Vec<String>, Failure> {
    Ok(file_names(out)?.into_iter().filter(|name| !carries_header(&out.join(name))).collect())
}

/// The name of every file directly in `out`, sorted; none if `out` does not exist.
fn file_names(out: &Path) -> Result<Vec<String>, Failure> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Failure::Io { path: out.to_owned(), error }),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(out))?;
        if entry.path().is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Whether the file starts with the generated header; a file that cannot be read as text
/// does not, so it is never taken for generated output and deleted.
fn carries_header(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|text| text.starts_with(HEADER_MARKER))
}
