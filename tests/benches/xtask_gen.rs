//! End-to-end `cargo xtask gen`, with the xtask binary already built: the process as a
//! maintainer or CI runs it, next to a baseline run of the same binary that does nothing.
//!
//! Run with `cargo bench -p tests --bench xtask_gen`. The bench builds `target/debug/xtask`
//! first (`cargo build -p xtask`, a no-op when it is fresh) and then runs it directly, so
//! cargo's own start-up is measured only in `cargo_xtask_gen_check`. The xtask is a dev
//! build, as `cargo xtask` runs it, so the generator inside it is unoptimized; the
//! `codegen` bench measures the optimized generator.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use divan::Bencher;

fn main() {
    divan::main();
    // The scratch output of `gen_out_scratch`; nothing else is written.
    let _ = std::fs::remove_dir_all(scratch_dir());
}

/// Baseline: the same binary started with no command; it prints its usage and exits.
/// This is the cost of starting the process and nothing more.
#[divan::bench(sample_count = 30, max_time = 30)]
fn baseline_process_start(bencher: Bencher) {
    let xtask = xtask_binary();
    bencher.bench(|| run(Command::new(xtask), 64));
}

/// `xtask gen --check`: read the spec, generate every file in memory, compare with
/// `generated/src/methods/`. This is the CI step.
#[divan::bench(sample_count = 30, max_time = 30)]
fn gen_check(bencher: Bencher) {
    let xtask = xtask_binary();
    bencher.bench(|| {
        let mut command = Command::new(xtask);
        command.args(["gen", "--check"]);
        run(command, 0)
    });
}

/// `xtask gen --out <scratch>`: the full write path (generate, stage, swap) into a scratch
/// folder, so the committed `generated/src/methods/` is never touched while a bench runs.
#[divan::bench(sample_count = 30, max_time = 30)]
fn gen_out_scratch(bencher: Bencher) {
    let xtask = xtask_binary();
    let out = scratch_dir();
    bencher.bench(|| {
        let mut command = Command::new(xtask);
        command.args(["gen", "--out"]).arg(&out);
        run(command, 0)
    });
}

/// `cargo xtask gen --check` exactly as typed: cargo's start-up and freshness check
/// included. It waits if another cargo holds the build directory lock.
#[divan::bench(sample_count = 10, sample_size = 1, max_time = 60)]
fn cargo_xtask_gen_check(bencher: Bencher) {
    xtask_binary();
    bencher.bench(|| {
        let mut command = Command::new(cargo());
        command.args(["xtask", "gen", "--check"]).current_dir(workspace_root());
        run(command, 0)
    });
}

fn run(mut command: Command, expected: i32) {
    let status = command.stdout(Stdio::null()).stderr(Stdio::null()).status().expect("the command starts");
    assert_eq!(status.code(), Some(expected), "{command:?} exited with {status}");
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_owned()
}

fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("xtask-gen-bench-{}", std::process::id()))
}

/// `target/debug/xtask`, built if needed. The target directory is found from this bench
/// executable's own path (`<target>/release/deps/xtask_gen-…`), so a custom
/// `CARGO_TARGET_DIR` works too.
fn xtask_binary() -> &'static Path {
    static XTASK: OnceLock<PathBuf> = OnceLock::new();
    XTASK.get_or_init(|| {
        let status = Command::new(cargo())
            .args(["build", "--quiet", "-p", "xtask"])
            .current_dir(workspace_root())
            .status()
            .expect("cargo starts");
        assert!(status.success(), "`cargo build -p xtask` failed");
        let exe = std::env::current_exe().expect("the bench knows its path");
        let target = exe.ancestors().nth(3).expect("the bench runs from <target>/<profile>/deps");
        let xtask = target.join("debug").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
        assert!(xtask.exists(), "{} is missing after `cargo build -p xtask`", xtask.display());
        xtask
    })
}
