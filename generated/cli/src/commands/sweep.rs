//! `sweep FILTERS [--dry-run | --plan-out FILE]`: end every session the filters match
//! through the library's sign-out plan, within the rails, or show the plan and its
//! targets first with `--dry-run`, or save it for `apply` with `--plan-out`.

use slack_admin_users_session::Client;

use crate::cli::{Format, SweepArgs};
use crate::exit::{Exit, Failure};
use crate::id_file::read_user_ids;
use crate::provenance::Provenance;
use crate::report;
use crate::session_job::{plan_and_run, Job};

/// Runs `sweep` as the command line asked.
pub async fn run(client: &Client, args: &SweepArgs, format: Format) -> Result<Exit, Failure> {
    if args.filters.is_empty() && !args.all {
        return Err(Failure::usage(
            "no filter given: that would end every session of the organization; add --all if that is meant",
        ));
    }
    if let Some(path) = args.journal.as_deref().filter(|path| path.exists()) {
        let message = format!("the journal {} exists already: resume it, or name a new one", path.display());
        return Err(Failure::usage(message));
    }
    if let Some(path) = args.plan_out.as_deref().filter(|path| path.exists()) {
        return Err(Failure::usage(format!("the plan {} exists already: name a new one", path.display())));
    }
    let protect = match &args.protect {
        Some(source) => read_user_ids(source, "--protect")?,
        None => Vec::new(),
    };
    let provenance = Provenance::of(client, args.rails.reason.as_deref()).await?;
    let job = Job {
        filter: args.filters.filter(),
        resets: args.resets(),
        journal: args.journal.clone(),
        dry_run: args.dry_run,
        plan_out: args.plan_out.clone(),
        protect,
        include_self: args.include_self,
        rails: Some(&args.rails),
        provenance: &provenance,
        time_scale: 1.0,
    };
    let Some((tally, sink)) = plan_and_run(client, job, format).await? else { return Ok(Exit::Done) };
    let mut summary = tally.summary(None);
    summary.provenance = provenance;
    summary.journal = args.journal.clone();
    report::finish(sink, &summary)?;
    Ok(summary.exit())
}
