//! `cargo xtask conformance`: the spec and the generated client, checked with the OpenAPI
//! ecosystem's own tools.
//!
//! 1. Node.js and npm must be on `PATH`; without them the command fails and says so.
//! 2. `npm ci` in `xtask/conformance/` installs the pinned Redocly CLI and Prism, unless
//!    `node_modules` already holds exactly what `package-lock.json` describes.
//! 3. `redocly lint` checks the spec with the `recommended` ruleset and the rules switched
//!    off in `xtask/conformance/redocly.yaml`; any error or warning fails the run.
//! 4. `prism mock --errors` serves the spec on a free loopback port. Prism validates every
//!    request against the spec and answers one that breaks it with HTTP 422.
//! 5. The generated client calls every method in both encodings, with typical and
//!    edge-case arguments. Every call must be accepted and must decode Prism's answer,
//!    which is the example the spec gives for the method's success response. The calls
//!    are made by `tests/src/bin/conformance_client.rs`, run with `cargo run`, so that
//!    the xtask itself never depends on the generated crate.
//! 6. Negative controls send requests that break the spec and expect 422, so a Prism that
//!    validated nothing could not make the run pass.
//!
//! Prism is killed when its guard drops, whether the run passed or failed.

use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The folder with `package.json`, `package-lock.json` and `redocly.yaml`, relative to the
/// workspace root.
pub const TOOLS_DIR: &str = "xtask/conformance";

/// The oldest Node.js the pinned tools support (Redocly CLI 2 needs 20.19).
const MIN_NODE: (u32, u32) = (20, 19);
/// How long Prism may take to start listening.
const PRISM_START: Duration = Duration::from_secs(60);
/// The time each raw request may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);
/// The token every request carries; Prism only checks that a bearer token is present.
const TOKEN: &str = "xoxp-conformance";

/// Runs the whole check from the workspace root.
pub fn check(root: &Path) -> std::result::Result<(), crate::Failure> {
    run(root).map_err(|problem| crate::Failure::Conformance(problem.0))
}

/// Why the run failed, in words meant for the person who ran it.
#[derive(Debug)]
struct Problem(String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Problem {
    fn from(message: String) -> Self {
        Problem(message)
    }
}

type Result<T, E = Problem> = std::result::Result<T, E>;

fn run(root: &Path) -> Result<()> {
    let tools = root.join(TOOLS_DIR);
    let spec = root.join(crate::DEFAULT_SPEC);
    let started = Instant::now();

    step("Node.js and npm");
    require_node()?;

    step("npm packages (Redocly CLI, Prism)");
    install(&tools)?;

    step("redocly lint");
    lint(&tools, &spec)?;

    step("build the conformance client");
    build_client(root)?;

    step("prism mock");
    let prism = Prism::start(&tools, &spec)?;
    println!("Prism is serving the spec at {}", prism.base_url);

    step("generated client against Prism");
    drive_client(root, &prism)?;

    step("negative controls");
    let controls = negative_controls(&prism)?;

    drop(prism);
    println!(
        "\nconformance: spec lint clean; every call accepted and decoded; {controls} invalid requests rejected with 422 ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn step(name: &str) {
    println!("\n==> {name}");
}

// ---------------------------------------------------------------------------------------
// Tools.

/// Fails loudly unless `node` (recent enough) and `npm` run.
fn require_node() -> Result<()> {
    let advice = "`cargo xtask conformance` runs Redocly CLI and Prism, which need Node.js 20.19 or newer \
                  and npm on PATH; install both and run it again";
    let node = tool_version("node").map_err(|e| format!("cannot run `node --version`: {e}. {advice}"))?;
    let npm = tool_version("npm").map_err(|e| format!("cannot run `npm --version`: {e}. {advice}"))?;
    let (major, minor) =
        parse_node_version(&node).ok_or_else(|| format!("cannot read the Node.js version `{node}`"))?;
    if (major, minor) < MIN_NODE {
        return Err(format!("Node.js {node} is too old. {advice}").into());
    }
    println!("node {node}, npm {npm}");
    Ok(())
}

fn tool_version(tool: &str) -> io::Result<String> {
    let output = Command::new(tool).arg("--version").stdin(Stdio::null()).output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!("it exited with {}", output.status)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `v20.20.2` → `(20, 20)`.
fn parse_node_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// A copy of the lockfile that `npm ci` last installed, kept inside `node_modules` (which
/// `npm ci` deletes first), so a changed lockfile always leads to a fresh install.
const STAMP: &str = "node_modules/.xtask-package-lock.json";
/// The executables the run needs from `node_modules/.bin`.
const BINS: [&str; 2] = ["redocly", "prism"];

/// Runs `npm ci` unless `node_modules` matches the lockfile already.
fn install(tools: &Path) -> Result<()> {
    let lock_path = tools.join("package-lock.json");
    let lock = fs::read(&lock_path).map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let installed = BINS.iter().all(|bin| tools.join("node_modules/.bin").join(bin).exists());
    if installed && fs::read(tools.join(STAMP)).ok().as_deref() == Some(lock.as_slice()) {
        println!("node_modules matches package-lock.json; nothing to install");
        return Ok(());
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(tools)
        .env("npm_config_update_notifier", "false")
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run `npm ci`: {e}"))?;
    if !status.success() {
        return Err(format!("`npm ci` in {} failed ({status})", tools.display()).into());
    }
    if let Some(bin) = BINS.iter().find(|bin| !tools.join("node_modules/.bin").join(bin).exists()) {
        return Err(format!("`npm ci` finished but node_modules/.bin/{bin} is missing").into());
    }
    fs::write(tools.join(STAMP), &lock).map_err(|e| format!("cannot write {STAMP}: {e}"))?;
    Ok(())
}

/// A command that runs one of the installed tools with the machine's `node`.
fn tool(tools: &Path, bin: &str) -> Command {
    let mut command = Command::new("node");
    command
        .arg(tools.join("node_modules/.bin").join(bin))
        .current_dir(tools)
        .stdin(Stdio::null())
        // The run is offline and must be quiet: no usage data, no update notices.
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    command
}

// ---------------------------------------------------------------------------------------
// Lint.

/// Lints the spec; any error or warning fails the run and is shown in full.
fn lint(tools: &Path, spec: &Path) -> Result<()> {
    let lint = |format: &str| {
        let mut command = tool(tools, "redocly");
        command.args(["lint", "--config", "redocly.yaml", "--format", format]).arg(spec);
        command
    };
    let output = lint("json").output().map_err(|e| format!("cannot run redocly: {e}"))?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "redocly lint printed no JSON report ({e}; {}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let count = |key: &str| report["totals"][key].as_u64().unwrap_or(u64::MAX);
    let (errors, warnings) = (count("errors"), count("warnings"));
    if output.status.success() && errors == 0 && warnings == 0 {
        println!("{}: no errors, no warnings (recommended ruleset, xtask/conformance/redocly.yaml)", spec.display());
        return Ok(());
    }
    // Show the problems the way people read them, then fail.
    let _ = lint("codeframe").status();
    Err(format!("redocly lint reported {errors} error(s) and {warnings} warning(s) ({})", output.status).into())
}

// ---------------------------------------------------------------------------------------
// Prism.

/// A running `prism mock`, killed when dropped.
struct Prism {
    child: Child,
    addr: SocketAddr,
    base_url: String,
    log: Arc<Mutex<String>>,
}

impl Prism {
    /// Starts Prism on a free loopback port and waits until it listens. The port is
    /// chosen by binding port 0 and releasing it, so another process may take it in
    /// between; a start that fails that way is retried on a new port.
    fn start(tools: &Path, spec: &Path) -> Result<Prism> {
        let mut last = Problem(String::from("Prism did not start"));
        for _ in 0..3 {
            let port = free_port().map_err(|e| format!("cannot find a free loopback port: {e}"))?;
            let mut prism = Prism::spawn(tools, spec, port)?;
            match prism.wait_until_listening() {
                Ok(()) => return Ok(prism),
                Err(failure) if prism.log_text().contains("EADDRINUSE") => last = failure,
                Err(failure) => return Err(failure),
            }
        }
        Err(last)
    }

    fn spawn(tools: &Path, spec: &Path, port: u16) -> Result<Prism> {
        let mut command = tool(tools, "prism");
        command
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|e| format!("cannot start prism: {e}"))?;
        let log = Arc::new(Mutex::new(String::new()));
        if let Some(stdout) = child.stdout.take() {
            collect(stdout, Arc::clone(&log));
        }
        if let Some(stderr) = child.stderr.take() {
            collect(stderr, Arc::clone(&log));
        }
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        Ok(Prism { child, addr, base_url: format!("http://{addr}"), log })
    }

    /// Waits for Prism's own "listening" line on our port and for the port to accept.
    fn wait_until_listening(&mut self) -> Result<()> {
        let deadline = Instant::now() + PRISM_START;
        let ready_line = format!("Prism is listening on {}", self.base_url);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("prism exited before listening ({status}):\n{}", self.log_text()).into());
            }
            if self.log_text().contains(&ready_line)
                && TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("prism did not listen within {PRISM_START:?}:\n{}", self.log_text()).into());
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_text(&self) -> String {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// How much has been logged so far, to find what one request added.
    fn log_mark(&self) -> usize {
        self.log.lock().map(|log| log.len()).unwrap_or(0)
    }

    /// Prism's validation findings logged since `mark`.
    fn violations_since(&self, mark: usize) -> Vec<String> {
        // The log is read by threads; give them a moment to catch up with the request.
        thread::sleep(Duration::from_millis(200));
        let log = self.log_text();
        log.get(mark..)
            .unwrap_or("")
            .lines()
            .filter(|line| line.contains("Violation") || line.contains("✖"))
            .map(|line| line.trim().to_owned())
            .collect()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Best effort: the process may have exited already.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Copies a child's output, line by line, into `log` on a background thread.
fn collect(pipe: impl Read + Send + 'static, log: Arc<Mutex<String>>) {
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(io::Result::ok) {
            if let Ok(mut log) = log.lock() {
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
}

// ---------------------------------------------------------------------------------------
// The generated client against Prism.

/// The `cargo` that runs this xtask, so the client is built with the same toolchain.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.stdin(Stdio::null());
    command
}

/// The program in `tests/` that drives the generated client, run through Cargo.
const CLIENT: [&str; 5] = ["--quiet", "--package", "tests", "--bin", "conformance_client"];

/// Builds the client before Prism starts, so a compile error is reported on its own.
fn build_client(root: &Path) -> Result<()> {
    let status = cargo().arg("build").args(CLIENT).current_dir(root).status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("building the conformance client failed ({status})").into()),
        Err(e) => Err(format!("cannot run cargo: {e}").into()),
    }
}

/// Runs the client against Prism. On failure, Prism's validation findings are shown
/// beside the client's own report, since they say which part of a request broke the spec.
fn drive_client(root: &Path, prism: &Prism) -> Result<()> {
    let mark = prism.log_mark();
    let status = cargo().arg("run").args(CLIENT).arg("--").arg(&prism.base_url).current_dir(root).status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => {
            let mut message = format!("the generated client failed against Prism ({status})");
            for violation in prism.violations_since(mark) {
                message.push_str(&format!("\n  prism: {violation}"));
            }
            Err(message.into())
        }
        Err(e) => Err(format!("cannot run cargo: {e}").into()),
    }
}

// ---------------------------------------------------------------------------------------
// Negative controls.

/// Requests that break the spec, each of which Prism must refuse with 422. They use the
/// encodings the client uses (percent-encoded, comma-joined lists in forms).
fn negative_controls(prism: &Prism) -> Result<usize> {
    const FORM: &str = "application/x-www-form-urlencoded";
    const JSON: &str = "application/json; charset=utf-8";
    let ids_1001 = (0..1001).map(|i| format!("W{i:08}")).collect::<Vec<_>>().join("%2C");
    let controls: [(&str, &str, &str, String); 6] = [
        ("reset", FORM, "required user_id missing", String::from("mobile_only=true")),
        ("reset", JSON, "user_id of the wrong type", String::from(r#"{"user_id":42}"#)),
        ("list", JSON, "limit=0 under the minimum", String::from(r#"{"limit":0}"#)),
        ("list", FORM, "limit=1001 over the maximum", String::from("limit=1001")),
        ("setSettings", FORM, "duration=179 under the minimum", String::from("user_ids=U1&duration=179")),
        ("resetBulk", FORM, "1001 comma-joined user_ids over maxItems", format!("user_ids={ids_1001}")),
    ];
    let mut failures = Vec::new();
    for (method, content_type, label, body) in &controls {
        let path = format!("/admin.users.session.{method}");
        match raw_post(prism.addr, &path, content_type, body) {
            Ok(422) => println!("  ok    {path:<36} 422   {label}"),
            Ok(status) => {
                println!("  FAIL  {path:<36} {status}   {label}");
                failures.push(format!("{path} ({label}) answered {status}, expected 422"));
            }
            Err(e) => failures.push(format!("{path} ({label}): {e}")),
        }
    }
    if failures.is_empty() {
        Ok(controls.len())
    } else {
        Err(format!(
            "Prism accepted requests that break the spec, so its validation cannot be trusted:\n  {}",
            failures.join("\n  ")
        )
        .into())
    }
}

/// Sends one HTTP/1.1 POST and returns the status code.
fn raw_post(addr: SocketAddr, path: &str, content_type: &str, body: &str) -> io::Result<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, CALL_TIMEOUT)?;
    stream.set_read_timeout(Some(CALL_TIMEOUT))?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nAccept: application/json\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::other(format!("not an HTTP response: {:?}", response.lines().next())))
}

#[cfg(test)]
mod tests {
    use super::parse_node_version;

    #[test]
    fn reads_node_versions() {
        assert_eq!(parse_node_version("v20.20.2\n"), Some((20, 20)));
        assert_eq!(parse_node_version("v18.19.0"), Some((18, 19)));
        assert_eq!(parse_node_version("node"), None);
    }
}
