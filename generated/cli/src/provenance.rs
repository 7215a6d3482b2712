//! Who runs a job, on which org, and why: the operator and the org as Slack's
//! `auth.test` names them, and the `--reason` given. The JSON summary and the journal's
//! job line record them, so that a job can be traced to a person and an incident, and
//! a saved plan can be refused on another org.

use std::path::Path;

use serde::Serialize;
use slack_admin_users_session::{
    journal::{JobOwner, Journal},
    Client,
};

use crate::exit::{describe, Exit, Failure};

/// The program as the journal's job line names it.
const TOOL: &str = concat!("slack-sessions ", env!("CARGO_PKG_VERSION"));

/// Who ran a job, on which org, and why.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Provenance {
    /// The `--reason` given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The user the token belongs to, as Slack's `auth.test` names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The org (enterprise or team ID) the token acts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
}

impl Provenance {
    /// The provenance of a job run through `client` for `reason`: one `auth.test` call.
    /// A token Slack refuses ends the run here, with exit 3, before anything is sent
    /// that changes something.
    pub async fn of(client: &Client, reason: Option<&str>) -> Result<Provenance, Failure> {
        let owner = client.job_owner().await.map_err(|error| Failure {
            exit: Exit::for_error(&error),
            message: format!("cannot tell whose token this is: {}", describe(&error)),
        })?;
        Ok(Provenance { reason: reason.map(str::to_owned), operator: Some(owner.operator), org: Some(owner.org) })
    }

    /// The token's owner, when `auth.test` was asked.
    pub fn owner(&self) -> Option<JobOwner> {
        Some(JobOwner::new(self.operator.clone()?, self.org.clone()?))
    }

    /// Creates a new journal at `path` (refusing to overwrite one) whose job line records
    /// this provenance and the tool's version.
    pub fn create_journal(&self, path: &Path) -> Result<Journal, Failure> {
        let journal = Journal::create(path)
            .map_err(|error| Failure::usage(format!("cannot create the journal {}: {error}", path.display())))?;
        let journal = journal.tool(TOOL);
        let journal = match self.owner() {
            Some(owner) => journal.owner(owner),
            None => journal,
        };
        Ok(match &self.reason {
            Some(reason) => journal.reason(reason.clone()),
            None => journal,
        })
    }
}
