//! `cargo xtask`: maintainer commands for this workspace.
//!
//! The command line is parsed into one [`Command`], which runs to success or to one
//! [`Failure`]; the failure decides the exit code (see [`xtask::Exit`]).

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Exit, Failure, Paths};

const USAGE: &str = "\
usage: cargo xtask gen [--check] [--spec PATH] [--out DIR]
       cargo xtask synth-check [--methods N]
       cargo xtask corpus-check
       cargo xtask spec-diff [--spec PATH] [--data DIR] [--divergences PATH]
       cargo xtask semver [--baseline REV | --planted]
       cargo xtask conformance

  gen           regenerate generated/src/methods/ from spec/admin.users.session.yaml
  --check       change nothing; fail if the generated files are stale, missing or orphaned
  --spec PATH   read another spec
  --out DIR     write to (or check) another folder

  synth-check   generate a spec with N synthetic methods (default 300) on top of the real
                ones, then `cargo check` and `cargo doc` the output (exit 4 if it fails)

  corpus-check  split the corpus of Slack's admin.* methods (tests/fixtures/corpus/) into
                accepted and rejected methods, list the rejected ones with their errors,
                then `cargo check` and `cargo doc` the accepted ones (exit 4 if it fails)

  spec-diff     compare the spec's facts with Slack's published method data, vendored in
                spec/slack-api-ref/ (--data), and fail on any difference that
                spec/divergences.yaml (--divergences) does not list, or on a listed one
                that no longer differs

  semver        say whether the generated crate's public API is additive or breaking
                against REV (default: the merge base with main), by cargo-semver-checks;
                fail (exit 5) on a breaking change without a version bump
  --planted     instead, plant a new optional argument and a removed error variant in a
                scratch worktree and check they come out additive and breaking

  conformance   lint the spec with Redocly CLI and check the generated client against
                a Prism mock server (needs Node.js 20.19+ and npm; see xtask/conformance/)

exit codes: 0 success; 1 drift (or a conformance failure, or spec-diff differences);
2 the spec (or its Slack data or divergences) has problems; 3 a file could not be read
or written; 4 synth-check or corpus-check failed; 5 semver: a breaking change without a
version bump, or cargo-semver-checks could not run; 64 a usage error";

/// The synthetic methods `synth-check` adds when `--methods` is not given.
const DEFAULT_SYNTH_METHODS: usize = 300;

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    /// Print the usage.
    Help,
    /// `gen`: regenerate, or with `check`, compare and change nothing.
    Gen { check: bool, spec: Option<PathBuf>, out: Option<PathBuf> },
    /// `synth-check`: generate, compile and document a spec of `methods` synthetic methods.
    SynthCheck { methods: usize },
    /// `corpus-check`: the accepted corpus methods compile and document cleanly.
    CorpusCheck,
    /// `conformance`: the spec and the client against the OpenAPI tools.
    Conformance,
    /// `spec-diff`: the spec against Slack's vendored data; each path overrides a default.
    SpecDiff { spec: Option<PathBuf>, data: Option<PathBuf>, divergences: Option<PathBuf> },
    /// `semver`: the generated crate's API against a baseline revision.
    Semver { baseline: Option<String> },
    /// `semver --planted`: the classification shown on planted spec changes.
    SemverPlanted,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args).and_then(run) {
        Ok(()) => ExitCode::from(Exit::Success as u8),
        Err(failure) => {
            eprintln!("{failure}");
            if matches!(failure, Failure::Usage(_)) {
                eprintln!("\n{USAGE}");
            }
            ExitCode::from(failure.exit() as u8)
        }
    }
}

/// Parses the arguments after `cargo xtask`.
fn parse(args: &[String]) -> Result<Command, Failure> {
    let usage = |message: String| Failure::Usage(message);
    let mut iter = args.iter().map(String::as_str);
    let command = match iter.next() {
        None => return Err(usage("expected a command".to_owned())),
        Some("-h" | "--help") => return Ok(Command::Help),
        Some("gen") => {
            let (mut check, mut spec, mut out) = (false, None, None);
            while let Some(arg) = iter.next() {
                match arg {
                    "-h" | "--help" => return Ok(Command::Help),
                    "--check" => check = true,
                    "--spec" => {
                        spec = Some(iter.next().ok_or_else(|| usage("`--spec` needs a path".to_owned()))?.into())
                    }
                    "--out" => {
                        out = Some(iter.next().ok_or_else(|| usage("`--out` needs a folder".to_owned()))?.into())
                    }
                    other => return Err(usage(format!("unknown argument `{other}`"))),
                }
            }
            Command::Gen { check, spec, out }
        }
        Some("synth-check") => match (iter.next(), iter.next()) {
            (None, _) => Command::SynthCheck { methods: DEFAULT_SYNTH_METHODS },
            (Some("--methods"), Some(count)) => {
                let methods = count.parse().map_err(|_| usage(format!("`--methods` needs a number, not `{count}`")))?;
                Command::SynthCheck { methods }
            }
            _ => return Err(usage("expected `synth-check [--methods N]`".to_owned())),
        },
        Some("corpus-check") => Command::CorpusCheck,
        Some("spec-diff") => parse_spec_diff(&mut iter)?,
        Some("semver") => match (iter.next(), iter.next()) {
            (None, _) => Command::Semver { baseline: None },
            (Some("--planted"), None) => Command::SemverPlanted,
            (Some("--baseline"), Some(rev)) => Command::Semver { baseline: Some(rev.to_owned()) },
            _ => return Err(usage("expected `semver [--baseline REV | --planted]`".to_owned())),
        },
        Some("conformance") => Command::Conformance,
        Some(other) => return Err(usage(format!("unknown command `{other}`"))),
    };
    match iter.next() {
        Some(extra) => Err(usage(format!("unknown argument `{extra}`"))),
        None => Ok(command),
    }
}

/// Parses the options of `spec-diff`, each a flag followed by a path.
fn parse_spec_diff<'a>(iter: &mut impl Iterator<Item = &'a str>) -> Result<Command, Failure> {
    let (mut spec, mut data, mut divergences) = (None, None, None);
    while let Some(flag) = iter.next() {
        let slot = match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--spec" => &mut spec,
            "--data" => &mut data,
            "--divergences" => &mut divergences,
            other => return Err(Failure::Usage(format!("unknown argument `{other}`"))),
        };
        let path = iter.next().ok_or_else(|| Failure::Usage(format!("`{flag}` needs a path")))?;
        *slot = Some(PathBuf::from(path));
    }
    Ok(Command::SpecDiff { spec, data, divergences })
}

fn run(command: Command) -> Result<(), Failure> {
    let root = xtask::workspace_root();
    match command {
        Command::Help => println!("{USAGE}"),
        Command::Gen { check, spec, out } => {
            let default = Paths::workspace(&root);
            let spec = spec.map(absolute).unwrap_or(default.spec);
            let out = out.map(absolute).unwrap_or(default.out);
            let paths = Paths::new(&root, &spec, &out);
            if check {
                run_check(&paths)?;
            } else {
                run_gen(&paths)?;
            }
        }
        Command::SynthCheck { methods } => {
            let t = xtask::synth::check(&root, methods)?;
            println!(
                "{methods} synthetic methods: {} files generated in {:.1?}, checked in {:.1?}, documented in {:.1?}",
                t.files, t.generate, t.check, t.doc
            );
        }
        Command::CorpusCheck => {
            let (split, t) = xtask::corpus::check(&root).map_err(Failure::Synth)?;
            for (method, diags) in &split.rejected {
                println!("rejected {method}:");
                diags.iter().for_each(|diag| println!("  {diag}"));
            }
            println!(
                "{} of {} corpus methods generate: {} files checked in {:.1?}, documented in {:.1?}",
                split.accepted.len(),
                split.total,
                t.files,
                t.check,
                t.doc
            );
        }
        Command::Conformance => xtask::conformance::check(&root)?,
        Command::SpecDiff { spec, data, divergences } => {
            let default = xtask::spec_diff::DiffPaths::workspace(&root);
            let paths = xtask::spec_diff::DiffPaths {
                spec: spec.map(absolute).unwrap_or(default.spec),
                data: data.map(absolute).unwrap_or(default.data),
                divergences: divergences.map(absolute).unwrap_or(default.divergences),
            };
            let report = xtask::spec_diff::run(&root, &paths)?;
            if !report.passes() {
                return Err(Failure::SpecDiff(report));
            }
            println!("{report}");
        }
        Command::Semver { baseline } => {
            let rev = xtask::semver::baseline(&root, baseline.as_deref())?;
            let verdict = xtask::semver::classify(&root, &rev)?;
            println!("{} against {rev}: {verdict}", xtask::semver::PACKAGE);
            if matches!(verdict, xtask::semver::Verdict::Breaking { bumped: false, .. }) {
                return Err(Failure::Semver(
                    "a breaking change needs a version bump in generated/Cargo.toml".to_owned(),
                ));
            }
        }
        Command::SemverPlanted => {
            for (plant, verdict) in xtask::semver::planted(&root)? {
                println!("planted {plant}: {verdict}");
            }
        }
    }
    Ok(())
}

/// Cargo runs the xtask from the directory it was invoked in; relative paths are taken
/// from there, as the user typed them.
fn absolute(path: PathBuf) -> PathBuf {
    std::env::current_dir().map(|dir| dir.join(&path)).unwrap_or(path)
}

fn run_check(paths: &Paths) -> Result<(), Failure> {
    let drift = xtask::check(paths)?;
    if !drift.is_empty() {
        return Err(Failure::Drift(drift));
    }
    println!("{} is up to date with {}", paths.out.display(), paths.spec_label);
    Ok(())
}

fn run_gen(paths: &Paths) -> Result<(), Failure> {
    let written = xtask::write(paths)?;
    for path in &written.changed {
        println!("wrote {path}");
    }
    for path in &written.removed {
        println!("removed {path}");
    }
    if written.changed.is_empty() && written.removed.is_empty() {
        println!("{} is already up to date", paths.out.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{parse, Command, DEFAULT_SYNTH_METHODS};
    use xtask::{Exit, Failure};

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_each_command() {
        let cases = [
            ("gen", Command::Gen { check: false, spec: None, out: None }),
            (
                "gen --check --spec a.yaml --out b",
                Command::Gen { check: true, spec: Some("a.yaml".into()), out: Some("b".into()) },
            ),
            ("gen --help", Command::Help),
            ("--help", Command::Help),
            ("synth-check", Command::SynthCheck { methods: DEFAULT_SYNTH_METHODS }),
            ("synth-check --methods 12", Command::SynthCheck { methods: 12 }),
            ("corpus-check", Command::CorpusCheck),
            ("conformance", Command::Conformance),
            ("spec-diff", Command::SpecDiff { spec: None, data: None, divergences: None }),
            ("semver", Command::Semver { baseline: None }),
            ("semver --baseline HEAD~1", Command::Semver { baseline: Some("HEAD~1".to_owned()) }),
            ("semver --planted", Command::SemverPlanted),
            (
                "spec-diff --spec a.yaml --data d --divergences v.yaml",
                Command::SpecDiff {
                    spec: Some("a.yaml".into()),
                    data: Some("d".into()),
                    divergences: Some("v.yaml".into()),
                },
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(parse(&args(line)).ok(), Some(expected), "{line}");
        }
    }

    #[test]
    fn anything_else_is_a_usage_error() {
        let lines = ["", "generate", "gen --spec", "gen --bogus", "synth-check --methods x", "conformance now"];
        for line in lines.into_iter().chain([
            "spec-diff --data",
            "spec-diff --bogus x",
            "semver --baseline",
            "semver --planted x",
        ]) {
            let failure = parse(&args(line)).err();
            assert!(matches!(failure, Some(Failure::Usage(_))), "{line:?} gave {failure:?}");
            assert_eq!(failure.map(|f| f.exit()), Some(Exit::Usage));
        }
    }
}
