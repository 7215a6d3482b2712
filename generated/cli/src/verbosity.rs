//! How much the tool says on stderr: `-q` errors only, the default its notes (the plan,
//! the summary) and Slack's warnings, `-v` the library's `tracing` events too (each
//! call with its request ID, its waits and retries), `-vv` their debug detail, and
//! `RUST_LOG`, when set, the events exactly as it says.

use std::fmt::Display;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Instant;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Subscriber;
use tracing_subscriber::filter::{filter_fn, EnvFilter, LevelFilter};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// Whether `-q` was given.
static QUIET: AtomicBool = AtomicBool::new(false);

/// How many `-v` were given.
static VERBOSE: AtomicU8 = AtomicU8::new(0);

/// The library's events at debug level, for `-vv`.
const LIBRARY: &str = "slack_admin_users_session=debug";

/// The library's span around one call, from its first attempt to its answer.
const CALL_SPAN: &str = "slack.call";

/// Sets how much is said: `quiet` for `-q`, `verbose` for the number of `-v`.
pub fn init(verbose: u8, quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    VERBOSE.store(verbose, Ordering::Relaxed);
    let from_environment = std::env::var("RUST_LOG").is_ok_and(|value| !value.trim().is_empty());
    let events = if from_environment {
        EnvFilter::from_default_env()
    } else {
        let level = match (quiet, verbose) {
            (true, _) => LevelFilter::ERROR,
            (false, 0) => LevelFilter::WARN,
            (false, 1 | 2) => LevelFilter::INFO,
            (false, _) => LevelFilter::DEBUG,
        };
        let filter = EnvFilter::default().add_directive(level.into());
        // -vv is the library's debug detail (each attempt, each pacing wait), not yet
        // the HTTP stack's, which -vvv adds.
        match LIBRARY.parse() {
            Ok(library) if verbose == 2 && !quiet => filter.add_directive(library),
            _ => filter,
        }
    };
    // Events are written as they come, without colour: stderr is often a file or a
    // pipe to a log collector, and the library's events never carry a token.
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_target(false).with_ansi(false);
    // One line per call from `-v` on: the call span's end, which knows Slack's request
    // ID. Without `-v` (or with RUST_LOG) the span is left to the filter above.
    let calls = (verbose > 0 && !quiet && !from_environment)
        .then(|| Calls.with_filter(filter_fn(|meta| meta.is_span() && meta.name() == CALL_SPAN)));
    // A second subscriber cannot be set; there is none before this one.
    let _ = tracing_subscriber::registry().with(fmt.with_filter(events)).with(calls).try_init();
}

/// Whether only errors are to be said.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Whether a progress bar may be drawn: not with `-q`, which asks for silence, nor
/// with `-v`, whose lines the bar would keep redrawing over.
pub fn bar_allowed() -> bool {
    !quiet() && VERBOSE.load(Ordering::Relaxed) == 0
}

/// Says `message` on stderr unless `-q` was given: what the tool is doing, not what went
/// wrong.
pub fn note(message: impl Display) {
    if !quiet() {
        eprintln!("{message}");
    }
}

/// The layer that writes one line per call when its span ends: the method, Slack's
/// request ID, the IDs the call named (user, session, team) and how long the
/// call took, waits included.
struct Calls;

/// What a call's span recorded.
struct Call {
    started: Instant,
    fields: Vec<(&'static str, String)>,
}

impl Visit for Call {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields.push((field.name(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.fields.push((field.name(), format!("{value:?}")));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Calls {
    fn on_new_span(&self, attributes: &Attributes<'_>, id: &Id, context: Context<'_, S>) {
        let Some(span) = context.span(id) else { return };
        let mut call = Call { started: Instant::now(), fields: Vec::new() };
        attributes.record(&mut call);
        span.extensions_mut().insert(call);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, context: Context<'_, S>) {
        let Some(span) = context.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(call) = extensions.get_mut::<Call>() {
            values.record(call);
        }
    }

    fn on_close(&self, id: Id, context: Context<'_, S>) {
        let Some(span) = context.span(&id) else { return };
        let extensions = span.extensions();
        let Some(call) = extensions.get::<Call>() else { return };
        eprintln!("{}", call_line(call));
    }
}

/// A call's line: `call admin.users.session.list request_id=… user_id=… in 12 ms`.
fn call_line(call: &Call) -> String {
    let field =
        |name: &str| call.fields.iter().rev().find(|(field, _)| *field == name).map(|(_, value)| value.as_str());
    let mut line = format!("call {}", field("method").unwrap_or("?"));
    for name in ["request_id", "user_id", "session_id", "team_id"] {
        if let Some(value) = field(name) {
            line.push_str(&format!(" {name}={value}"));
        }
    }
    line.push_str(&format!(" in {} ms", call.started.elapsed().as_millis()));
    line
}
