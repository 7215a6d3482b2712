//! The facts `spec-diff` compares, read the same way from either side: from the spec's
//! IR, or from Slack's published JSON for a method.
//!
//! Both readers reduce their side to a [`MethodFacts`] of plain strings, so comparing
//! them needs no knowledge of where a value came from, and a value prints the same in a
//! finding as in `spec/divergences.yaml`.

use std::collections::{BTreeMap, BTreeSet};

use codegen::ir::{Method, RateLimit, Ty};
use serde_json::Value;

/// The fields every answer may carry whatever the method: Slack's envelope. Slack's data
/// lists them for some methods and not others, and the spec lists them on every
/// response, so they say nothing about the method and are left out on both sides.
const ENVELOPE: [&str; 6] = ["ok", "error", "warning", "response_metadata", "needed", "provided"];

/// The bounds compared, by their JSON Schema names.
pub const BOUNDS: [&str; 4] = ["minimum", "maximum", "minItems", "maxItems"];

/// What one side says about one method.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodFacts {
    /// The arguments, by wire name; the token, which travels in a header, is not one.
    pub args: BTreeMap<String, ArgFacts>,
    /// The rate limit as the docs say it: `Tier 2`, or calls a minute.
    pub tier: String,
    /// Every scope any kind of token needs.
    pub scopes: BTreeSet<String>,
    /// The documented error codes.
    pub errors: BTreeSet<String>,
    /// The response's top-level fields apart from the envelope, each with whether it is
    /// required.
    pub fields: BTreeMap<String, bool>,
}

/// What one side says about one argument.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArgFacts {
    /// Whether a call must send it.
    pub required: bool,
    /// Its JSON type: `string`, `integer`, `array of string`, `object`, `any`…
    pub ty: String,
    /// Its bounds, keyed by the names in [`BOUNDS`]; an absent bound has no entry.
    pub bounds: BTreeMap<&'static str, String>,
}

/// The spec's facts about `method`, from its IR.
pub fn from_ir(method: &Method) -> MethodFacts {
    let args = method.request.fields.iter().map(|field| {
        let bounds = &field.bounds;
        let values = [bounds.minimum, bounds.maximum, bounds.min_items.map(to_i64), bounds.max_items.map(to_i64)];
        let bounds = BOUNDS.into_iter().zip(values).filter_map(|(name, v)| Some((name, v?.to_string()))).collect();
        (field.wire.clone(), ArgFacts { required: field.required, ty: ir_type(&field.ty), bounds })
    });
    let fields =
        method.response.fields.iter().filter(|field| !field.flatten && !ENVELOPE.contains(&field.wire.as_str()));
    MethodFacts {
        args: args.collect(),
        tier: method.rate.to_string(),
        scopes: method.scopes.iter().cloned().collect(),
        errors: method.errors.iter().map(|code| code.wire.clone()).collect(),
        fields: fields.map(|field| (field.wire.clone(), field.required)).collect(),
    }
}

/// Slack's facts about one method, from its `docs.slack.dev/methods/<method>.json` and
/// the codes every method can return (`common`), which Slack's method pages leave out.
pub fn from_slack(data: &Value, common: &BTreeSet<String>) -> MethodFacts {
    let args = &data["args"];
    let required = names(&args["required"]);
    let args = properties(args).filter(|(name, _)| name.as_str() != "token").map(|(name, schema)| {
        let bounds = BOUNDS.into_iter().filter_map(|bound| Some((bound, schema.get(bound)?.to_string()))).collect();
        let facts = ArgFacts { required: required.contains(name), ty: json_type(schema), bounds };
        (name.clone(), facts)
    });
    let output_required = names(&data["output"]["required"]);
    let fields = properties(&data["output"]).filter(|(name, _)| !ENVELOPE.contains(&name.as_str()));
    let scopes = data["scope"].as_object().into_iter().flat_map(|kinds| kinds.values().flat_map(names));
    let errors = data["errors"].as_object().into_iter().flat_map(|codes| codes.keys().cloned());
    MethodFacts {
        args: args.collect(),
        tier: slack_tier(&data["rate_limits"]),
        scopes: scopes.collect(),
        errors: errors.chain(common.iter().cloned()).collect(),
        fields: fields.map(|(name, _)| (name.clone(), output_required.contains(name))).collect(),
    }
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// The JSON type a Rust type carries on the wire, named as Slack's data names it.
fn ir_type(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Enum(_) => "string".to_owned(),
        Ty::Bool => "boolean".to_owned(),
        Ty::I32 | Ty::I64 => "integer".to_owned(),
        Ty::F64 => "number".to_owned(),
        Ty::Vec(item) => format!("array of {}", ir_type(item)),
        Ty::Named(_) | Ty::Map(_) => "object".to_owned(),
        Ty::Json => "any".to_owned(),
    }
}

/// The JSON type of one of Slack's schemas. A `oneOf`/`anyOf` of a type and `null` is
/// that type (the spec says `nullable` apart, and nullability is not compared). A schema
/// with no `type` that names one of Slack's identifier schemas (`user_id`, `team_id`…)
/// is a string, as `xtask/corpus/translate.py` reads it.
fn json_type(schema: &Value) -> String {
    let choices = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array);
    if let Some(choices) = choices {
        let kinds: Vec<&Value> = choices.iter().filter(|c| c["type"] != "null").collect();
        return match kinds.as_slice() {
            [only] => json_type(only),
            _ => "one of several types".to_owned(),
        };
    }
    match schema["type"].as_str() {
        Some("array") => format!("array of {}", json_type(&schema["items"])),
        Some(kind) => kind.to_owned(),
        None => match schema["schema"].as_str().or(schema["$schema"].as_str()) {
            Some(name) if is_identifier(name) => "string".to_owned(),
            _ => "any".to_owned(),
        },
    }
}

fn is_identifier(name: &str) -> bool {
    name.ends_with("_id") || matches!(name, "channel" | "ts" | "date")
}

/// Slack's `rate_limits` said as [`RateLimit`] displays it, so equal limits read equal:
/// `t2` is `Tier 2`, and "1200 requests per minute with a burst allowance of 2000" is
/// `1200 calls a minute (bursts of 2000)`. Any other text is kept as it is.
fn slack_tier(value: &Value) -> String {
    let Some(text) = value.as_str() else { return super::compare::ABSENT.to_owned() };
    if let Some(tier) = text.strip_prefix('t').and_then(|n| n.parse::<u8>().ok()) {
        return RateLimit::Tier(tier).to_string();
    }
    let text = text.trim_end_matches('.');
    let Some((calls, rest)) = text.split_once(" requests per minute") else { return text.to_owned() };
    let burst = rest.strip_prefix(" with a burst allowance of ").and_then(|n| n.parse().ok());
    match calls.parse() {
        Ok(calls) if rest.is_empty() || burst.is_some() => RateLimit::PerMinute { calls, burst }.to_string(),
        _ => text.to_owned(),
    }
}

/// The strings of a JSON array; nothing for anything else.
fn names(value: &Value) -> BTreeSet<String> {
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// The `properties` of an object schema, in order; none for anything else (Slack gives
/// `output: null` for methods that answer with the envelope alone).
fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema["properties"].as_object().into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slacks_rate_limits_read_like_the_specs() {
        assert_eq!(slack_tier(&json!("t2")), "Tier 2");
        assert_eq!(
            slack_tier(&json!("1200 requests per minute with a burst allowance of 2000")),
            "1200 calls a minute (bursts of 2000)"
        );
        assert_eq!(slack_tier(&json!("50 requests per minute")), "50 calls a minute");
        assert_eq!(slack_tier(&json!("special")), "special");
        assert_eq!(slack_tier(&Value::Null), "absent");
    }

    #[test]
    fn slacks_schemas_name_their_json_types() {
        assert_eq!(json_type(&json!({"type": "array", "items": {"type": "string"}})), "array of string");
        assert_eq!(json_type(&json!({"schema": "team_id"})), "string");
        assert_eq!(json_type(&json!({"schema": "blocks"})), "any");
        assert_eq!(json_type(&json!({"oneOf": [{"type": "integer"}, {"type": "null"}]})), "integer");
        assert_eq!(json_type(&json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})), "one of several types");
    }

    #[test]
    fn the_token_and_the_envelope_are_not_facts_of_a_method() {
        let data = json!({
            "args": {"required": ["token", "user_id"], "properties": {
                "token": {"type": "string"}, "user_id": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 1000}}},
            "output": {"required": ["ok", "items"], "properties": {"ok": {}, "items": {}, "response_metadata": {}}},
            "scope": {"user": ["a:read"], "bot": ["b:read"]},
            "rate_limits": "t3",
            "errors": {"own_code": {}},
        });
        let facts = from_slack(&data, &BTreeSet::from(["common_code".to_owned()]));
        assert_eq!(facts.args.keys().collect::<Vec<_>>(), ["limit", "user_id"]);
        assert!(facts.args["user_id"].required && !facts.args["limit"].required);
        assert_eq!(facts.args["limit"].bounds[&"maximum"], "1000");
        assert_eq!(facts.fields, BTreeMap::from([("items".to_owned(), true)]));
        assert_eq!(facts.scopes.len(), 2);
        assert_eq!(facts.errors.iter().collect::<Vec<_>>(), ["common_code", "own_code"]);
        assert_eq!(facts.tier, "Tier 3");
    }
}
