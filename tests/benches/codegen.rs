//! The generator's budgets (BENCHMARKS.md), measured as ratios in one run: the real spec
//! in process, 1,000 synthetic methods in process, and the whole `xtask gen --check`
//! process against a process that only parses the YAML.
//!
//! Run with `cargo bench -p tests --bench codegen`. Divan times the in-process work and its
//! baseline, the same text parsed into an untyped `serde_yaml::Value`; after its table the
//! bench prints the budget table, with medians of runs it times itself, and the 1,000
//! methods rendered on one thread and on every core, which is what `parallel` buys.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use divan::{black_box, Bencher};

const SPEC_PATH: &str = "spec/admin.users.session.yaml";
/// The synthetic spec's size, in methods.
const METHODS: usize = 1000;
/// Documented error codes per synthetic method: 10 of its own, 30 shared by reference.
const OWN_ERRORS: usize = 10;
const SHARED_ERRORS: usize = 30;

/// The budgets: the real spec in process, 1,000 methods in process, and the whole
/// `gen --check` process as a multiple of a process that only parses the YAML.
const REAL_BUDGET: Duration = Duration::from_millis(50);
const SYNTHETIC_BUDGET: Duration = Duration::from_secs(3);
const PROCESS_BUDGET: f64 = 6.0;

mod support;

fn main() {
    divan::main();
    if !support::summary_wanted() {
        return;
    }
    let real = real_spec();
    let generate = median(31, || drop(black_box(codegen::generate(&real, SPEC_PATH))));
    let yaml = median(31, || drop(black_box(serde_yaml::from_str::<serde_yaml::Value>(&real))));
    let synthetic = synthetic_spec(METHODS);
    let synthetic_time = median(5, || drop(black_box(codegen::generate(&synthetic, "bench.yaml"))));
    let synthetic_yaml = median(5, || drop(black_box(serde_yaml::from_str::<serde_yaml::Value>(&synthetic))));
    let (check, floor) = processes(31);
    println!("\nbudgets (medians of separate timed runs in this process):");
    println!("| budget | measured | ratio | met |");
    println!("|---|---|---|---|");
    let row = |name: &str, measured: String, ratio: f64, budget: f64| {
        println!(
            "| {name} | {measured} | {ratio:.2}x (budget {budget}x) | {} |",
            if ratio <= budget { "yes" } else { "no" }
        );
    };
    let real_row = format!("{} ({:.1}x its YAML parse, {})", fmt(generate), ratio(generate, yaml), fmt(yaml));
    row("real spec in process, within 50 ms", real_row, ratio(generate, REAL_BUDGET), 1.0);
    let synthetic_row = format!(
        "{} ({:.1}x its YAML parse, {})",
        fmt(synthetic_time),
        ratio(synthetic_time, synthetic_yaml),
        fmt(synthetic_yaml)
    );
    row("1,000 synthetic methods in process, within 3 s", synthetic_row, ratio(synthetic_time, SYNTHETIC_BUDGET), 1.0);
    let process_row = format!("{} against {}", fmt(check), fmt(floor));
    row("`xtask gen --check` process, within 6x `yaml_floor`", process_row, ratio(check, floor), PROCESS_BUDGET);
    let api = codegen::lower_spec(&synthetic, "bench.yaml").expect("the synthetic spec lowers");
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let serial = median(5, || drop(black_box(codegen::hooks::render(&api, 1))));
    let parallel = median(5, || drop(black_box(codegen::hooks::render(&api, threads))));
    println!(
        "\n1,000 methods, emit and format only: {} on 1 thread, {} on {threads}: {:.2}x faster",
        fmt(serial),
        fmt(parallel),
        ratio(serial, parallel)
    );
}

/// The real spec: everything `cargo xtask gen` computes, in process.
#[divan::bench(sample_count = 100, max_time = 20)]
fn real_generate(bencher: Bencher) {
    let text = real_spec();
    bencher.bench(|| codegen::generate(black_box(&text), SPEC_PATH).expect("the real spec generates"));
}

/// Baseline: the same text into an untyped YAML tree.
#[divan::bench(sample_count = 100, max_time = 20)]
fn real_baseline_yaml_value(bencher: Bencher) {
    let text = real_spec();
    bencher.bench(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&text)).expect("the spec is YAML"));
}

/// A synthetic spec of 1,000 methods, in process.
#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn synthetic_generate(bencher: Bencher) {
    let text = synthetic_spec(METHODS);
    bencher.bench(|| codegen::generate(black_box(&text), "bench.yaml").expect("the synthetic spec generates"));
}

/// Baseline: the same synthetic text into an untyped YAML tree.
#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn synthetic_baseline_yaml_value(bencher: Bencher) {
    let text = synthetic_spec(METHODS);
    bencher.bench(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&text)).expect("the synthetic spec is YAML"));
}

/// Medians of `runs` runs each of the release `xtask gen --check` and of the release
/// `yaml_floor` example, which reads the spec into a `serde_yaml::Value` and exits. The
/// two alternate, so that load on the machine falls on both alike.
fn processes(runs: usize) -> (Duration, Duration) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_owned();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "--quiet", "--release", "-p", "xtask", "--bin", "xtask", "--example", "yaml_floor"])
        .current_dir(&root)
        .status()
        .expect("cargo starts");
    assert!(status.success(), "building the release xtask and yaml_floor failed");
    // This bench runs from `<target>/release/deps/`.
    let exe = std::env::current_exe().expect("the bench knows its path");
    let release: PathBuf = exe.ancestors().nth(2).expect("the bench runs from <target>/release/deps").to_owned();
    let xtask = release.join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let floor = release.join("examples").join(format!("yaml_floor{}", std::env::consts::EXE_SUFFIX));
    let time = |program: &Path, args: &[&str]| {
        let start = Instant::now();
        let status = Command::new(program).args(args).current_dir(&root).stdout(Stdio::null()).status();
        let elapsed = start.elapsed();
        assert!(status.is_ok_and(|status| status.success()), "{} {args:?} failed", program.display());
        elapsed
    };
    let (mut checks, mut floors) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        checks.push(time(&xtask, &["gen", "--check"]));
        floors.push(time(&floor, &[]));
    }
    checks.sort();
    floors.sort();
    (checks[runs / 2], floors[runs / 2])
}

fn real_spec() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/admin.users.session.yaml");
    std::fs::read_to_string(path).expect("read spec/admin.users.session.yaml")
}

/// A spec in the generator's subset with `methods` methods, each with 5 arguments (a
/// required string, a bounded integer, a boolean, a bounded array sent comma-joined, and
/// a cursor), an all-or-none rule, pagination, a response with a nested shared object,
/// and `OWN_ERRORS + SHARED_ERRORS` documented error codes.
fn synthetic_spec(methods: usize) -> String {
    let mut out = String::with_capacity(methods * 6000);
    out.push_str(
        "openapi: 3.0.3\n\
         info:\n  title: Synthetic bench spec\n  version: 1.0.0\n  description: Generated by tests/benches/codegen.rs.\n\
         servers:\n  - url: https://slack.com/api\n\
         tags:\n  - name: bench\n    description: Synthetic methods.\n\
         paths:\n",
    );
    for m in 0..methods {
        push_path(&mut out, m);
    }
    out.push_str(
        "components:\n\
         \x20 securitySchemes:\n\
         \x20   slackUserToken:\n      type: http\n      scheme: bearer\n      description: A Slack user token.\n\
         \x20 responses:\n\
         \x20   SlackError:\n      description: Slack's failure envelope.\n      content:\n        application/json:\n\
         \x20         schema:\n            $ref: '#/components/schemas/ErrorResponse'\n\
         \x20         example:\n            ok: false\n            error: invalid_auth\n\
         \x20 schemas:\n",
    );
    for m in 0..methods {
        push_schemas(&mut out, m);
    }
    out.push_str(SHARED_SCHEMAS);
    out.push_str("  x-slack-errors:\n");
    for e in 0..SHARED_ERRORS {
        out.push_str(&format!(
            "    shared_error_{e}:\n      code: shared_error_{e}\n      category: slack-failure\n      description: Shared failure number {e}, documented once and referenced by every method.\n"
        ));
        if e.is_multiple_of(10) {
            out.push_str("      retry: transient\n");
        }
    }
    out
}

fn push_path(out: &mut String, m: usize) {
    let form_schema = format!("              $ref: '#/components/schemas/BenchM{m}RunRequest'\n");
    out.push_str(&format!(
        "  /bench.m{m}.run:\n    post:\n      operationId: bench_m{m}_run\n\
         \x20     summary: Run synthetic method {m}.\n\
         \x20     description: >-\n        Synthetic method {m}, shaped like admin.users.session.list: filters, a bounded page size, and a cursor.\n\
         \x20     externalDocs:\n        url: https://docs.slack.dev/reference/methods/bench.m{m}.run\n\
         \x20     tags: [bench]\n      security:\n        - slackUserToken: [admin.users:read]\n\
         \x20     x-slack-rate-limit-tier: {tier}\n      x-slack-idempotent: true\n\
         \x20     x-slack-arg-rules:\n        - rule: all-or-none\n          args: [limit, include_bots]\n\
         \x20         description: A page size and the bot filter go together.\n\
         \x20     x-slack-pagination:\n        cursor: cursor\n        next-cursor: response_metadata.next_cursor\n        items: items\n\
         \x20     requestBody:\n        required: true\n        content:\n\
         \x20         application/x-www-form-urlencoded:\n            schema:\n{form_schema}\
         \x20           encoding:\n              user_ids:\n                style: form\n                explode: false\n\
         \x20         application/json:\n            schema:\n{form_schema}\
         \x20     responses:\n        '200':\n          description: One page.\n          content:\n            application/json:\n\
         \x20             schema:\n                $ref: '#/components/schemas/BenchM{m}RunResponse'\n\
         \x20             example:\n                ok: true\n                items: []\n\
         \x20       default:\n          $ref: '#/components/responses/SlackError'\n\
         \x20     x-slack-errors:\n",
        tier = m % 4 + 1,
    ));
    for e in 0..OWN_ERRORS {
        out.push_str(&format!(
            "        - code: m{m}_failure_{e}\n          category: target\n          description: Failure {e} of synthetic method {m}.\n"
        ));
    }
    for e in 0..SHARED_ERRORS {
        out.push_str(&format!("        - $ref: '#/components/x-slack-errors/shared_error_{e}'\n"));
    }
}

fn push_schemas(out: &mut String, m: usize) {
    out.push_str(&format!(
        "    BenchM{m}RunRequest:\n      type: object\n      description: Arguments of bench.m{m}.run.\n      properties:\n\
         \x20       user_id:\n          type: string\n          description: The user the call is about.\n          example: U1234\n\
         \x20       limit:\n          type: integer\n          format: int64\n          minimum: 1\n          maximum: 1000\n\
         \x20         description: The most items a page may hold.\n          example: 100\n\
         \x20       include_bots:\n          type: boolean\n          description: Whether bot users count.\n          example: false\n\
         \x20       user_ids:\n          type: array\n          items:\n            type: string\n          minItems: 1\n          maxItems: 1000\n\
         \x20         description: More users, sent comma-joined in a form.\n          example: [U1, U2]\n\
         \x20       cursor:\n          type: string\n          description: Where the next page starts.\n          example: dXNlcjpVMDYx\n\
         \x20     required: [user_id]\n\
         \x20   BenchM{m}RunResponse:\n      type: object\n      description: One page of bench.m{m}.run.\n      properties:\n\
         \x20       ok:\n          type: boolean\n          description: True on success.\n          example: true\n\
         \x20       items:\n          type: array\n          description: The page's items.\n          items:\n            $ref: '#/components/schemas/BenchItem'\n\
         \x20       warning:\n          type: string\n          description: Comma-separated warning codes.\n          example: missing_charset\n\
         \x20       response_metadata:\n          $ref: '#/components/schemas/ResponseMetadata'\n\
         \x20     required: [ok, items]\n"
    ));
}

const SHARED_SCHEMAS: &str = "    BenchItem:
      type: object
      description: One item of a synthetic page.
      properties:
        id:
          type: integer
          format: int64
          description: The item's ID.
          example: 1112275520242
        name:
          type: string
          nullable: true
          description: The item's name, if it has one.
          example: widget
      required: [id, name]
    ResponseMetadata:
      type: object
      description: Extra information Slack may attach to any answer.
      properties:
        next_cursor:
          type: string
          description: The cursor of the next page; empty on the last page.
          example: ''
        warnings:
          type: array
          description: Warning codes.
          items:
            type: string
          example: [missing_charset]
    ErrorResponse:
      type: object
      description: The body Slack sends when a call fails.
      properties:
        ok:
          type: boolean
          description: Always false here.
          example: false
        error:
          type: string
          description: The error code.
          example: invalid_auth
      required: [ok, error]
";

// ---------------------------------------------------------------------------------------
// Timing helpers.

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.3} s")
    } else if s >= 1e-3 {
        format!("{:.3} ms", s * 1e3)
    } else {
        format!("{:.2} µs", s * 1e6)
    }
}
