//! Saved plans, the approval step: one person plans a sweep and saves the plan, another
//! reads it and applies it, and the run ends exactly the sessions planned that still
//! match, never one opened since.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::filter::SessionFilter;
use super::plan::{PlanSummary, SignOutPlan};
use super::run::Run;
use super::{reset_scope, session_of, Start, SweepOptions, SweepOutcome};
use crate::bulk::journal::{FilterTest, JobOwner, ResetScope, TargetRecord};
use crate::bulk::RunStream;
use crate::client::Client;
use crate::methods::{ActiveSession, AdminUsersSessionListRequest};

/// A sign-out plan written down to be applied later, as JSON: the sessions it ends and
/// how, the filter they matched, the users it protects, and whose token made it.
///
/// ```no_run
/// # use slack_admin_users_session::{AdminUsersSessionListRequest, Client};
/// # use slack_admin_users_session::sweep::{SavedPlan, SessionFilter, SweepOptions};
/// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
/// let (request, filter, options) = (AdminUsersSessionListRequest::new(), SessionFilter::new().mobile(), SweepOptions::new());
/// let plan = client.plan_sweep(request.clone(), &filter, &options).await?;
/// let owner = client.job_owner().await?;
/// let saved = SavedPlan::new(&plan, &request, &filter, &options, Some(owner)).ok_or("a predicate cannot be saved")?;
/// std::fs::write("plan.json", serde_json::to_string_pretty(&saved)?)?;
/// // Later, after review, perhaps by someone else:
/// let saved: SavedPlan = serde_json::from_str(&std::fs::read_to_string("plan.json")?)?;
/// let outcomes = client.apply_plan(saved, SweepOptions::new());
/// # let _ = outcomes;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SavedPlan {
    /// The format's version, [`SavedPlan::VERSION`].
    pub version: u32,
    /// When the plan was made, in milliseconds since the Unix epoch.
    pub made_ms: u64,
    /// Whose token made the plan; applying it with another organization's token is
    /// refused by the tool (compare with [`JobOwner::mismatch`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<JobOwner>,
    /// The filter, described for people.
    pub filter: String,
    /// The filter as data: a planned session is ended only if it still matches.
    pub tests: Vec<FilterTest>,
    /// The workspace the listing was scoped to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// The user the listing was scoped to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Which resets the plan may use.
    pub resets: ResetScope,
    /// Users whose sessions are never ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protected: Vec<String>,
    /// The sessions the plan ends, with the call that ends each.
    pub targets: Vec<TargetRecord>,
    /// The plan's numbers when it was made.
    pub summary: PlanSummary,
}

impl SavedPlan {
    /// The saved-plan format this crate writes and reads.
    pub const VERSION: u32 = 1;

    /// `plan`, as made by [`Client::plan_sweep`] for `request`, `filter` and `options`,
    /// written down with its owner. `None` when the filter holds a code predicate
    /// ([`SessionFilter::matching`]), which cannot be written down.
    pub fn new(
        plan: &SignOutPlan,
        request: &AdminUsersSessionListRequest,
        filter: &SessionFilter,
        options: &SweepOptions,
        owner: Option<JobOwner>,
    ) -> Option<SavedPlan> {
        Some(SavedPlan {
            version: Self::VERSION,
            made_ms: crate::bulk::journal::now_ms(),
            owner,
            filter: filter.description(),
            tests: filter.to_tests()?,
            team_id: request.team_id.clone(),
            user_id: request.user_id.clone(),
            resets: reset_scope(options.resets, filter, request),
            protected: options.protected.iter().cloned().collect(),
            targets: plan.target_records(),
            summary: plan.summary(),
        })
    }

    /// The listing request the plan was made from.
    fn request(&self) -> AdminUsersSessionListRequest {
        let mut request = AdminUsersSessionListRequest::new();
        request.team_id.clone_from(&self.team_id);
        request.user_id.clone_from(&self.user_id);
        request
    }
}

impl Client {
    /// Runs a saved plan: lists again, ends the planned sessions that are still listed
    /// and still match the plan's filter (its protected users and those of `options`
    /// left alone), and confirms as [`Client::sweep_with`] does. A planned session
    /// that is gone is reported [`SweepOutcome::AlreadyEnded`], one that no longer
    /// matches [`SweepOutcome::Skipped`]; a matching session that was not in the plan
    /// (opened since, say) is never added. A reset is used only where the new listing
    /// still proves it ends exactly the user's planned sessions.
    ///
    /// The library does not compare the plan's owner with the client's token; callers
    /// that must refuse another organization's plan compare
    /// [`SavedPlan::owner`] with [`Client::job_owner`].
    pub fn apply_plan<'a>(&'a self, saved: SavedPlan, options: SweepOptions) -> RunStream<'a, SweepOutcome> {
        let filter = SessionFilter::from_tests(&saved.tests);
        let options = options.protect(saved.protected.iter().cloned());
        super::run::start(self, saved.request(), Some(filter), options, Start::Apply(saved))
    }
}

impl Run<'_> {
    /// The first listing of an applied plan, and the plan it leaves: the planned
    /// sessions still listed and still matching. The rest are settled here.
    pub(super) async fn list_applied(&mut self, saved: SavedPlan) -> Option<SignOutPlan> {
        self.write_job();
        let listing = self.client.list_sessions(vec![self.request.clone()], &self.pacer, &self.control).await;
        if !listing.is_complete() {
            saved.targets.iter().for_each(|target| self.emit(SweepOutcome::NotAttempted(session_of(target))));
            if let Some(error) = listing.failure {
                self.emit_now(SweepOutcome::ListFailed(error));
            }
            return None;
        }
        let listed: HashMap<i64, &ActiveSession> = listing.sessions.iter().map(|s| (s.session_id, s)).collect();
        let filter = self.filter.clone().unwrap_or_default();
        let protected: &BTreeSet<String> = &self.options.protected;
        let mut still = Vec::new();
        for target in &saved.targets {
            self.book.targeted.insert(target.session_id);
            match listed.get(&target.session_id) {
                None => self.emit(SweepOutcome::AlreadyEnded(session_of(target))),
                Some(session) if filter.matches(session) && !protected.contains(&session.user_id) => {
                    still.push((*session).clone());
                }
                Some(session) => self.emit(SweepOutcome::Skipped((*session).clone())),
            }
        }
        self.book.last_listed = listing.sessions.len();
        Some(SignOutPlan::make(&listing.sessions, &still, self.scope, self.prefer_mobile, listing.pages))
    }
}
