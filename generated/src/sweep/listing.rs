//! One pass over the listed sessions for a bulk run: every page of
//! `admin.users.session.list`, paced like every other call, stoppable, and each session
//! once however the pages overlap.

use std::collections::HashSet;

use crate::bulk::run::{cleared_to_send, counted, RunControl};
use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::method::{Method, Paginated};
use crate::methods::{ActiveSession, AdminUsersSessionListError, AdminUsersSessionListRequest};
use crate::pacing::Pacer;

/// The listing method, by the name the sweep's modules use for it.
pub(super) type ListRequest = AdminUsersSessionListRequest;

/// What one listing found.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// Every session listed, each session ID once, in the order first listed.
    pub(crate) sessions: Vec<ActiveSession>,
    /// The pages fetched (calls that reached Slack, failed ones included).
    pub(crate) pages: u64,
    /// The error that cut the listing short, if any.
    pub(crate) failure: Option<Error<AdminUsersSessionListError>>,
    /// Whether a stop cut the listing short.
    pub(crate) stopped: bool,
}

impl Listing {
    /// Whether every page was read.
    pub(crate) fn is_complete(&self) -> bool {
        self.failure.is_none() && !self.stopped
    }
}

impl Client {
    /// Lists every page of each request in `scopes`. Each page waits for a slot of the
    /// helper's `pacer` (unpaced when the client paces itself) and is sent only if the
    /// run was not stopped meanwhile. Slack does not promise stable cursors, so a
    /// session that shows up on two pages is kept once.
    pub(crate) async fn list_sessions(&self, scopes: Vec<ListRequest>, pacer: &Pacer, run: &RunControl) -> Listing {
        let mut listing = Listing::default();
        let mut seen = HashSet::new();
        for scope in scopes {
            self.list_scope(scope, pacer, run, &mut listing, &mut seen).await;
            if !listing.is_complete() {
                break;
            }
        }
        listing
    }

    async fn list_scope(
        &self,
        mut request: ListRequest,
        pacer: &Pacer,
        run: &RunControl,
        listing: &mut Listing,
        seen: &mut HashSet<i64>,
    ) {
        let mut cursors = HashSet::new();
        loop {
            if !cleared_to_send(&run.stop, pacer, ListRequest::NAME, ListRequest::TIER).await {
                listing.stopped = true;
                return;
            }
            let page = match counted(self.call_unless_stopped(&request, &run.stop).await, &run.progress) {
                None => {
                    listing.stopped = true;
                    return;
                }
                Some(page) => page,
            };
            listing.pages += 1;
            let page = match page {
                Ok(answer) => answer.response,
                Err(error) if error.api_error().is_some_and(ListRequest::is_empty_result) => return,
                Err(error) => {
                    listing.failure = Some(error);
                    return;
                }
            };
            let next = ListRequest::next_cursor(&page).filter(|next| !next.is_empty()).map(str::to_owned);
            let fresh = ListRequest::into_items(page).into_iter().filter(|session| seen.insert(session.session_id));
            listing.sessions.extend(fresh);
            let Some(next) = next else { return };
            if !cursors.insert(next.clone()) {
                let kind = ErrorKind::RepeatedCursor { cursor: next };
                listing.failure = Some(Error::new(ListRequest::NAME, 0, kind));
                return;
            }
            request.set_cursor(next);
        }
    }
}
