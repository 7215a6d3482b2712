//! The command line of `slack-sessions`: every subcommand, option and help text, as clap
//! derive types. Nothing here talks to Slack.

// The doc comments here are also the `--help` text, where a URL reads best bare: rustdoc's
// angle brackets would show up in the terminal.
#![allow(rustdoc::bare_urls)]

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use slack_admin_users_session::sweep::{IpRange, Resets, SessionFilter};

/// The text after every `--help`: what the exit codes mean and where the token comes from.
pub const AFTER_HELP: &str = "\
Exit codes:
  0    everything asked for was done
  1    some targets or calls failed (their outcomes say which), or Slack was
       unreachable
  2    the command line or the configuration is wrong (no token, a bad option,
       a file with lines that are not user IDs, an argument Slack's rules
       forbid), or a rail refused the job: more targets than --max-targets
       without --yes or a typed confirmation, or a saved plan made for another
       org; nothing was sent
  3    Slack refused the token: it is invalid, revoked or expired, or lacks a
       scope or admin role the method needs
  130  stopped by Ctrl-C; the targets not yet sent are reported as not attempted

The token is read from SLACK_ADMIN_TOKEN, or from the file given to --token-file
or named by a profile's token_file: a user token of an org owner or admin with the
admin.users:read and admin.users:write scopes. Profiles are in
$XDG_CONFIG_HOME/slack-sessions/config.toml (~/.config/slack-sessions/config.toml);
--profile NAME or SLACK_SESSIONS_PROFILE chooses one.";

/// The text after each subcommand's help: the exit codes in short.
pub const SUBCOMMAND_AFTER_HELP: &str = "\
Exit codes: 0 all done, 1 some failed, 2 usage or configuration wrong or refused by a
rail (nothing sent), 3 token refused, 130 stopped by Ctrl-C (slack-sessions --help says
more)";

const LONG_ABOUT: &str = "\
Sign Slack users out, end their sessions and manage session settings across an Enterprise
Grid organization, with Slack's admin.users.session.* methods.

Every job is paced at the method's rate limit and reports one outcome for every target:
on stdout as a table, JSON, JSON Lines or CSV (--format), with progress and a summary on
stderr. A call that may have acted is not sent again blind: the client re-sends on its
own only what never left, what Slack rate-limited, and calls the spec marks idempotent;
reset-bulk re-sends a reset only for the users Slack's answer named as failed.

Jobs that end sessions stop at --max-targets (100) unless --yes is given or the plan is
confirmed on a terminal; a sweep keeps the operator's own sessions and those of the users
in --protect FILE.

Example: end every mobile session seen from one network, after looking at them first:

  export SLACK_ADMIN_TOKEN=xoxp-...
  slack-sessions sweep --ip 203.0.113.0/24 --mobile --dry-run
  slack-sessions sweep --ip 203.0.113.0/24 --mobile --format json \\
      > outcomes.json";

/// Sign Slack users out and manage their sessions (admin.users.session.*).
#[derive(Debug, Parser)]
#[command(name = "slack-sessions", version, about, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
#[command(max_term_width = 100)]
pub struct Cli {
    /// The options every subcommand takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The command line as clap builds it from [`Cli`], with every long text reflowed: the
/// texts here are wrapped at 90 columns to read well in the source, and clap's own
/// wrapping to the terminal's width then breaks each paragraph once, where it fits,
/// rather than at every line of the source too.
pub fn command() -> clap::Command {
    reflowed(Cli::command())
}

/// `command` with its long about and after-help texts reflowed, and its subcommands'.
fn reflowed(command: clap::Command) -> clap::Command {
    let long_about = command.get_long_about().map(|text| reflow(&text.to_string()));
    let after_help = command.get_after_help().map(|text| reflow(&text.to_string()));
    let command = match long_about {
        Some(text) => command.long_about(text),
        None => command,
    };
    let command = match after_help {
        Some(text) => command.after_help(text),
        None => command,
    };
    command.mut_subcommands(reflowed)
}

/// Joins the lines of each paragraph of `text` into one line, so that the terminal's
/// width decides where they break. Indented lines (examples, the exit codes' table)
/// are kept as written: they are laid out by hand to fit 80 columns.
pub fn reflow(text: &str) -> String {
    let mut out = String::new();
    let mut joining = false;
    for line in text.lines() {
        let prose = !line.is_empty() && !line.starts_with(' ');
        if prose && joining {
            out.push(' ');
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        joining = prose;
    }
    out
}

/// How results are written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document; for a job, its summary with every outcome inside.
    Json,
    /// One JSON object a line, written as results come.
    Jsonl,
    /// Comma-separated values with a header line (RFC 4180 quoting).
    Csv,
}

/// The options every subcommand takes: output, token and network.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// How results are written to stdout
    #[arg(long, global = true, value_enum, default_value_t = Format::Table, value_name = "FORMAT")]
    pub format: Format,

    /// Use the connection settings of profile NAME in the config file (default:
    /// SLACK_SESSIONS_PROFILE); options given here win over the profile's
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Read the token from this file (its first line) instead of SLACK_ADMIN_TOKEN
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Refused: a token on the command line leaks (use SLACK_ADMIN_TOKEN or --token-file)
    #[arg(long, global = true, value_name = "TOKEN", hide = true, value_parser = forget_token)]
    pub token: Option<RefusedToken>,

    /// Send calls to this Slack API URL instead of https://slack.com/api
    #[arg(long, global = true, value_name = "URL", conflicts_with = "govslack")]
    pub base_url: Option<String>,

    /// Send calls to GovSlack (https://slack-gov.com/api)
    #[arg(long, global = true)]
    pub govslack: bool,

    /// Reach Slack through this proxy instead of the environment's HTTPS_PROXY
    #[arg(long, global = true, value_name = "URL", conflicts_with = "no_proxy")]
    pub proxy: Option<String>,

    /// Connect directly, ignoring HTTPS_PROXY, HTTP_PROXY and ALL_PROXY
    #[arg(long, global = true)]
    pub no_proxy: bool,

    /// Also trust the CA certificates in this PEM file (repeatable)
    #[arg(long, global = true, value_name = "PEM_FILE")]
    pub ca_cert: Vec<PathBuf>,

    /// Give up on an attempt after this many seconds (default 30)
    #[arg(long, global = true, value_name = "SECS")]
    pub timeout: Option<f64>,

    /// Say more on stderr: each call to Slack with its request ID, its waits and
    /// retries (-vv: each attempt and pacing wait; -vvv: the HTTP stack's detail too)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Say only what went wrong on stderr: no plan, progress or summary of a job that
    /// went well
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Pace calls this many times faster than Slack's rate limits allow: only for a fake
    /// Slack whose clock runs faster (its --time-scale)
    #[arg(long, global = true, value_name = "X", hide = true, default_value_t = 1.0)]
    pub time_scale: f64,
}

/// A token given with `--token`, which is refused. Its text is dropped as it is parsed,
/// so that it cannot reach `Debug` output, an error or a log.
#[derive(Debug, Clone, Copy)]
pub struct RefusedToken;

/// Parses `--token` by forgetting its value. It never fails: clap would quote the value
/// in its error message.
fn forget_token(_: &str) -> Result<RefusedToken, std::convert::Infallible> {
    Ok(RefusedToken)
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List active sessions, all of them or those the filters match
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
List the organization's active sessions, all of them or those the filters match. Every
filter given must hold.

Example: the sessions of one user on phones and tablets, as CSV:

  slack-sessions list --user U012S9M77JP --mobile --format csv")]
    List(FilterArgs),

    /// Sign one user out of their sessions (admin.users.session.reset)
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Sign one user out of all their sessions, or of only their mobile or only their web
sessions, with admin.users.session.reset.

Example:

  slack-sessions reset U012S9M77JP --mobile-only")]
    Reset(ResetArgs),

    /// Sign many users out, 1,000 to a call (admin.users.session.resetBulk)
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Sign out every user listed in a file or on stdin, 1,000 to a call, with
admin.users.session.resetBulk, paced at its rate limit. Each distinct user gets one
outcome; `done` means Slack accepted the call and queued the sign-out, which it carries
out shortly after.

The file is checked before anything is sent: a UTF-8 byte-order mark and CRs are
dropped, IDs are separated by new lines, commas or spaces, blank lines are skipped and #
starts a comment. Every other word must be a user ID (U or W, then uppercase letters and
digits, 8 or more characters); if one is not, the file is refused with the number of
each bad line, and nothing is sent.

More users than --max-targets (100) need --yes, or the number typed on a terminal.

Example:

  slack-sessions reset-bulk --from compromised.txt --reason INC-42 \\
      --format csv > outcomes.csv
  cut -d, -f1 users.csv | tail -n +2 | slack-sessions reset-bulk --from - --yes")]
    ResetBulk(ResetBulkArgs),

    /// End one session (admin.users.session.invalidate)
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
End one session by its ID, with admin.users.session.invalidate. Slack looks the session up
under its owner, so give the user it belongs to.

Example:

  slack-sessions invalidate 1112275520242 --user U012S9M77JP")]
    Invalidate(InvalidateArgs),

    /// End every session the filters match, in the fewest calls; --dry-run shows the plan
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
End every session the filters match, in the fewest calls Slack allows. Every session is
listed first; then the plan uses admin.users.session.resetBulk (1,000 users a call) for
users whose matched sessions a reset ends exactly, all of them or exactly their mobile
ones, and admin.users.session.invalidate for the rest, each paced at its rate limit.
Then it lists again until every target is confirmed gone: a session counts as ended only
then.

By default a reset is used only where it can end nothing but matches, even sessions the
user opens later (filters on users and --mobile). --whole-user-resets allows them for any
filter, such as --ip, where the listing shows a user's every session matches; the plan
says what that would save. --invalidate-only never resets.

Rails: the sessions of the token's owner (the operator) are kept unless --include-self,
and so are those of every user in --protect FILE; the plan shows them as kept. A plan
that ends more than --max-targets sessions (100) runs only with --yes, or once the
number of sessions is typed on a terminal; otherwise it is shown, nothing is ended, and
the exit code is 2. --reason is recorded in the journal and the JSON summary, with the
operator and the org.

--plan-out FILE writes the plan without running it, for `slack-sessions apply FILE`:
one person plans, another reviews and applies.

Without a filter a sweep would end every session of the organization, so it then needs
--all as well.

With --dry-run (or --plan) nothing is ended: the plan is shown on stderr, and the
sessions it would end are written as `list` writes them. With --journal the job is
recorded as JSON Lines, call by call; `slack-sessions resume FILE` finishes it after a
crash or Ctrl-C.

Example: every session seen from one network:

  slack-sessions sweep --ip 203.0.113.0/24 --whole-user-resets --dry-run
  slack-sessions sweep --ip 203.0.113.0/24 --whole-user-resets \\
      --journal incident-42.jsonl --reason INC-42 --protect break-glass.txt")]
    Sweep(SweepArgs),

    /// Run a plan that `sweep --plan-out` saved, exactly as planned
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Run a sign-out plan that `sweep --plan-out FILE` wrote: the approval step, where one
person plans and another applies. Only the sessions in the plan are ended, and only
those still listed and still matching the plan's filter; sessions opened since the plan
was written are not added. A plan made for another org is refused (exit 2, nothing
sent). The rails are those of `sweep`: --max-targets, --yes, --reason, --journal.

Example:

  slack-sessions sweep --ip 203.0.113.0/24 --plan-out incident-42.plan.json
  slack-sessions apply incident-42.plan.json --reason INC-42 \\
      --journal incident-42.jsonl")]
    Apply(ApplyArgs),

    /// Finish a journaled job (sweep, reset-bulk, settings) after a crash or Ctrl-C
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Finish a job that `sweep`, `reset-bulk` or `settings set|clear` recorded with --journal,
after a crash, a
lost connection or Ctrl-C. Targets with a final outcome in the journal are skipped. For
a sweep, the rest are checked by listing first, so nothing that may have taken effect is
sent again; what is still there is planned and ended, then confirmed. The run appends to
the same journal, so every target ends with one final outcome in it.

Example:

  slack-sessions resume incident-42.jsonl --format json")]
    Resume(ResumeArgs),

    /// Read, set or clear users' session settings
    #[command(subcommand)]
    Settings(SettingsCommand),

    /// Print a completion script for a shell, to load in its startup file
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Print the completion script for SHELL on stdout: subcommands, options and their values
complete on Tab. Load it from the shell's startup file, or save it where the shell looks
for completions.

Example:

  echo 'source <(slack-sessions completions bash)' >> ~/.bashrc
  slack-sessions completions zsh > ~/.zfunc/_slack-sessions
  slack-sessions completions fish > ~/.config/fish/completions/slack-sessions.fish")]
    Completions(CompletionsArgs),

    /// Print the JSON Schema of the tool's JSON and JSON Lines outputs
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Print the JSON Schema (draft 2020-12) of an output, or of every output in one document,
on stdout. Every JSON document and JSON Lines record the tool writes carries
schema_version, the version of these schemas: it changes when a field is removed or
changes meaning, so a playbook can pin it.

The outputs: list (list --format json), session (a line of list or sweep --dry-run
--format jsonl), plan (sweep --dry-run --format json), settings and settings-record
(settings get), job (a job's --format json: reset, reset-bulk, invalidate, sweep, apply,
resume, settings set|clear, demo) and outcome (a line of a job's --format jsonl).

Example:

  slack-sessions schema job > job.schema.json")]
    Schema(SchemaArgs),

    /// Print the manual page (roff) on stdout
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Print the manual page of slack-sessions, in roff, on stdout: every subcommand and option,
as --help says them.

Example:

  slack-sessions manpage > ~/.local/share/man/man1/slack-sessions.1
  man slack-sessions")]
    Manpage,

    /// Run a sweep against a fake Slack seeded with sessions: no org or token needed
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Start a fake Slack in the process, seed it with a phone and a desktop session for each of
--users users, and end every session seen from 203.0.113.0/24 through the same code as
`sweep --whole-user-resets`, on a clock sped up so that it takes seconds: one resetBulk
for the users seen only from there, an invalidate for each of the others. Shows the plan, the progress, the confirmation and the
summary; no organization or token is needed. Needs the `demo` feature, which
`cargo install --path generated/cli --features demo` builds in.

Example: 500 users, some calls failing as Slack's sometimes do:

  slack-sessions demo --users 500 --faults")]
    Demo(DemoArgs),
}

/// Which sessions `list` and `sweep` take; every filter given must hold.
#[derive(Debug, Args)]
#[command(next_help_heading = "Filters (every one given must hold)")]
pub struct FilterArgs {
    /// Sessions of this user
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,

    /// Sessions on this workspace or organization
    #[arg(long, value_name = "TEAM_ID")]
    pub workspace: Option<String>,

    /// Sessions seen from this address or CIDR block (IPv4 or IPv6)
    #[arg(long, value_name = "ADDR|CIDR")]
    pub ip: Option<IpRange>,

    /// Sessions whose operating system contains this text, ignoring case
    #[arg(long, value_name = "OS")]
    pub os: Option<String>,

    /// Sessions whose device hardware contains this text, ignoring case
    #[arg(long, value_name = "NAME")]
    pub device: Option<String>,

    /// Sessions on phones and tablets (iOS, iPadOS, Android)
    #[arg(long)]
    pub mobile: bool,
}

impl FilterArgs {
    /// The library's filter for these options.
    pub fn filter(&self) -> SessionFilter {
        let mut filter = SessionFilter::new();
        if let Some(user) = &self.user {
            filter = filter.user(user);
        }
        if let Some(team) = &self.workspace {
            filter = filter.workspace(team);
        }
        if let Some(range) = &self.ip {
            filter = filter.ip(*range);
        }
        if let Some(os) = &self.os {
            filter = filter.os(os);
        }
        if let Some(device) = &self.device {
            filter = filter.device(device);
        }
        if self.mobile {
            filter = filter.mobile();
        }
        filter
    }

    /// Whether no filter was given, so that every session matches.
    pub fn is_empty(&self) -> bool {
        let given = [self.user.is_some(), self.workspace.is_some(), self.ip.is_some(), self.os.is_some()];
        !given.into_iter().any(|given| given) && self.device.is_none() && !self.mobile
    }
}

/// Which of a user's sessions a reset ends.
#[derive(Debug, Args)]
pub struct Scope {
    /// End only the sessions on mobile clients
    #[arg(long, conflicts_with = "web_only")]
    pub mobile_only: bool,

    /// End only the browser sessions
    #[arg(long)]
    pub web_only: bool,
}

/// `reset USER`.
#[derive(Debug, Args)]
pub struct ResetArgs {
    /// The user to sign out
    #[arg(value_name = "USER_ID")]
    pub user: String,

    /// Which sessions end.
    #[command(flatten)]
    pub scope: Scope,
}

/// `reset-bulk --from FILE|-`.
#[derive(Debug, Args)]
pub struct ResetBulkArgs {
    /// The file of user IDs, or - for stdin
    #[arg(long, value_name = "FILE|-")]
    pub from: String,

    /// Which sessions end.
    #[command(flatten)]
    pub scope: Scope,

    /// Record the job in FILE (JSON Lines; it must not exist), for `resume`
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,

    /// The limits a job that signs people out runs within.
    #[command(flatten)]
    pub rails: RailArgs,
}

/// The rails of a job that ends sessions (`sweep`, `reset-bulk`, `apply`): how many
/// targets it may take without a confirmation, and why it runs.
#[derive(Debug, Args)]
#[command(next_help_heading = "Rails")]
pub struct RailArgs {
    /// Refuse a job of more than N targets (sessions for a sweep, users for a reset)
    /// unless --yes is given or the number is typed on a terminal
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub max_targets: usize,

    /// Go ahead with a job larger than --max-targets without asking
    #[arg(long)]
    pub yes: bool,

    /// Why the job runs (an incident or ticket), recorded in the journal and the JSON
    /// summary with the operator and the org
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// `invalidate SESSION --user USER`.
#[derive(Debug, Args)]
pub struct InvalidateArgs {
    /// The session's ID, as `list` shows it
    #[arg(value_name = "SESSION_ID")]
    pub session: i64,

    /// The user the session belongs to
    #[arg(long, value_name = "USER_ID")]
    pub user: String,

    /// The workspace the session is on, sent too (Slack's older argument, deprecated)
    #[arg(long, value_name = "TEAM_ID")]
    pub team: Option<String>,
}

/// `sweep FILTERS [--dry-run]`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Which sessions end.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Show the plan and the sessions it would end; end none
    #[arg(long, visible_alias = "plan", help_heading = "Sweep options")]
    pub dry_run: bool,

    /// Reset users in bulk wherever all their listed sessions match, whatever the filter
    ///
    /// A reset also ends sessions the user opens after the listing, which a filter on
    /// an address, a workspace, an OS or a device might not match.
    #[arg(long, conflicts_with = "invalidate_only", help_heading = "Sweep options")]
    pub whole_user_resets: bool,

    /// Never reset: one admin.users.session.invalidate per session
    #[arg(long, help_heading = "Sweep options")]
    pub invalidate_only: bool,

    /// End every session of the organization: needed when no filter is given
    #[arg(long, help_heading = "Sweep options")]
    pub all: bool,

    /// Record the job in FILE (JSON Lines; it must not exist), for `resume`
    #[arg(long, value_name = "FILE", help_heading = "Sweep options")]
    pub journal: Option<PathBuf>,

    /// Write the plan to FILE (it must not exist) and end nothing, for `apply`
    #[arg(long, value_name = "FILE", help_heading = "Sweep options", conflicts_with_all = ["dry_run", "journal"])]
    pub plan_out: Option<PathBuf>,

    /// Never end the sessions of the users in FILE (one user ID a line, # comments)
    #[arg(long, value_name = "FILE", help_heading = "Rails")]
    pub protect: Option<String>,

    /// Let the sweep end the sessions of the token's owner too (kept by default)
    #[arg(long, help_heading = "Rails")]
    pub include_self: bool,

    /// The limits a job that signs people out runs within.
    #[command(flatten)]
    pub rails: RailArgs,
}

/// `apply PLAN`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The plan `sweep --plan-out` wrote
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Record the job in FILE (JSON Lines; it must not exist), for `resume`
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,

    /// The limits a job that signs people out runs within.
    #[command(flatten)]
    pub rails: RailArgs,
}

impl SweepArgs {
    /// The resets the plan may use.
    pub fn resets(&self) -> Resets {
        if self.whole_user_resets {
            Resets::WholeUser
        } else if self.invalidate_only {
            Resets::Never
        } else {
            Resets::Exact
        }
    }
}

/// `resume JOURNAL`.
#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// The journal a job's --journal wrote
    #[arg(value_name = "JOURNAL")]
    pub journal: PathBuf,
}

/// `settings get|set|clear`.
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show users' session settings (a setting never given is empty)
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Show the session settings of each user: how long a session lasts (duration, seconds) and
whether quitting the desktop app ends it. A setting never given is empty (null in JSON).

Example:

  slack-sessions settings get U012S9M77JP U024BE7LH --format json")]
    Get(UsersArgs),

    /// Give users their own session settings
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Give each user their own session settings. Set at least one of --duration and
--desktop-app-browser-quit; a setting left out is not changed.

Example: sessions of these users last 8 hours and end when the desktop app quits:

  slack-sessions settings set U012S9M77JP U024BE7LH --duration 28800 \\
      --desktop-app-browser-quit true")]
    #[command(override_usage = "\
slack-sessions settings set [OPTIONS] --duration <SECS> [USER_ID]...
       slack-sessions settings set [OPTIONS] --desktop-app-browser-quit <BOOL> \\
           [USER_ID]...")]
    #[command(group = clap::ArgGroup::new("setting").required(true).multiple(true).args(["duration", "desktop_app_browser_quit"]))]
    Set(SetArgs),

    /// Remove users' own session settings, so the organization's apply again
    #[command(after_help = SUBCOMMAND_AFTER_HELP, long_about = "\
Remove the session settings given to each user, so that the organization's or
workspace's settings apply to them again.

Example:

  slack-sessions settings clear U012S9M77JP")]
    Clear(ClearArgs),
}

/// The users a settings subcommand takes.
#[derive(Debug, Args)]
pub struct UsersArgs {
    /// The users, any number (sent 1,000 to a call)
    #[arg(value_name = "USER_ID", required_unless_present = "from", num_args = 1..)]
    pub users: Vec<String>,

    /// Also take the user IDs in FILE, or on stdin for - (checked as reset-bulk checks
    /// its file)
    #[arg(long, value_name = "FILE|-")]
    pub from: Option<String>,
}

/// `settings set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The users.
    #[command(flatten)]
    pub users: UsersArgs,

    /// How long a session lasts, in seconds (at least 180)
    #[arg(long, value_name = "SECS")]
    pub duration: Option<i64>,

    /// Whether quitting the desktop app ends the session
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub desktop_app_browser_quit: Option<bool>,

    /// Record the job in FILE (JSON Lines; it must not exist), for `resume`
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
}

/// `settings clear USERS...`.
#[derive(Debug, Args)]
pub struct ClearArgs {
    /// The users.
    #[command(flatten)]
    pub users: UsersArgs,

    /// Record the job in FILE (JSON Lines; it must not exist), for `resume`
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
}

/// `schema [OUTPUT]`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The output whose schema to print; every output's when left out
    #[arg(value_name = "OUTPUT", value_parser = clap::builder::PossibleValuesParser::new(crate::contract::names()))]
    pub output: Option<String>,
}

/// `completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many users to seed, each with a mobile and a desktop session
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub users: usize,

    /// Make some calls fail (HTTP 502, fatal_error, a cut body, a slow answer)
    #[arg(long)]
    pub faults: bool,

    /// How much faster than real time the fake's clock runs (default: a run of ~10 s)
    #[arg(long = "speed", value_name = "X")]
    pub speed: Option<f64>,
}
