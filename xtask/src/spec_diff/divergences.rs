//! `spec/divergences.yaml`: the differences from Slack's data the spec makes on purpose,
//! each with its reason. A finding is accepted only when an entry names exactly it,
//! both values included, so a listed difference that changes again is reported anew.

use std::fmt;

use serde::Deserialize;

use super::compare::Finding;

/// One deliberate difference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divergence {
    /// The method's wire name.
    pub method: String,
    /// The kind of fact, as a finding names it.
    pub fact: String,
    /// What the fact is about; absent for `method` and `tier`.
    #[serde(default)]
    pub subject: String,
    /// The spec's value, as a finding prints it.
    pub spec: String,
    /// Slack's value, as a finding prints it.
    pub slack: String,
    /// Why the spec differs.
    pub reason: String,
}

impl Divergence {
    /// Whether this entry accepts `finding`.
    pub fn covers(&self, finding: &Finding) -> bool {
        (&self.method, &self.fact, &self.subject, &self.spec, &self.slack)
            == (&finding.method, &finding.fact, &finding.subject, &finding.spec, &finding.slack)
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.method, self.fact)?;
        if !self.subject.is_empty() {
            write!(f, " `{}`", self.subject)?;
        }
        write!(f, " (spec: {}, Slack: {})", self.spec, self.slack)
    }
}

/// Reads the file's text (named `label` in errors). A missing reason is an error: an
/// entry exists to say why.
pub fn parse(text: &str, label: &str) -> Result<Vec<Divergence>, String> {
    let entries: Vec<Divergence> = serde_yaml::from_str(text).map_err(|error| format!("{label}: {error}"))?;
    match entries.iter().position(|entry| entry.reason.trim().is_empty()) {
        Some(index) => Err(format!("{label}: entry {} ({}) gives no reason", index + 1, entries[index])),
        None => Ok(entries),
    }
}
