//! `cargo xtask`: maintainer commands for this workspace.
//!
//! Exit codes: 0 success; 1 `gen --check` found drift; 2 the spec has problems;
//! 3 a file could not be read or written; 4 `synth-check` found output that does not
//! compile or document cleanly; 64 the command line was not understood.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Failure, Paths};

mod conformance;

const USAGE: &str = "\
usage: cargo xtask gen [--check] [--spec PATH] [--out DIR]
       cargo xtask synth-check [--methods N]
       cargo xtask conformance

  gen           regenerate generated/src/methods/ from spec/admin.users.session.yaml
  --check       change nothing; fail if the generated files are stale, missing or orphaned
  --spec PATH   read another spec
  --out DIR     write to (or check) another folder

  synth-check   generate a spec with N synthetic methods (default 300) on top of the real
                ones, then `cargo check` and `cargo doc` the output (exit 4 if it fails)

  conformance   lint the spec with Redocly CLI and check the generated client against
                a Prism mock server (needs Node.js 20.19+ and npm; see xtask/conformance/)";

const EXIT_DRIFT: u8 = 1;
const EXIT_BAD_SPEC: u8 = 2;
const EXIT_IO: u8 = 3;
const EXIT_SYNTH: u8 = 4;
const EXIT_USAGE: u8 = 64;

struct Args {
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("conformance") {
        return conformance::main(&args[1..], &xtask::workspace_root());
    }
    if args.first().map(String::as_str) == Some("synth-check") {
        return synth_check(&args[1..]);
    }
    let args = match parse_args(&args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let root = xtask::workspace_root();
    let default = Paths::workspace(&root);
    let spec = args.spec.map(absolute).unwrap_or(default.spec);
    let out = args.out.map(absolute).unwrap_or(default.out);
    let paths = Paths::new(&root, &spec, &out);
    let result = if args.check { run_check(&paths) } else { run_gen(&paths) };
    result.unwrap_or_else(|failure| {
        eprintln!("{failure}");
        ExitCode::from(match failure {
            Failure::BadSpec(_) => EXIT_BAD_SPEC,
            Failure::Io { .. } => EXIT_IO,
        })
    })
}

/// The parsed command line; `None` when help was asked for.
fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut iter = args.iter();
    match iter.next().map(String::as_str) {
        Some("gen") => {}
        Some("-h" | "--help") => return Ok(None),
        None => return Err("expected a command".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut parsed = Args { check: false, spec: None, out: None };
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(iter.next().ok_or("`--spec` needs a path")?.into()),
            "--out" => parsed.out = Some(iter.next().ok_or("`--out` needs a folder")?.into()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(parsed))
}

/// Cargo runs the xtask from the directory it was invoked in; relative paths are taken
/// from there, as the user typed them.
fn absolute(path: PathBuf) -> PathBuf {
    std::env::current_dir().map(|dir| dir.join(&path)).unwrap_or(path)
}

fn run_check(paths: &Paths) -> Result<ExitCode, Failure> {
    let drift = xtask::check(paths)?;
    if drift.is_empty() {
        println!("{} is up to date with {}", paths.out.display(), paths.spec_label);
        return Ok(ExitCode::SUCCESS);
    }
    for item in &drift {
        eprintln!("error: {item}");
    }
    eprintln!("run `cargo xtask gen` and commit the result");
    Ok(ExitCode::from(EXIT_DRIFT))
}

fn run_gen(paths: &Paths) -> Result<ExitCode, Failure> {
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
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask synth-check [--methods N]`.
fn synth_check(args: &[String]) -> ExitCode {
    let count = match args {
        [] => 300,
        [flag, n] if flag == "--methods" && n.parse::<usize>().is_ok() => n.parse().unwrap_or(300),
        _ => {
            eprintln!("error: expected `synth-check [--methods N]`\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match xtask::synth::check(&xtask::workspace_root(), count) {
        Ok(t) => {
            println!(
                "{count} synthetic methods: {} files generated in {:.1?}, checked in {:.1?}, documented in {:.1?}",
                t.files, t.generate, t.check, t.doc
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_SYNTH)
        }
    }
}
