//! One method's facts against Slack's: every fact that differs becomes a [`Finding`]
//! naming the method, the fact, both values and the vendored file that says Slack's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::facts::{ArgFacts, MethodFacts, BOUNDS};

/// The value a side has for a fact it does not state at all.
pub const ABSENT: &str = "absent";
/// The value a side has for a thing (method, argument, code…) it states.
pub const PRESENT: &str = "present";

/// One fact on which the spec and Slack's data disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The method's wire name.
    pub method: String,
    /// The kind of fact: `method`, `argument`, `required`, `type`, a bound, `tier`,
    /// `scope`, `error`, `field` or `field-required`.
    pub fact: String,
    /// What the fact is about (an argument, code, scope or field); empty for `method`
    /// and `tier`.
    pub subject: String,
    /// The spec's value.
    pub spec: String,
    /// Slack's value.
    pub slack: String,
    /// The vendored file Slack's value comes from.
    pub file: String,
}

/// How Slack's data differs from the spec, read from Slack's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Slack states something the spec does not.
    Added,
    /// The spec states something Slack's data no longer (or never) did.
    Removed,
    /// Both state it, with other values.
    Changed,
}

impl Finding {
    /// Whether Slack added, removed or changed the fact.
    pub fn change(&self) -> Change {
        match (self.spec.as_str(), self.slack.as_str()) {
            (ABSENT, _) => Change::Added,
            (_, ABSENT) => Change::Removed,
            _ => Change::Changed,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let change = match self.change() {
            Change::Added => "Slack added it",
            Change::Removed => "Slack removed it",
            Change::Changed => "Slack changed it",
        };
        write!(f, "{}: {}", self.method, self.fact)?;
        if !self.subject.is_empty() {
            write!(f, " `{}`", self.subject)?;
        }
        write!(f, ": {change} (spec: {}, Slack: {}; {})", self.spec, self.slack, self.file)
    }
}

/// Where Slack's values for one method come from.
pub struct Sources<'a> {
    /// The method's own file.
    pub method: &'a str,
    /// The file of the codes every method can return.
    pub common: &'a str,
    /// The codes in that file, to name it for a code only it lists.
    pub common_codes: &'a BTreeSet<String>,
}

/// Every fact of `method` on which `spec` and `slack` differ, in a stable order.
pub fn compare(method: &str, spec: &MethodFacts, slack: &MethodFacts, sources: &Sources) -> Vec<Finding> {
    let finding = |fact: &str, subject: &str, spec: String, slack: String, file: &str| Finding {
        method: method.to_owned(),
        fact: fact.to_owned(),
        subject: subject.to_owned(),
        spec,
        slack,
        file: file.to_owned(),
    };
    let mut out = Vec::new();
    for (name, (ours, theirs)) in pairs(&spec.args, &slack.args) {
        out.extend(argument(ours, theirs).into_iter().map(|(fact, a, b)| finding(fact, name, a, b, sources.method)));
    }
    if spec.tier != slack.tier {
        out.push(finding("tier", "", spec.tier.clone(), slack.tier.clone(), sources.method));
    }
    for (scope, a, b) in presence(&spec.scopes, &slack.scopes) {
        out.push(finding("scope", scope, a, b, sources.method));
    }
    for (code, a, b) in presence(&spec.errors, &slack.errors) {
        let only_common = sources.common_codes.contains(code) && b == PRESENT;
        out.push(finding("error", code, a, b, if only_common { sources.common } else { sources.method }));
    }
    for (name, (ours, theirs)) in pairs(&spec.fields, &slack.fields) {
        let (fact, a, b) = match (ours, theirs) {
            (Some(a), Some(b)) if a != b => ("field-required", required(*a), required(*b)),
            (Some(_), Some(_)) => continue,
            _ => ("field", said(ours.is_some()), said(theirs.is_some())),
        };
        out.push(finding(fact, name, a, b, sources.method));
    }
    out
}

/// The differing facts of one argument as (fact, spec's value, Slack's value): its
/// presence alone when one side lacks it, else whatever else differs.
fn argument(ours: Option<&ArgFacts>, theirs: Option<&ArgFacts>) -> Vec<(&'static str, String, String)> {
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        return vec![("argument", said(ours.is_some()), said(theirs.is_some()))];
    };
    let mut out = Vec::new();
    if ours.required != theirs.required {
        out.push(("required", required(ours.required), required(theirs.required)));
    }
    if ours.ty != theirs.ty {
        out.push(("type", ours.ty.clone(), theirs.ty.clone()));
    }
    for bound in BOUNDS {
        let [a, b] = [ours, theirs].map(|side| side.bounds.get(bound).cloned().unwrap_or_else(|| ABSENT.to_owned()));
        if a != b {
            out.push((bound, a, b));
        }
    }
    out
}

/// Each key of either map, with both sides' values.
fn pairs<'a, V>(
    ours: &'a BTreeMap<String, V>,
    theirs: &'a BTreeMap<String, V>,
) -> BTreeMap<&'a str, (Option<&'a V>, Option<&'a V>)> {
    let keys = ours.keys().chain(theirs.keys());
    keys.map(|key| (key.as_str(), (ours.get(key), theirs.get(key)))).collect()
}

/// Each item only one set holds, with `present`/`absent` for each side.
fn presence<'a>(ours: &'a BTreeSet<String>, theirs: &'a BTreeSet<String>) -> Vec<(&'a str, String, String)> {
    ours.symmetric_difference(theirs)
        .map(|item| (item.as_str(), said(ours.contains(item)), said(theirs.contains(item))))
        .collect()
}

fn said(present: bool) -> String {
    if present { PRESENT } else { ABSENT }.to_owned()
}

fn required(required: bool) -> String {
    if required { "required" } else { "optional" }.to_owned()
}
