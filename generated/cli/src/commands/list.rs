//! `list FILTERS`: the sessions the filters match, written as they are listed, with a
//! count on stderr.

use std::collections::HashSet;

use futures_util::StreamExt;
use slack_admin_users_session::{AdminUsersSessionListRequest, Client};

use crate::cli::{FilterArgs, Format};
use crate::exit::{Exit, Failure};
use crate::interrupt::or_ctrl_c;
use crate::output::{write_failure, Sink};
use crate::progress::Progress;
use crate::session_job::PAGE_SIZE;
use crate::verbosity::note;
use crate::words::many;

/// Runs `list` as the command line asked: writes every session the filters match and
/// says on stderr how many there were.
pub async fn run(client: &Client, filters: &FilterArgs, format: Format) -> Result<Exit, Failure> {
    let request = AdminUsersSessionListRequest::new().limit(PAGE_SIZE);
    let progress = Progress::new(None, "sessions listed");
    let mut sink = Sink::new(format);
    let (mut count, mut users) = (0_usize, HashSet::new());
    let listing = async {
        let mut matches = std::pin::pin!(client.sweep_matches(request, filters.filter()));
        while let Some(item) = matches.next().await {
            let session = item.map_err(|error| Failure::call(&error))?;
            count += 1;
            users.insert(session.user_id.clone());
            progress.inc(1);
            sink.push(session).map_err(write_failure)?;
        }
        Ok::<(), Failure>(())
    };
    let listed = or_ctrl_c(listing, false).await?;
    progress.finish();
    // What was listed before a failure is written all the same.
    sink.finish().map_err(write_failure)?;
    listed?;
    note(format_args!("{} of {} listed", many(count, "session"), many(users.len(), "user")));
    Ok(Exit::Done)
}
