//! `cargo xtask spec-diff`: the spec's facts against Slack's published method data, as
//! vendored in `spec/slack-api-ref/`, with `spec/divergences.yaml` naming the
//! differences the spec makes on purpose.
//!
//! Every method in the spec is compared the same way (arguments, whether each is
//! required, types, bounds, tier, scopes, error codes, response fields), and so is the
//! method set: a spec method Slack no longer publishes, and a method Slack publishes
//! beside the spec's (same parent name) that the spec lacks. The comparison itself is
//! [`diff`], which does no I/O; [`run`] reads the files.

mod compare;
mod divergences;
mod facts;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::ir::Api;
use serde_json::Value;

pub use compare::{Change, Finding};
pub use divergences::Divergence;

use crate::{io_error, Failure};

/// The vendored data, relative to the workspace root.
pub const DEFAULT_DATA: &str = "spec/slack-api-ref";
/// The deliberate differences, relative to the workspace root.
pub const DEFAULT_DIVERGENCES: &str = "spec/divergences.yaml";

/// Slack's published data for the spec's methods, read from the vendored folder.
#[derive(Debug, Clone, Default)]
pub struct SlackData {
    /// How the folder is named in findings.
    pub label: String,
    /// Every method Slack publishes (`index.txt`).
    pub index: BTreeSet<String>,
    /// Each vendored method's JSON, by wire name.
    pub methods: BTreeMap<String, Value>,
    /// The codes every method can return (`common-errors.json`).
    pub common_errors: BTreeSet<String>,
}

/// What `spec-diff` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every difference, listed or not.
    pub findings: Vec<Finding>,
    /// The differences no divergence entry accepts.
    pub unlisted: Vec<Finding>,
    /// The divergence entries that accept no difference.
    pub stale: Vec<Divergence>,
    /// How the divergences file is named in messages.
    pub divergences_label: String,
}

impl Report {
    /// Whether the spec and Slack's data agree but for the listed differences.
    pub fn passes(&self) -> bool {
        self.unlisted.is_empty() && self.stale.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.unlisted {
            writeln!(f, "error: {finding}")?;
        }
        for entry in &self.stale {
            writeln!(f, "error: stale entry in {}: {entry} no longer differs; remove it", self.divergences_label)?;
        }
        let listed = self.findings.len() - self.unlisted.len();
        write!(
            f,
            "{} differences from Slack's data: {listed} listed in {}, {} not; {} stale entries",
            self.findings.len(),
            self.divergences_label,
            self.unlisted.len(),
            self.stale.len()
        )
    }
}

/// Compares `api` with `data`, sorting each difference into listed or not.
pub fn diff(api: &Api, data: &SlackData, divergences: &[Divergence]) -> Report {
    let mut findings = method_set(api, data);
    let common = format!("{}/common-errors.json", data.label);
    for method in &api.methods {
        let Some(json) = data.methods.get(&method.wire) else { continue };
        let file = format!("{}/methods/{}.json", data.label, method.wire);
        let sources = compare::Sources { method: &file, common: &common, common_codes: &data.common_errors };
        let slack = facts::from_slack(json, &data.common_errors);
        findings.extend(compare::compare(&method.wire, &facts::from_ir(method), &slack, &sources));
    }
    let unlisted = findings.iter().filter(|f| !divergences.iter().any(|d| d.covers(f))).cloned().collect();
    let stale = divergences.iter().filter(|d| !findings.iter().any(|f| d.covers(f))).cloned().collect();
    Report { findings, unlisted, stale, divergences_label: DEFAULT_DIVERGENCES.to_owned() }
}

/// The methods one side has and the other lacks: a spec method missing from Slack's
/// index, and a published method beside a spec method (one with the same parent name,
/// such as `admin.users.session`) that the spec does not have.
fn method_set(api: &Api, data: &SlackData) -> Vec<Finding> {
    let index = format!("{}/index.txt", data.label);
    let ours: BTreeSet<&str> = api.methods.iter().map(|m| m.wire.as_str()).collect();
    let parents: BTreeSet<&str> = ours.iter().map(|wire| parent(wire)).collect();
    let theirs = data.index.iter().map(String::as_str).filter(|wire| parents.contains(parent(wire)));
    let finding = |method: &str, spec: &str, slack: &str| Finding {
        method: method.to_owned(),
        fact: "method".to_owned(),
        subject: String::new(),
        spec: spec.to_owned(),
        slack: slack.to_owned(),
        file: index.clone(),
    };
    let removed = ours
        .iter()
        .filter(|wire| !data.index.contains(**wire))
        .map(|wire| finding(wire, compare::PRESENT, compare::ABSENT));
    let added = theirs.filter(|wire| !ours.contains(wire)).map(|wire| finding(wire, compare::ABSENT, compare::PRESENT));
    removed.chain(added).collect()
}

fn parent(wire: &str) -> &str {
    wire.rsplit_once('.').map_or("", |(parent, _)| parent)
}

/// Where `spec-diff` reads from.
#[derive(Debug, Clone)]
pub struct DiffPaths {
    /// The spec.
    pub spec: PathBuf,
    /// The vendored data folder.
    pub data: PathBuf,
    /// The divergences file.
    pub divergences: PathBuf,
}

impl DiffPaths {
    /// The defaults for this workspace, rooted at `root`.
    pub fn workspace(root: &Path) -> DiffPaths {
        DiffPaths {
            spec: root.join(crate::DEFAULT_SPEC),
            data: root.join(DEFAULT_DATA),
            divergences: root.join(DEFAULT_DIVERGENCES),
        }
    }
}

/// Reads the spec, the vendored data and the divergences, then compares them.
pub fn run(root: &Path, paths: &DiffPaths) -> Result<Report, Failure> {
    let spec_label = crate::label(root, &paths.spec);
    let text = fs::read_to_string(&paths.spec).map_err(io_error(&paths.spec))?;
    let api = codegen::lower_spec(&text, &spec_label).map_err(Failure::BadSpec)?;
    let data = load(&paths.data, &crate::label(root, &paths.data), &api)?;
    let divergences_label = crate::label(root, &paths.divergences);
    let text = fs::read_to_string(&paths.divergences).map_err(io_error(&paths.divergences))?;
    let divergences = divergences::parse(&text, &divergences_label).map_err(Failure::BadData)?;
    Ok(Report { divergences_label, ..diff(&api, &data, &divergences) })
}

/// Reads the vendored folder: the index, the common codes, and the file of every spec
/// method Slack publishes. A published method without its file means the folder was not
/// refreshed after the spec gained the method, which is a problem with the data, not a
/// difference from Slack.
pub fn load(dir: &Path, label: &str, api: &Api) -> Result<SlackData, Failure> {
    let index = read(dir, "index.txt")?.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let common: Value = json(&read(dir, "common-errors.json")?, &format!("{label}/common-errors.json"))?;
    let common_errors = common["errors"].as_object().into_iter().flat_map(|codes| codes.keys().cloned()).collect();
    let mut data = SlackData { label: label.to_owned(), index, methods: BTreeMap::new(), common_errors };
    for method in api.methods.iter().filter(|m| data.index.contains(&m.wire)) {
        let name = format!("methods/{}.json", method.wire);
        let text = read(dir, &name).map_err(|_| {
            Failure::BadData(format!(
                "{label}/{name} is missing: Slack publishes `{}`, but its data was never vendored; \
                 run xtask/slack-api-ref/refresh.py",
                method.wire
            ))
        })?;
        data.methods.insert(method.wire.clone(), json(&text, &format!("{label}/{name}"))?);
    }
    Ok(data)
}

fn read(dir: &Path, name: &str) -> Result<String, Failure> {
    let path = dir.join(name);
    fs::read_to_string(&path).map_err(io_error(&path))
}

fn json(text: &str, label: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|error| Failure::BadData(format!("{label}: {error}")))
}
