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
        self.key()
            == [&finding.method, &finding.fact, &finding.subject, &finding.spec, &finding.slack].map(String::as_str)
    }

    /// What names the difference: everything but the reason.
    fn key(&self) -> [&str; 5] {
        [&self.method, &self.fact, &self.subject, &self.spec, &self.slack].map(String::as_str)
    }
}

impl Divergence {
    /// Whether two entries name the same difference, whatever their reasons say.
    fn same_difference(&self, other: &Divergence) -> bool {
        self.key() == other.key()
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

/// Reads the file's text (named `label` in errors). A missing reason is an error, since
/// an entry exists to say why, and so is an entry listed twice, which would keep its
/// copy from ever being reported stale.
pub fn parse(text: &str, label: &str) -> Result<Vec<Divergence>, String> {
    let entries: Vec<Divergence> = serde_yaml::from_str(text).map_err(|error| format!("{label}: {error}"))?;
    for (index, entry) in entries.iter().enumerate() {
        if entry.reason.trim().is_empty() {
            return Err(format!("{label}: entry {} ({entry}) gives no reason", index + 1));
        }
        if entries[..index].iter().any(|earlier| earlier.same_difference(entry)) {
            return Err(format!("{label}: entry {} ({entry}) is listed twice", index + 1));
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::parse;

    const ENTRY: &str = "- {method: m, fact: tier, spec: Tier 2, slack: Tier 3, reason: Because.}\n";

    #[test]
    fn an_entry_needs_a_reason_and_may_be_listed_once() {
        assert_eq!(parse(ENTRY, "d.yaml").map(|entries| entries.len()), Ok(1));
        let unreasoned = ENTRY.replace("Because.", "' '");
        assert!(parse(&unreasoned, "d.yaml").is_err_and(|e| e.contains("entry 1") && e.contains("no reason")));
        let twice = format!("{ENTRY}{}", ENTRY.replace("Because.", "Still."));
        assert!(parse(&twice, "d.yaml").is_err_and(|e| e.contains("entry 2") && e.contains("listed twice")));
        assert!(parse("- {method: m}\n", "d.yaml").is_err_and(|e| e.starts_with("d.yaml: ")));
    }
}
