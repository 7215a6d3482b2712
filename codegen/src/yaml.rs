//! Renders YAML values as text for documentation and messages, in JSON-like notation.
//!
//! A leaf module: the spec reader names the kind of a value it did not expect, and the
//! lowering pass writes examples and defaults into the docs, both through here.

use serde_yaml::Value;

use crate::docs::is_bidi_control;

/// Describes a YAML value's kind for a message, such as "a list".
pub(crate) fn describe_value(value: &Value) -> &'static str {
    match value {
        Value::Null => "an empty document",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Renders a YAML value for documentation, in JSON-like notation.
pub(crate) fn render_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        // Control characters would end up raw in one-line docs and messages; escape them.
        Value::String(s) if s.chars().any(|c| c.is_control() || is_bidi_control(c)) => s.escape_debug().to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(render_nested).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(map) => {
            let entries: Vec<String> =
                map.iter().map(|(k, v)| format!("{}: {}", render_nested(k), render_nested(v))).collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Tagged(tagged) => render_value(&tagged.value),
    }
}

fn render_nested(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => render_value(other),
    }
}
