//! `list` (and `sweep --dry-run`): the sessions a filter matches, written as they are
//! listed, with a count on stderr.

use std::collections::HashSet;

use futures_util::StreamExt;
use slack_admin_users_session::{AdminUsersSessionListRequest, Client, SessionFilter};

use crate::cli::Format;
use crate::exit::{Exit, Failure};
use crate::interrupt::or_ctrl_c;
use crate::output::{write_failure, Sink};
use crate::progress::Progress;

/// The largest page Slack serves; fewer pages means fewer paced calls.
pub const PAGE_SIZE: i64 = 1000;

/// Writes every session `filter` matches and says on stderr how many there were;
/// `verb` ends that sentence ("listed", "would be ended").
pub async fn run(client: &Client, filter: SessionFilter, format: Format, verb: &str) -> Result<Exit, Failure> {
    let request = AdminUsersSessionListRequest::new().limit(PAGE_SIZE);
    let progress = Progress::new(None, "sessions listed");
    let mut sink = Sink::new(format);
    let (mut count, mut users) = (0_usize, HashSet::new());
    let listing = async {
        let mut matches = std::pin::pin!(client.sweep_matches(request, filter));
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
    eprintln!("{count} sessions of {} users {verb}", users.len());
    Ok(Exit::Done)
}
