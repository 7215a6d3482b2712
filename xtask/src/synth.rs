//! `cargo xtask synth-check`: generates a spec with hundreds of methods and proves the
//! output compiles and documents cleanly.
//!
//! The synthetic spec is the real one plus `count` made-up methods, each with dozens of
//! error codes, five arguments, a nested response object, shared types and (for some)
//! pagination and argument rules. Their descriptions hold everything that could break a
//! doc comment or rustdoc: backticks, `*/`, `#[`, HTML, brackets, bare URLs, code fences,
//! indented blocks, non-ASCII and very long lines. The real methods stay in, so that
//! the batched wrapper of a real `x-slack-batch` method is checked too.
//!
//! The check copies the layers generated code stands on (the client core, `bulk/`, whose
//! stream and outcome types the generated `*_batched` wrappers return, and the
//! `runtime` contract) into a scratch crate under the target folder, puts the synthetic
//! output in its `src/methods/`, and runs `cargo check` and `cargo doc` on it with the
//! workspace's target folder, so compiled dependencies are reused. The layers above the
//! generated code (`sweep/`, the fake Slack) are left out: generated code never names
//! them, and they name the real methods.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_yaml::{Mapping, Value};

use crate::{Failure, DEFAULT_SPEC};

/// Error codes per synthetic method, on top of four shared ones.
const OWN_CODES: usize = 36;

/// Text that has broken doc comments or rustdoc somewhere: every line is a trap.
const HOSTILE: &str = "Backticks `code`, a lone ` tick and ``double``; a comment end */ and start /*.
An attribute #[doc = \"x\"] and #![allow(warnings)], a macro call panic!(\"x\").
HTML <script>alert(1)</script>, &amp; <b>bold</b>, <br> and <https://slack.com/api>.
Brackets [x], [y](z), [Client] and a bare URL https://docs.slack.dev/reference/methods/x.
Non-ASCII: ünïcödé, 日本語, emoji 🎉, a right-to-left mark \u{202e} and a zero-width\u{200b}space.
    An indented line that Markdown would read as code.
```
fn main() { panic!(\"a doctest would run this\") }
```
~~~rust
let unclosed = \"fence\";";

/// The description of most fields and codes: still Markdown, kept short.
const SHORT: &str = "A `code` span, an [x] bracket, a <b>tag</b> and ünïcödé.";

/// The spec text: the real spec with `count` synthetic methods added.
///
/// Summaries stay free of brackets and tags: the emitters put them into generated
/// sentences without escaping, so `[x]` there would be a broken intra-doc link.
pub fn synthetic_spec(root: &Path, count: usize) -> Result<String, Failure> {
    let path = root.join(DEFAULT_SPEC);
    let text = fs::read_to_string(&path).map_err(|error| Failure::Io { path: path.clone(), error })?;
    let mut spec: Value = serde_yaml::from_str(&text).map_err(|error| invalid(&path, error))?;
    let long_line = "A very long line: ".to_owned() + &"word ".repeat(600);
    let description = Value::String(format!("{HOSTILE}\n\n{long_line}"));
    for index in 0..count {
        let (wire, method, schemas) = synthetic_method(index);
        let mut method: Value = serde_yaml::from_str(&method).map_err(|error| invalid(&path, error))?;
        let mut schemas: Value = serde_yaml::from_str(&schemas).map_err(|error| invalid(&path, error))?;
        fill_descriptions(&mut method, &description);
        fill_descriptions(&mut schemas, &description);
        let schemas = schemas.as_mapping().cloned().unwrap_or_default();
        mapping(&mut spec, "paths").insert(Value::String(format!("/{wire}")), method);
        let components = mapping(&mut spec, "components");
        let schema_map = components.get_mut("schemas").and_then(Value::as_mapping_mut).expect("the spec has schemas");
        schema_map.extend(schemas);
    }
    serde_yaml::to_string(&spec).map_err(|error| invalid(&path, error))
}

/// The templates say `DESC` where the whole hostile text goes and `SHORT` where a short
/// one does (so the output stays a reasonable size); YAML escaping is left to serde_yaml.
fn fill_descriptions(value: &mut Value, description: &Value) {
    match value {
        Value::String(text) if text == "DESC" => *value = description.clone(),
        Value::String(text) if text == "SHORT" => *value = Value::String(SHORT.to_owned()),
        Value::Sequence(items) => items.iter_mut().for_each(|item| fill_descriptions(item, description)),
        Value::Mapping(map) => map.iter_mut().for_each(|(_, item)| fill_descriptions(item, description)),
        _ => {}
    }
}

fn invalid(path: &Path, error: serde_yaml::Error) -> Failure {
    Failure::Io { path: path.to_owned(), error: std::io::Error::new(std::io::ErrorKind::InvalidData, error) }
}

fn mapping<'v>(value: &'v mut Value, key: &str) -> &'v mut Mapping {
    value.get_mut(key).and_then(Value::as_mapping_mut).expect("the real spec has this section")
}

/// One synthetic method: its wire name, its path item and its two schemas, as YAML.
fn synthetic_method(index: usize) -> (String, String, String) {
    let wire = format!("synth.group{}.method{index}", index % 7);
    let stem = format!("Synth{index}");
    let paginated = index.is_multiple_of(10);
    let mut method = format!(
        "post:
  operationId: synth_method_{index}
  summary: 'Synthetic method {index}, with `code`, */ and ünïcödé.'
  description: DESC
  externalDocs: {{url: 'https://docs.slack.dev/reference/methods/{wire}'}}
  tags: [synth]
  security: [{{slackUserToken: ['admin.users:read']}}]
  x-slack-rate-limit-tier: {tier}
  x-slack-idempotent: {idempotent}
  x-slack-async-job: {async_job}
  requestBody:
    required: true
    content:
      application/x-www-form-urlencoded:
        schema: {{$ref: '#/components/schemas/{stem}Request'}}
        encoding:
          ids: {{style: form, explode: false}}
      application/json:
        schema: {{$ref: '#/components/schemas/{stem}Request'}}
  responses:
    '200':
      description: Done.
      content:
        application/json:
          schema: {{$ref: '#/components/schemas/{stem}Response'}}
    default: {{$ref: '#/components/responses/SlackError'}}
  x-slack-arg-rules:
    - {{rule: at-least-one, args: [ids, limit], description: SHORT}}
  x-slack-warnings:
    - {{$ref: '#/components/x-slack-warnings/missing_charset'}}
    - {{code: synth_warning, description: SHORT}}
  x-slack-errors:
",
        tier = 1 + index % 4,
        idempotent = index.is_multiple_of(2),
        async_job = index.is_multiple_of(5),
    );
    for shared in ["invalid_auth", "ratelimited", "not_authed", "fatal_error"] {
        let _ = writeln!(method, "    - {{$ref: '#/components/x-slack-errors/{shared}'}}");
    }
    for code in 0..OWN_CODES {
        let retry = ["", ", retry: transient", ", retry: partial-success"][code % 3];
        let text = if code == 0 { "DESC" } else { "SHORT" };
        let category = ["target", "slack-failure", "slack-failure"][code % 3];
        let _ =
            writeln!(method, "    - {{code: synth_error_{code}, category: {category}, description: {text}{retry}}}");
    }
    if paginated {
        method.push_str(
            "  x-slack-pagination: {cursor: cursor, next-cursor: response_metadata.next_cursor, items: items, \
             empty-codes: [synth_error_0]}\n",
        );
    }
    (wire, method, synthetic_schemas(&stem))
}

fn synthetic_schemas(stem: &str) -> String {
    format!(
        "{stem}Request:
  type: object
  description: DESC
  required: [user_id]
  properties:
    user_id: {{type: string, description: DESC, example: \"W0123\\n`x`\\r\"}}
    ids: {{type: array, items: {{type: string}}, maxItems: 1000, description: SHORT}}
    limit: {{type: integer, format: int32, minimum: 1, maximum: 1000, default: 100, description: SHORT}}
    enabled: {{type: boolean, deprecated: true, description: SHORT}}
    cursor: {{type: string, description: SHORT}}
{stem}Response:
  type: object
  description: DESC
  required: [ok]
  properties:
    ok: {{type: boolean, description: SHORT}}
    warning: {{type: string, description: SHORT}}
    response_metadata: {{$ref: '#/components/schemas/ResponseMetadata'}}
    client: {{$ref: '#/components/schemas/SessionClient'}}
    items:
      type: array
      description: SHORT
      items:
        type: object
        description: DESC
        properties:
          id: {{type: string, description: SHORT}}
          count: {{type: integer, nullable: true, description: SHORT}}
"
    )
}

/// How long each step of a check took.
#[derive(Debug, Default)]
pub struct Timings {
    /// Building the spec and generating its files in memory.
    pub generate: Duration,
    /// `cargo check` on the scratch crate.
    pub check: Duration,
    /// `cargo doc` on the scratch crate, warnings denied.
    pub doc: Duration,
    /// The number of files generated.
    pub files: usize,
}

/// Generates a spec of `count` synthetic methods and compiles and documents the output.
pub fn check(root: &Path, count: usize) -> Result<Timings, Failure> {
    build_and_check(root, count).map_err(Failure::Synth)
}

fn build_and_check(root: &Path, count: usize) -> Result<Timings, String> {
    let started = Instant::now();
    let spec = synthetic_spec(root, count).map_err(|failure| failure.to_string())?;
    let files = codegen::generate(&spec, "synthetic.yaml").map_err(|diags| diags.to_string())?;
    let generate = started.elapsed();
    let mut timings = compile_files(root, "synth-check", &files)?;
    timings.generate = generate;
    Ok(timings)
}

/// The real spec with the methods, schemas and shared rows of each of `extras` added, so
/// that several specs (fixtures, random cases, the corpus) compile together in one crate.
/// Names already present are kept as they are: the extras' copies of the envelope
/// schemas are the same, and method names must not clash.
pub fn merged_spec(root: &Path, extras: &[String]) -> Result<String, String> {
    let path = root.join(DEFAULT_SPEC);
    let text = fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut spec: Value = serde_yaml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    for (index, extra) in extras.iter().enumerate() {
        let extra: Value = serde_yaml::from_str(extra).map_err(|error| format!("extra spec {index}: {error}"))?;
        let sections: [&[&str]; 4] = [
            &["paths"],
            &["components", "schemas"],
            &["components", "x-slack-errors"],
            &["components", "x-slack-warnings"],
        ];
        for section in sections {
            let Some(from) = lookup(&extra, section).and_then(Value::as_mapping) else { continue };
            let into = lookup_mut(&mut spec, section)?;
            for (key, value) in from {
                if !into.contains_key(key) {
                    into.insert(key.clone(), value.clone());
                }
            }
        }
    }
    serde_yaml::to_string(&spec).map_err(|error| error.to_string())
}

fn lookup<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(value, |value, key| value.get(key))
}

fn lookup_mut<'v>(value: &'v mut Value, keys: &[&str]) -> Result<&'v mut Mapping, String> {
    let mut value = value;
    for key in keys {
        let map = value.as_mapping_mut().ok_or_else(|| format!("the real spec's `{key}` parent is not a mapping"))?;
        value = map.entry(Value::String((*key).to_owned())).or_insert_with(|| Value::Mapping(Mapping::new()));
    }
    value.as_mapping_mut().ok_or_else(|| format!("the real spec's `{}` is not a mapping", keys.join(".")))
}

/// Generates `spec` (see [`merged_spec`]) and runs `cargo check` and `cargo doc` on the
/// output in the scratch crate `target/<scratch>`; the error is the diagnostics or
/// cargo's output.
pub fn check_spec(root: &Path, scratch: &str, spec: &str, label: &str) -> Result<Timings, String> {
    let files = codegen::generate(spec, label).map_err(|diags| diags.to_string())?;
    compile_files(root, scratch, &files)
}

/// Compiles and documents generated files in the scratch crate `target/<scratch>`.
fn compile_files(root: &Path, scratch: &str, files: &[codegen::GeneratedFile]) -> Result<Timings, String> {
    let mut timings = Timings { files: files.len(), ..Timings::default() };
    let target = target_dir(root);
    let scratch = target.join(scratch);
    write_crate(root, &scratch, files).map_err(|error| format!("writing {}: {error}", scratch.display()))?;
    let started = Instant::now();
    cargo(&scratch, &target, &["check", "--offline", "--quiet"], &[])?;
    // The fake Slack's feature adds serde derives to every generated type, so the
    // generated code must build with it too.
    cargo(&scratch, &target, &["check", "--offline", "--quiet", "--features", "fake"], &[])?;
    timings.check = started.elapsed();
    let started = Instant::now();
    cargo(&scratch, &target, &["doc", "--offline", "--quiet", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    timings.doc = started.elapsed();
    Ok(timings)
}

/// The workspace's target folder, where compiled dependencies already are.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// A one-member workspace with the real workspace's dependency table and lock file, the
/// generated crate's manifest and runtime, and the synthetic methods.
fn write_crate(root: &Path, scratch: &Path, files: &[codegen::GeneratedFile]) -> std::io::Result<()> {
    let crate_dir = scratch.join("generated");
    let _ = fs::remove_dir_all(crate_dir.join("src"));
    fs::create_dir_all(crate_dir.join("src/methods"))?;
    let manifest = fs::read_to_string(root.join("Cargo.toml"))?;
    fs::write(scratch.join("Cargo.toml"), scratch_manifest(&manifest))?;
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    fs::copy(root.join("generated/Cargo.toml"), crate_dir.join("Cargo.toml"))?;
    copy_runtime(&root.join("generated/src"), &crate_dir.join("src"))?;
    for file in files {
        fs::write(crate_dir.join("src/methods").join(&file.path), &file.contents)?;
    }
    let lib = crate_dir.join("src/lib.rs");
    fs::write(&lib, scratch_lib(&fs::read_to_string(&lib)?))?;
    Ok(())
}

/// The folders of `generated/src` that are not copied: the generated methods, which the
/// caller fills, and the layers above them, which generated code never names.
const LEFT_OUT: [&str; 4] = ["methods", "sweep", "fake", "bin"];

/// Copies the client core, `bulk/` and the `runtime` contract: every file of
/// `generated/src` outside [`LEFT_OUT`].
fn copy_runtime(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default();
        if path.is_dir() && !LEFT_OUT.iter().any(|left| name == *left) {
            copy_runtime(&path, &to.join(name))?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            fs::copy(&path, to.join(name))?;
        }
    }
    Ok(())
}

/// The scratch crate's `lib.rs`: the real one without the modules left out, and with a
/// doc of its own in place of the README, whose links name the sweep.
///
/// Every warning fails the check, not only missing docs: an accepted spec must give a
/// crate that builds cleanly. Dead code is the one lint let through, since the core
/// keeps a few helpers for the sweep, which the scratch crate does not have.
fn scratch_lib(real: &str) -> String {
    let mut out = String::from(
        "//! The generated crate's runtime, with synthetic methods in place of the real spec's.\n\
         #![deny(missing_docs, warnings)]\n\
         #![allow(dead_code)]\n",
    );
    let mut lines = real.lines().filter(|line| !line.starts_with("//!") && !line.starts_with("#![")).peekable();
    while let Some(line) = lines.next() {
        let gated = line.starts_with("#[cfg(feature = \"fake\")]");
        if gated || ["pub mod sweep;", "pub mod fake;"].contains(&line) {
            if gated {
                lines.next();
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The root manifest with only the generated crate as a member and without the path
/// dependencies that point at the other members.
fn scratch_manifest(manifest: &str) -> String {
    let mut out = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("members") {
            out.push_str("members = [\"generated\"]\n");
        } else if !(trimmed.starts_with("exclude") || line.contains("path = ")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn cargo(scratch: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target)
        .envs(env.iter().copied())
        .output()
        .map_err(|error| format!("running cargo: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(format!("`cargo {}` failed on the synthetic crate in {}:\n{stderr}", args.join(" "), scratch.display()))
}
