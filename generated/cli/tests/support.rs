//! Running the built `slack-sessions` as a process against a fake Slack started in the
//! test: a seeded org, a token file, and the exit code and output of each run.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use slack_admin_users_session::fake::{
    Device, FakeSlack, FakeSlackBuilder, FakeToken, Role, DEFAULT_TOKEN, DEFAULT_TOKEN_LABEL,
};
use slack_admin_users_session::{ActiveSession, SessionClient};

/// The binary Cargo built for these tests, with the package's features (`demo` or not).
pub const BIN: &str = env!("CARGO_BIN_EXE_slack-sessions");

/// How much faster than real time the fake's clock runs, and so the tool's pacing.
pub const SCALE: f64 = 600.0;

/// A fake Slack, the token file that reaches it, and the tool pointed at both.
pub struct Org {
    /// The fake, to seed and to read back.
    pub fake: FakeSlack,
    token_file: TempFile,
    scale: f64,
}

/// What one run of the tool did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when a signal ended the process).
    pub code: Option<i32>,
    /// Everything it wrote to stdout.
    pub stdout: String,
    /// Everything it wrote to stderr.
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// stdout as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// stdout as JSON Lines, one value a line.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout.lines().map(|line| serde_json::from_str(line).expect("each line is JSON")).collect()
    }

    /// stdout as CSV: the header and the records, read by the csv crate.
    pub fn csv(&self) -> (Vec<String>, Vec<csv::StringRecord>) {
        let mut reader = csv::Reader::from_reader(self.stdout.as_bytes());
        let header = reader.headers().expect("a CSV header").iter().map(str::to_owned).collect();
        let records = reader.records().collect::<Result<_, _>>().expect("CSV records");
        (header, records)
    }
}

impl Org {
    /// A fake on a fast clock, with no sessions yet.
    pub async fn new() -> Org {
        Org::at_scale(SCALE).await
    }

    /// A fake whose clock runs `scale` times faster than real time.
    pub async fn at_scale(scale: f64) -> Org {
        Org::built(FakeSlack::builder().time_scale(scale)).await
    }

    /// A fake of the organization `org_id`, on a fast clock.
    pub async fn of_org(org_id: &str) -> Org {
        Org::built(FakeSlack::builder().time_scale(SCALE).org_id(org_id)).await
    }

    /// A fake of the organization `org_id` whose token belongs to `owner`, an org admin.
    pub async fn with_token_owner(org_id: &str, owner: &str) -> Org {
        let token = FakeToken::new(DEFAULT_TOKEN_LABEL, DEFAULT_TOKEN).owner(owner, Role::Admin);
        let org = Org::built(FakeSlack::builder().time_scale(SCALE).org_id(org_id).token_with(token)).await;
        org.fake.add_user_with_role(owner, Role::Admin);
        org
    }

    async fn built(builder: FakeSlackBuilder) -> Org {
        let fake = builder.start().await.expect("the fake starts");
        let scale = fake.time_scale();
        Org { fake, token_file: TempFile::with(DEFAULT_TOKEN), scale }
    }

    /// Adds a session of `user` on `os`, seen from `ip`.
    pub fn session(&self, user: &str, session_id: i64, device: Device, os: &str, ip: &str) {
        let mut client = SessionClient::new();
        client.os = Some(os.to_owned());
        client.ip = Some(ip.to_owned());
        if device == Device::Mobile {
            client.device_hardware = Some(if os == "iOS" { "iPhone" } else { "Pixel" }.to_owned());
        }
        let mut session = ActiveSession::new(user, "E0000001", session_id);
        session.created = Some(client);
        self.fake.add_session(device, session);
    }

    /// The IDs of the sessions still active in the fake, sorted.
    pub fn session_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.fake.sessions().iter().map(|s| s.session_id).collect();
        ids.sort();
        ids
    }

    /// The arguments that point the tool at the fake.
    pub fn connection(&self) -> Vec<String> {
        let file = self.token_file.path.display().to_string();
        let scale = self.scale.to_string();
        ["--base-url", &self.fake.url(), "--token-file", &file, "--time-scale", &scale].map(str::to_owned).to_vec()
    }

    /// Runs the tool with `args` against the fake and waits for it.
    pub async fn run(&self, args: &[&str]) -> Run {
        let mut command = tool(args);
        command.args(self.connection());
        output(command).await
    }

    /// Runs the tool with `args` against the fake, `stdin` as its input.
    pub async fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut command = tool(args);
        command.args(self.connection()).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("the tool starts");
        let mut input = child.stdin.take().expect("a stdin pipe");
        let text = stdin.to_owned();
        tokio::task::spawn_blocking(move || std::io::Write::write_all(&mut input, text.as_bytes()))
            .await
            .expect("the writer runs")
            .expect("stdin is written");
        wait(child).await
    }

    /// Starts the tool with `args` against the fake, without waiting.
    pub fn spawn(&self, args: &[&str]) -> Child {
        let mut command = tool(args);
        command.args(self.connection()).stdout(Stdio::piped()).stderr(Stdio::piped());
        command.spawn().expect("the tool starts")
    }
}

/// The tool with `args`, and no token or profile in its environment.
pub fn tool(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("SLACK_ADMIN_TOKEN").env_remove("SLACK_SESSIONS_PROFILE").stdin(Stdio::null());
    command
}

/// Runs `command` off the runtime's threads, so the fake keeps answering, and waits.
pub async fn output(mut command: Command) -> Run {
    let output = tokio::task::spawn_blocking(move || command.output()).await.expect("the runner runs");
    Run::from(output.expect("the tool starts"))
}

/// Reads the first line `child` writes on stdout, then closes the pipe, as `head -1`
/// does; the child goes on, and its next writes find the pipe closed.
pub async fn head_1(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("a stdout pipe");
    let read = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).map(|_| line)
    });
    read.await.expect("the reader runs").expect("a line")
}

/// Waits for `child` off the runtime's threads.
pub async fn wait(child: Child) -> Run {
    let output = tokio::task::spawn_blocking(move || child.wait_with_output()).await.expect("the waiter runs");
    Run::from(output.expect("the tool ends"))
}

/// A file under Cargo's temporary folder for these tests, removed when dropped.
pub struct TempFile {
    /// Where it is.
    pub path: PathBuf,
}

impl TempFile {
    /// A new file holding `text`, readable by its owner only.
    pub fn with(text: &str) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("cli-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, text).expect("the file is written");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
        }
        TempFile { path }
    }
}

impl TempFile {
    /// A path in the folder that does not exist yet, for a file the tool must create
    /// (a journal, a plan); removed when dropped, if the tool made it.
    pub fn fresh() -> TempFile {
        let file = TempFile::with("");
        std::fs::remove_file(&file.path).expect("the path must be free");
        file
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The summary fields of a job's JSON document.
pub fn summary(document: &Value) -> Value {
    let fields = ["job", "targets", "done", "failed", "not_attempted", "unconfirmed", "lost", "calls", "interrupted"];
    Value::Object(fields.iter().map(|field| (field.to_string(), document[field].clone())).collect())
}
