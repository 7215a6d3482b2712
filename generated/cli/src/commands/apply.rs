//! `apply PLAN`: run a plan that `sweep --plan-out` saved, exactly as planned and within
//! the rails: the approval step, where one person plans and another applies. Only the
//! planned sessions that are still listed and still match end; a plan made for another
//! org is refused before anything is sent.

use std::path::Path;

use slack_admin_users_session::{
    sweep::{SavedPlan, SweepOptions},
    Client,
};

use crate::cli::{ApplyArgs, Format};
use crate::exit::{Exit, Failure};
use crate::plan_view;
use crate::provenance::Provenance;
use crate::rails::{approve, Ask};
use crate::report;
use crate::session_job::{drive, slack_time};
use crate::verbosity::note;

/// Runs `apply` as the command line asked.
pub async fn run(client: &Client, args: &ApplyArgs, format: Format) -> Result<Exit, Failure> {
    let saved = read_plan(&args.plan)?;
    if let Some(path) = args.journal.as_deref().filter(|path| path.exists()) {
        let message = format!("the journal {} exists already: resume it, or name a new one", path.display());
        return Err(Failure::usage(message));
    }
    let provenance = Provenance::of(client, args.rails.reason.as_deref()).await?;
    check_org(&saved, &provenance, &args.plan)?;
    let made_by = saved.owner.as_ref().map_or("unknown", |owner| owner.operator.as_str());
    note(format_args!("apply: {} made by {made_by} for the filter {}", args.plan.display(), saved.filter));
    note(format_args!("apply: plan: {}", plan_view::describe(&saved.summary, &[])));
    if !saved.protected.is_empty() {
        note(format_args!("apply: never ending the sessions of {}", saved.protected.join(", ")));
    }
    let targets = saved.targets.len();
    approve(&args.rails, Ask { job: "apply", targets, unit: "session" }).await?;
    let mut options = SweepOptions::new();
    if let Some(path) = &args.journal {
        note(format_args!("apply: recording the job in {}", path.display()));
        options = options.journal(provenance.create_journal(path)?);
    }
    let slack_time = slack_time(&saved.summary, 1.0);
    let outcomes = client.apply_plan(saved, options);
    let (tally, sink) = drive("apply", outcomes, Some(targets as u64), slack_time, format).await?;
    let mut summary = tally.summary(Some(targets));
    summary.provenance = provenance;
    summary.journal = args.journal.clone();
    report::finish(sink, &summary)?;
    Ok(summary.exit())
}

/// The plan saved at `path`.
fn read_plan(path: &Path) -> Result<SavedPlan, Failure> {
    let unreadable = |problem: String| Failure::usage(format!("cannot read the plan {}: {problem}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|error| unreadable(error.to_string()))?;
    let saved: SavedPlan = serde_json::from_str(&text)
        .map_err(|error| unreadable(format!("{error} (is it a file `sweep --plan-out` wrote?)")))?;
    if saved.version != SavedPlan::VERSION {
        return Err(unreadable(format!(
            "it is of format version {}, and this tool reads version {}",
            saved.version,
            SavedPlan::VERSION
        )));
    }
    Ok(saved)
}

/// Refuses a plan made for another org than the token's, or one that does not say
/// which org it was made for: its session IDs mean nothing anywhere else. Another
/// operator may apply it; that is what a saved plan is for.
fn check_org(saved: &SavedPlan, current: &Provenance, path: &Path) -> Result<(), Failure> {
    let org = current.org.as_deref().unwrap_or_default();
    match &saved.owner {
        Some(owner) if owner.org == org => Ok(()),
        Some(owner) => Err(Failure::usage(format!(
            "{}: the plan was made for organization {}, and this token belongs to organization {org}; \
             nothing was sent",
            path.display(),
            owner.org
        ))),
        None => Err(Failure::usage(format!(
            "{}: the plan does not say which organization it was made for; nothing was sent",
            path.display()
        ))),
    }
}
