//! `cargo xtask corpus-check`: the corpus of Slack's real `admin.*` methods, translated by
//! `xtask/corpus/translate.py`, splits into the methods the generator accepts and those it
//! rejects, and the accepted ones generate into a crate that compiles and documents cleanly.
//!
//! A diagnostic belongs to the method whose path it points into, or, when it points into
//! a schema, to every method that reaches that schema through `$ref`s. A method with no
//! diagnostic is accepted; the rest are dropped from the spec with the schemas only they
//! use, so that one slip in Slack's data costs one method, not the whole corpus.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::Diagnostic;
use serde_yaml::Value;

use crate::synth::{check_spec, merged_spec, Timings};

/// The translated corpus, relative to the workspace root.
pub const CORPUS_SPEC: &str = "tests/fixtures/corpus/slack_admin.yaml";

/// The corpus split into accepted and rejected methods.
#[derive(Debug)]
pub struct Split {
    /// Every method in the corpus, by wire name.
    pub total: usize,
    /// The accepted methods' wire names, sorted.
    pub accepted: Vec<String>,
    /// Each rejected method with its located diagnostics, sorted by method.
    pub rejected: BTreeMap<String, Vec<Diagnostic>>,
    /// The corpus with only the accepted methods, which generates without errors.
    pub accepted_spec: String,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Splits the corpus `text` (named `label` in diagnostics) by what the generator accepts.
pub fn split(text: &str, label: &str) -> Result<Split, String> {
    let mut spec: Value = serde_yaml::from_str(text).map_err(|error| format!("{label}: {error}"))?;
    let methods: Vec<String> = spec
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{label}: no `paths`"))?
        .keys()
        .filter_map(|key| key.as_str().map(|path| path.trim_start_matches('/').to_owned()))
        .collect();
    let schemas = spec.get("components").and_then(|c| c.get("schemas")).cloned().unwrap_or(Value::Null);
    let reach: BTreeMap<&str, BTreeSet<String>> = methods
        .iter()
        .map(|method| {
            let item = &spec["paths"][format!("/{method}").as_str()];
            (method.as_str(), reachable(item, &schemas))
        })
        .collect();
    let diagnostics = match codegen::lower_spec(text, label) {
        Ok(_) => Vec::new(),
        Err(diags) => diags.iter().cloned().collect(),
    };
    let mut rejected: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for diagnostic in diagnostics {
        let owners = owners(&diagnostic.path, &methods, &reach);
        if owners.is_empty() {
            return Err(format!("a problem no method owns, so the corpus cannot be split:\n{diagnostic}"));
        }
        for owner in owners {
            rejected.entry(owner).or_default().push(diagnostic.clone());
        }
    }
    let accepted: Vec<String> = methods.iter().filter(|m| !rejected.contains_key(*m)).cloned().collect();
    let keep: BTreeSet<&String> = accepted.iter().flat_map(|m| &reach[m.as_str()]).collect();
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_mapping_mut) {
        paths.retain(|key, _| key.as_str().is_some_and(|p| !rejected.contains_key(p.trim_start_matches('/'))));
    }
    let shared = reachable(spec.get("components").and_then(|c| c.get("responses")).unwrap_or(&Value::Null), &schemas);
    if let Some(map) = spec.get_mut("components").and_then(|c| c.get_mut("schemas")).and_then(Value::as_mapping_mut) {
        map.retain(|key, _| key.as_str().is_some_and(|k| keep.contains(&k.to_owned()) || shared.contains(k)));
    }
    let accepted_spec = serde_yaml::to_string(&spec).map_err(|error| error.to_string())?;
    if let Err(diags) = codegen::generate(&accepted_spec, label) {
        return Err(format!("the accepted methods do not generate on their own:\n{diags}"));
    }
    let mut accepted = accepted;
    accepted.sort();
    Ok(Split { total: methods.len(), accepted, rejected, accepted_spec })
}

/// The methods a diagnostic at `path` belongs to: the one whose path item it is in, or
/// every method reaching the schema it is in.
fn owners(path: &str, methods: &[String], reach: &BTreeMap<&str, BTreeSet<String>>) -> Vec<String> {
    let within = |prefix: &str| {
        path == prefix || path.starts_with(&format!("{prefix}.")) || path.starts_with(&format!("{prefix}["))
    };
    if let Some(method) = methods.iter().filter(|m| within(&format!("paths./{m}"))).max_by_key(|m| m.len()) {
        return vec![method.clone()];
    }
    let Some(rest) = path.strip_prefix("components.schemas.") else { return Vec::new() };
    let schema = rest.split(['.', '[']).next().unwrap_or(rest);
    methods.iter().filter(|m| reach[m.as_str()].contains(schema)).cloned().collect()
}

/// The schema names `value` reaches through `$ref`s, transitively.
fn reachable(value: &Value, schemas: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = Vec::new();
    refs(value, &mut pending);
    while let Some(name) = pending.pop() {
        if found.insert(name.clone()) {
            refs(&schemas[name.as_str()], &mut pending);
        }
    }
    found
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.as_str().and_then(|r| r.strip_prefix(SCHEMA_PREFIX))) {
                    (Some("$ref"), Some(name)) => out.push(name.to_owned()),
                    _ => refs(inner, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| refs(item, out)),
        _ => {}
    }
}

/// Splits the workspace's corpus and compiles and documents the accepted methods, next to
/// the real spec's (whose runtime doc links need them; where both have a method, the real
/// spec's is the one compiled).
pub fn check(root: &Path) -> Result<(Split, Timings), String> {
    let path = root.join(CORPUS_SPEC);
    let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let split = split(&text, CORPUS_SPEC)?;
    let merged = merged_spec(root, std::slice::from_ref(&split.accepted_spec))?;
    let timings = check_spec(root, "corpus-check", &merged, CORPUS_SPEC)?;
    Ok((split, timings))
}
