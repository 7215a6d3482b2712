//! Whose token a job runs with, as Slack's `auth.test` says.

use crate::bulk::journal::JobOwner;
use crate::client::Client;
use crate::error::Error;
use crate::methods::{AuthTestError, AuthTestRequest};

impl Client {
    /// Asks Slack's `auth.test` whose token this client runs with: the operator (the
    /// token owner's user ID) and the organization (the Enterprise organization's ID,
    /// or the workspace's for a workspace token). A job records it in its journal
    /// ([`Journal::owner`](crate::journal::Journal::owner)), protects the operator's
    /// own sessions ([`SweepOptions::protect`](super::SweepOptions::protect)), and
    /// refuses to resume or apply another's job ([`JobOwner::mismatch`]).
    pub async fn job_owner(&self) -> Result<JobOwner, Error<AuthTestError>> {
        let answer = self.auth_test(&AuthTestRequest::new()).await?;
        let org = answer.enterprise_id.filter(|id| !id.is_empty()).unwrap_or(answer.team_id);
        Ok(JobOwner::new(answer.user_id, org))
    }
}
