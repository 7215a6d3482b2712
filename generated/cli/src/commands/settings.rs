//! `settings get|set|clear`: users' own session settings, any number of users, through
//! the library's batched helpers (1,000 users a call).

use futures_util::StreamExt;
use slack_admin_users_session::{
    bulk::BatchStatus, AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsRequest,
    AdminUsersSessionSetSettingsRequest, Client, UserSessionSettings,
};

use crate::cli::{Format, SetArgs, SettingsCommand, UsersArgs};
use crate::exit::{describe, Exit, Failure};
use crate::id_file::users_of;
use crate::interrupt::or_ctrl_c;
use crate::output::{write_failure, Sink};
use crate::provenance::Provenance;
use crate::report::{Problem, SettingsOutcome, Verdict};
use crate::user_job;
use crate::words::many;

/// Runs the `settings` subcommand the command line asked for.
pub async fn run(client: &Client, command: &SettingsCommand, format: Format) -> Result<Exit, Failure> {
    match command {
        SettingsCommand::Get(args) => get(client, args, format).await,
        SettingsCommand::Set(args) => set(client, args, format).await,
        SettingsCommand::Clear(args) => {
            let template = AdminUsersSessionClearSettingsRequest::new(Vec::<String>::new());
            let users = users_of(&args.users)?;
            let provenance = Provenance::of(client, None).await?;
            let journal = args.journal.as_deref();
            let outcomes = user_job::start(client, &users, template, journal, &provenance, "settings clear")?;
            user_job::run("settings clear", outcomes, journal, &provenance, Vec::new(), None, format).await
        }
    }
}

/// Writes each user's settings (a user without settings of their own has empty ones),
/// and a row naming each user whose settings could not be read, with Slack's code.
async fn get(client: &Client, args: &UsersArgs, format: Format) -> Result<Exit, Failure> {
    let users = users_of(args)?;
    let template = AdminUsersSessionGetSettingsRequest::new(Vec::<String>::new());
    user_job::check_template(&template, &users)?;
    let mut sink = Sink::new(format);
    let (mut exit, mut shown, mut failed) = (Exit::Done, 0_usize, 0_usize);
    let reading = async {
        let mut outcomes = client.admin_users_session_get_settings_batched(users, template);
        while let Some(outcome) = outcomes.next().await {
            let (verdict, problem) = match outcome.status {
                BatchStatus::Done(answer) => {
                    let unset = answer.no_settings_applied.into_iter().map(UserSessionSettings::new);
                    for settings in answer.session_settings.into_iter().chain(unset) {
                        shown += 1;
                        let row = SettingsOutcome { settings, outcome: Verdict::Done, problem: Problem::default() };
                        sink.push(row).map_err(write_failure)?;
                    }
                    continue;
                }
                // A read has no partial success, but were one reported, the settings
                // of its users would be missing from the answer: they were not read.
                BatchStatus::Failed(error) | BatchStatus::Accepted(error) => {
                    let users = many(outcome.ids.len(), "user");
                    eprintln!("settings get: {users} not read: {}", describe(&error));
                    exit = exit.max(Exit::for_error(&error));
                    (Verdict::Failed, Problem::of(&error))
                }
                _ => {
                    exit = exit.max(Exit::SomeFailed);
                    (Verdict::NotAttempted, Problem::default())
                }
            };
            for user_id in outcome.ids {
                failed += 1;
                let row = SettingsOutcome {
                    settings: UserSessionSettings::new(user_id),
                    outcome: verdict,
                    problem: problem.clone(),
                };
                sink.push(row).map_err(write_failure)?;
            }
        }
        Ok::<(), Failure>(())
    };
    let read = or_ctrl_c(reading, false).await?;
    sink.finish().map_err(write_failure)?;
    read?;
    let summary = format!("settings get: settings of {}, {failed} not read", many(shown, "user"));
    if failed > 0 {
        eprintln!("{summary}");
    } else {
        crate::verbosity::note(summary);
    }
    Ok(exit)
}

/// Gives every user the settings asked for.
async fn set(client: &Client, args: &SetArgs, format: Format) -> Result<Exit, Failure> {
    let users = users_of(&args.users)?;
    let template = match (args.duration, args.desktop_app_browser_quit) {
        (Some(duration), quit) => {
            let template = AdminUsersSessionSetSettingsRequest::new_with_duration(Vec::<String>::new(), duration);
            quit.into_iter().fold(template, |template, quit| template.desktop_app_browser_quit(quit))
        }
        (None, Some(quit)) => {
            AdminUsersSessionSetSettingsRequest::new_with_desktop_app_browser_quit(Vec::<String>::new(), quit)
        }
        (None, None) => {
            return Err(Failure::usage("settings set needs --duration or --desktop-app-browser-quit"));
        }
    };
    // Slack's argument rules first: a refused argument sends nothing, not even auth.test.
    user_job::check_template(&template, &users)?;
    let provenance = Provenance::of(client, None).await?;
    let outcomes = user_job::start(client, &users, template, args.journal.as_deref(), &provenance, "settings set")?;
    user_job::run("settings set", outcomes, args.journal.as_deref(), &provenance, Vec::new(), None, format).await
}
