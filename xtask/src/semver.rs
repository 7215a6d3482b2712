//! `cargo xtask semver`: whether the generated crate's public API, as it stands, is
//! additive or breaking against a baseline revision, as cargo-semver-checks judges it.
//!
//! The verdict comes from one run with `--release-type minor`, which fails exactly on
//! the changes a minor release may not make. Only when that run finds a breaking change
//! is cargo-semver-checks run again as a release would be, deriving the release type
//! from the two versions in `generated/Cargo.toml`: a breaking change passes only with a
//! version bump that allows it (0.1 to 0.2, or 1.x to 2.0). The second run reuses the
//! first one's rustdoc builds, so it costs seconds.
//!
//! [`planted`] shows the classification on planted spec changes, in a scratch git
//! worktree: a new optional argument must come out additive, a removed error variant
//! breaking, and the same removal with the version bumped (0.1.x to 0.2.0) breaking but
//! allowed.

use std::fmt;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::{Failure, Paths};

/// The generated crate, as Cargo names it.
pub const PACKAGE: &str = "slack-admin-users-session";
/// The branch whose merge base is the default baseline.
pub const MAIN_BRANCH: &str = "main";
/// The line cargo-semver-checks prints when a check fails for the release type.
const BREAKING_SUMMARY: &str = "semver requires new major version";

/// How the generated crate's API changed since the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing under `generated/` changed.
    Unchanged,
    /// The crate changed, and no change breaks a caller.
    Additive,
    /// Some change breaks callers: the failed lints, by name, and whether the version in
    /// `generated/Cargo.toml` was bumped enough to allow it.
    Breaking {
        /// Each failed lint's heading, such as `enum_variant_missing: pub enum variant
        /// removed or renamed`.
        lints: Vec<String>,
        /// Whether cargo-semver-checks accepts the change for the two versions.
        bumped: bool,
    },
}

impl Verdict {
    /// The verdict in a word or two, without the lints: `unchanged`, `additive`,
    /// `breaking` or `breaking, bumped`.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Unchanged => "unchanged",
            Verdict::Additive => "additive",
            Verdict::Breaking { bumped: false, .. } => "breaking",
            Verdict::Breaking { bumped: true, .. } => "breaking, bumped",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Unchanged => write!(f, "unchanged: nothing under generated/ differs"),
            Verdict::Additive => write!(f, "additive: no change breaks a caller"),
            Verdict::Breaking { lints, bumped } => {
                let bump = if *bumped { "and the version bump allows it" } else { "without a version bump" };
                write!(f, "breaking, {bump}:")?;
                lints.iter().try_for_each(|lint| write!(f, "\n  {lint}"))
            }
        }
    }
}

/// The baseline revision: the one given, or the merge base of `HEAD` and `main`.
pub fn baseline(root: &Path, given: Option<&str>) -> Result<String, Failure> {
    match given {
        Some(rev) => Ok(rev.to_owned()),
        None => git(root, &["merge-base", "HEAD", MAIN_BRANCH]).map_err(|error| {
            Failure::Semver(format!("no merge base with `{MAIN_BRANCH}` ({error}); pass `--baseline REV`"))
        }),
    }
}

/// Classifies the generated crate of the workspace at `root` against `baseline`.
pub fn classify(root: &Path, baseline: &str) -> Result<Verdict, Failure> {
    require_tool()?;
    let rev = git(root, &["rev-parse", "--verify", &format!("{baseline}^{{commit}}")])
        .map_err(|error| Failure::Semver(format!("`{baseline}` is not a revision: {error}")))?;
    let changed = Command::new("git")
        .current_dir(root)
        .args(["diff", "--quiet", &rev, "--", "generated/src", "generated/Cargo.toml"])
        .status()
        .map_err(|error| Failure::Semver(format!("git: {error}")))?;
    if changed.success() {
        return Ok(Verdict::Unchanged);
    }
    let minor = semver_checks(root, &rev, Some("minor"))?;
    let Some(lints) = breaking_lints(&minor)? else { return Ok(Verdict::Additive) };
    let release = semver_checks(root, &rev, None)?;
    Ok(Verdict::Breaking { lints, bumped: breaking_lints(&release)?.is_none() })
}

/// One cargo-semver-checks run over the generated crate against `rev`, with the
/// release type given or derived from the versions.
fn semver_checks(root: &Path, rev: &str, release_type: Option<&str>) -> Result<Output, Failure> {
    let manifest = root.join("Cargo.toml");
    let mut command = Command::new("cargo");
    command.current_dir(root).arg("semver-checks").arg("--manifest-path").arg(&manifest);
    command.args(["--package", PACKAGE, "--baseline-rev", rev, "--color", "never"]);
    if let Some(release_type) = release_type {
        command.args(["--release-type", release_type]);
    }
    command.output().map_err(|error| Failure::Semver(format!("cargo semver-checks: {error}")))
}

/// The failed lints of a run that found a breaking change; `None` for a clean run. A
/// run that failed for any other reason (a build error, a missing revision) is an error
/// carrying its output.
fn breaking_lints(output: &Output) -> Result<Option<Vec<String>>, Failure> {
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        return Ok(None);
    }
    if !text.contains(BREAKING_SUMMARY) {
        return Err(Failure::Semver(format!("cargo semver-checks could not check the crate:\n{text}")));
    }
    let lints = text.lines().filter_map(|line| line.strip_prefix("--- failure ")?.strip_suffix(" ---"));
    Ok(Some(lints.map(str::to_owned).collect()))
}

/// Fails with how to install cargo-semver-checks when it is not on `PATH`.
fn require_tool() -> Result<(), Failure> {
    let found = Command::new("cargo").args(["semver-checks", "--version"]).output();
    match found {
        Ok(output) if output.status.success() => Ok(()),
        _ => Err(Failure::Semver(
            "cargo-semver-checks is not installed; run `cargo install --locked cargo-semver-checks`".to_owned(),
        )),
    }
}

/// Runs `git` in `dir` and returns its trimmed standard output.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git").current_dir(dir).args(args).output().map_err(|error| error.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// A spec change planted to show the classification, and the verdict it must get.
struct Plant {
    /// What the change is, for the report.
    name: &'static str,
    /// Where in the spec the edit starts looking.
    anchor: &'static str,
    /// The text replaced, the first after `anchor`.
    old: &'static str,
    /// Its replacement.
    new: &'static str,
    /// Whether the plant also bumps the crate's version as a breaking release must.
    bump: bool,
    /// The verdict it must get, as [`Verdict::kind`] says it.
    expected: &'static str,
}

const PLANTS: [Plant; 3] = [
    Plant {
        name: "a new optional argument on reset",
        anchor: "    AdminUsersSessionResetRequest:",
        old: "      required: [user_id]\n",
        new: "        reason:\n          type: string\n          description: Why.\n      required: [user_id]\n",
        bump: false,
        expected: "additive",
    },
    Plant {
        name: "an error variant removed from resetBulk",
        anchor: "/admin.users.session.resetBulk:",
        old: "        - $ref: '#/components/x-slack-errors/cannot_reset_bot'\n",
        new: "",
        bump: false,
        expected: "breaking",
    },
    Plant {
        name: "an error variant removed from resetBulk, with the version bumped",
        anchor: "/admin.users.session.resetBulk:",
        old: "        - $ref: '#/components/x-slack-errors/cannot_reset_bot'\n",
        new: "",
        bump: true,
        expected: "breaking, bumped",
    },
];

/// Plants each change in a scratch worktree of `HEAD`, regenerates there and classifies
/// it against `HEAD`; fails if a verdict is not the expected one. Returns each plant's
/// name with its verdict.
pub fn planted(root: &Path) -> Result<Vec<(&'static str, Verdict)>, Failure> {
    require_tool()?;
    let scratch = std::env::temp_dir().join(format!("slack-semver-plant-{}", std::process::id()));
    git(root, &["worktree", "add", "--detach", &scratch.to_string_lossy(), "HEAD"])
        .map_err(|error| Failure::Semver(format!("cannot make a scratch worktree: {error}")))?;
    let result = PLANTS.iter().map(|plant| classify_plant(&scratch, plant)).collect();
    // Best effort: the worktree is scratch space, and a leftover one is pruned by git.
    let _ = git(root, &["worktree", "remove", "--force", &scratch.to_string_lossy()]);
    result
}

/// Applies one plant to a clean scratch worktree, regenerates and classifies it.
fn classify_plant(scratch: &Path, plant: &Plant) -> Result<(&'static str, Verdict), Failure> {
    git(scratch, &["checkout", "--", "."]).map_err(Failure::Semver)?;
    let paths = Paths::workspace(scratch);
    let spec = fs::read_to_string(&paths.spec).map_err(crate::io_error(&paths.spec))?;
    let edited = edit(&spec, plant.anchor, plant.old, plant.new)
        .ok_or_else(|| Failure::Semver(format!("the spec no longer has the text to plant {}", plant.name)))?;
    fs::write(&paths.spec, edited).map_err(crate::io_error(&paths.spec))?;
    crate::write(&paths)?;
    if plant.bump {
        bump_version(scratch)?;
    }
    let verdict = classify(scratch, "HEAD")?;
    if verdict.kind() != plant.expected {
        return Err(Failure::Semver(format!("{} was classified {verdict}", plant.name)));
    }
    Ok((plant.name, verdict))
}

/// Bumps the generated crate's version in the scratch worktree to the next release that
/// may break callers, whatever the version is now.
fn bump_version(scratch: &Path) -> Result<(), Failure> {
    let manifest = scratch.join("generated/Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(crate::io_error(&manifest))?;
    let unreadable = || Failure::Semver("generated/Cargo.toml has no `version = \"X.Y.Z\"` line to bump".to_owned());
    let line = text.lines().find(|line| line.starts_with("version = ")).ok_or_else(unreadable)?;
    let current = line.trim_start_matches("version = ").trim_matches('"');
    let next = next_breaking(current).ok_or_else(unreadable)?;
    let bumped = edit(&text, "[package]", line, &format!("version = \"{next}\"")).ok_or_else(unreadable)?;
    fs::write(&manifest, bumped).map_err(crate::io_error(&manifest))?;
    follow_in_the_tool(scratch, &next)
}

/// Makes the `slack-sessions` package's requirements on the generated crate accept the
/// bumped version, since the workspace would not resolve otherwise.
fn follow_in_the_tool(scratch: &Path, version: &str) -> Result<(), Failure> {
    let manifest = scratch.join("generated/cli/Cargo.toml");
    let Ok(text) = fs::read_to_string(&manifest) else { return Ok(()) };
    let requirement = |line: &str| {
        let (before, rest) = line.split_once("version = \"")?;
        let (_, after) = rest.split_once('"')?;
        Some(format!("{before}version = \"{version}\"{after}"))
    };
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with("slack-admin-users-session = ") {
                requirement(line).unwrap_or_else(|| line.to_owned())
            } else {
                line.to_owned()
            }
        })
        .collect();
    fs::write(&manifest, lines.join("\n") + "\n").map_err(crate::io_error(&manifest))
}

/// The first version after `version` that Cargo lets break callers: the next minor
/// release before 1.0 (0.1.3 to 0.2.0), the next major one after (1.4.0 to 2.0.0).
fn next_breaking(version: &str) -> Option<String> {
    let mut parts = version.split('.').map(|part| part.parse::<u64>().ok());
    let (Some(Some(major)), Some(Some(minor)), Some(Some(_)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(if major == 0 { format!("0.{}.0", minor + 1) } else { format!("{}.0.0", major + 1) })
}

/// `text` with the first `old` after `anchor` replaced by `new`; `None` when there is no
/// such text. The plants here use it, and so do spec-diff's tests, which plant changes
/// in the same way.
pub fn edit(text: &str, anchor: &str, old: &str, new: &str) -> Option<String> {
    let start = text.find(anchor)?;
    let at = start + text[start..].find(old)?;
    Some(format!("{}{new}{}", &text[..at], &text[at + old.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    fn output(code: i32, stdout: &str) -> Output {
        Output { status: ExitStatus::from_raw(code << 8), stdout: stdout.as_bytes().to_vec(), stderr: Vec::new() }
    }

    #[test]
    fn a_failed_run_names_its_lints_and_a_broken_run_is_an_error() {
        let failed = "--- failure enum_variant_missing: pub enum variant removed or renamed ---\n\
                      Summary semver requires new major version: 1 major and 0 minor checks failed\n";
        let lints = breaking_lints(&output(100, failed)).ok().flatten();
        assert_eq!(lints, Some(vec!["enum_variant_missing: pub enum variant removed or renamed".to_owned()]));
        assert_eq!(breaking_lints(&output(0, "Summary no semver update required")).ok(), Some(None));
        assert!(matches!(breaking_lints(&output(1, "error: could not compile")), Err(Failure::Semver(_))));
    }

    #[test]
    fn a_breaking_release_bumps_the_minor_version_before_1_0_and_the_major_after() {
        assert_eq!(next_breaking("0.1.0").as_deref(), Some("0.2.0"));
        assert_eq!(next_breaking("0.2.7").as_deref(), Some("0.3.0"));
        assert_eq!(next_breaking("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(next_breaking("1.4"), None);
        assert_eq!(next_breaking("1.4.2-rc.1"), None);
    }

    #[test]
    fn plants_apply_to_the_real_spec() {
        let spec = std::fs::read_to_string(crate::workspace_root().join(crate::DEFAULT_SPEC)).expect("the spec");
        for plant in &PLANTS {
            let edited = edit(&spec, plant.anchor, plant.old, plant.new);
            assert!(edited.is_some_and(|text| text != spec), "{} does not apply", plant.name);
        }
    }
}
