//! The output contract: every JSON document and JSON Lines record carries
//! `schema_version`, and each output's JSON Schema is a file in `schemas/`, written by
//! hand to be read in review, that `slack-sessions schema` prints. The parts the outputs
//! share are in `schemas/defs.json`, merged into each schema as its `$defs`, so that each
//! printed schema stands alone.

use serde_json::{Map, Value};

/// The version of the output contract. It changes when a field is removed, renamed or
/// changes meaning; a field added to Slack's own objects (a session) keeps it.
pub const SCHEMA_VERSION: u32 = 1;

/// The draft the schemas are written to.
const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Each output, by the name `schema NAME` takes, and its schema.
pub const OUTPUTS: [(&str, &str); 7] = [
    ("list", include_str!("schemas/list.json")),
    ("session", include_str!("schemas/session.json")),
    ("plan", include_str!("schemas/plan.json")),
    ("settings", include_str!("schemas/settings.json")),
    ("settings-record", include_str!("schemas/settings-record.json")),
    ("job", include_str!("schemas/job.json")),
    ("outcome", include_str!("schemas/outcome.json")),
];

/// The definitions the schemas share.
const DEFS: &str = include_str!("schemas/defs.json");

/// The names of the outputs, for the command line.
pub fn names() -> impl Iterator<Item = &'static str> {
    OUTPUTS.iter().map(|(name, _)| *name)
}

/// The schema of the output `name`, standing alone: its draft, an `$id`, and the shared
/// definitions. The files are part of the program, and a unit test parses each, so a
/// file that is not JSON fails the build's tests rather than a user's run.
pub fn schema(name: &str) -> Option<Value> {
    let (_, text) = OUTPUTS.iter().find(|(output, _)| *output == name)?;
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(text) else { return None };
    let Ok(Value::Object(mut defs)) = serde_json::from_str::<Value>(DEFS) else { return None };
    defs.remove("$comment");
    let mut schema = Map::new();
    schema.insert("$schema".to_owned(), Value::from(DRAFT));
    let id = format!("https://slack-sessions.invalid/schema/v{SCHEMA_VERSION}/{name}.json");
    schema.insert("$id".to_owned(), Value::from(id));
    schema.extend(body);
    schema.insert("$defs".to_owned(), Value::Object(defs));
    Some(Value::Object(schema))
}

/// Every output's schema, by name, in one document.
pub fn all() -> Value {
    let schemas: Map<String, Value> = names().filter_map(|name| Some((name.to_owned(), schema(name)?))).collect();
    serde_json::json!({ "schema_version": SCHEMA_VERSION, "schemas": schemas })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_file_is_a_json_object_and_stands_alone() {
        for name in names() {
            let schema = schema(name).unwrap_or_else(|| panic!("{name} is not a JSON object"));
            assert_eq!(schema["$defs"]["schema_version"]["const"], SCHEMA_VERSION, "{name}");
        }
        assert_eq!(all()["schemas"].as_object().map(Map::len), Some(OUTPUTS.len()));
    }
}
