//! The tolerant reader: turns YAML text into the [`Document`] model key by key, so that a
//! broken section becomes a recorded problem instead of stopping the read, and rewrites
//! serde's messages in the spec's terms.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_yaml::Value;

use super::model::{Checked, Components, Document, Invalid};
use crate::diag::{Diagnostic, Diagnostics};
use crate::path::DocPath;
use crate::yaml::{describe_value, render_value};

/// Parses the spec text. Fails only when the text is not YAML or its top level is not a
/// mapping; every other problem is kept, with its document path, in [`Document::problems`]
/// or in a [`Checked`] value, so that one run reports them all.
pub fn parse(text: &str) -> Result<Document, Diagnostics> {
    let value = serde_yaml::from_str::<Value>(text).map_err(|error| yaml_error(text, error))?;
    let Value::Mapping(mapping) = value else {
        let mut diags = Diagnostics::default();
        let found = describe_value(&value);
        diags.error("", format!("expected an OpenAPI document, a mapping with `openapi`, `info` and `paths` at the top level; found {found}"));
        return Err(diags);
    };
    let mut problems = Vec::new();
    let document = read_document(Fields::new(DocPath::document(), mapping, &mut problems));
    Ok(Document { problems, ..document })
}

/// Turns a YAML syntax error into a diagnostic. serde_yaml gives a position for most of
/// them; for a duplicate key it names the mapping (or nothing, at the top level), so the
/// repeated key itself is looked up in the text.
fn yaml_error(text: &str, error: serde_yaml::Error) -> Diagnostics {
    let full = error.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic shows the position itself.
    let message = full.find(" at line ").map_or(full.as_str(), |index| &full[..index]);
    let start = error.location().map(|location| (location.line(), location.column()));
    let mut diagnostic = match duplicate_key(message) {
        Some((path, key)) => {
            let mut diagnostic =
                Diagnostic::new(path, format!("the key `{key}` appears twice in one mapping; expected each key once"));
            diagnostic.position = crate::locate::repeated_key(text, start, &key).or(start);
            diagnostic
        }
        None => Diagnostic::new("", format!("the file is not valid YAML: {message}")),
    };
    diagnostic.position = diagnostic.position.or(start);
    let mut diags = Diagnostics::default();
    diags.push(diagnostic);
    diags
}

/// Reads serde_yaml's `parent.path: duplicate entry with key "k"` as a path and a key.
fn duplicate_key(message: &str) -> Option<(DocPath, String)> {
    let (parent, rest) = match message.split_once(": duplicate entry with key ") {
        Some((parent, rest)) => (parent, rest),
        None => ("", message.strip_prefix("duplicate entry with key ")?),
    };
    let key = rest.trim_matches('"').to_owned();
    let parent = if parent == "." { DocPath::document() } else { DocPath::verbatim(parent) };
    Some((parent.key(&key), key))
}

impl<T: DeserializeOwned> Checked<T> {
    /// Reads `value` as `T`, keeping the path below `value` where reading stopped.
    pub fn from_value(value: Value) -> Checked<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(parsed) => Checked::Ok(parsed),
            Err(error) => {
                let path = relative_path(error.path());
                Checked::Err(Invalid { path, message: friendly(&error.inner().to_string()) })
            }
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Checked::from_value(Value::deserialize(deserializer)?))
    }
}

/// Writes serde_path_to_error's path in the document-path syntax of diagnostics.
fn relative_path(path: &serde_path_to_error::Path) -> DocPath {
    path.iter().fold(DocPath::document(), |out, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => out.index(*index),
        serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => out.key(key),
        serde_path_to_error::Segment::Unknown => out,
    })
}

/// Rewrites serde's messages, which speak of Rust types and fields, in the spec's terms:
/// "expected an integer from 0 to 255, found the string \"two\"" rather than
/// "invalid type: string \"two\", expected u8".
fn friendly(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((found, expected)) = message.strip_prefix(prefix).and_then(|rest| rest.rsplit_once(", expected ")) {
            return format!("expected {}, found {}", expected_words(expected), found_words(found));
        }
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("expected the key {field}, which is missing");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!("unknown key {}", rest.replacen(", expected", "; expected", 1));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return format!("unknown value {}", rest.replacen(", expected", "; expected", 1));
    }
    message.to_owned()
}

fn expected_words(expected: &str) -> String {
    match expected {
        "u8" => "an integer from 0 to 255".to_owned(),
        "u16" | "u32" | "u64" | "i32" | "i64" | "usize" => "an integer".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a map" => "a mapping".to_owned(),
        other if other.starts_with("struct ") => "a mapping".to_owned(),
        other => other.to_owned(),
    }
}

fn found_words(found: &str) -> String {
    match found {
        "unit value" => "an empty value".to_owned(),
        "map" => "a mapping".to_owned(),
        "sequence" => "a list".to_owned(),
        other => format!("the {other}"),
    }
}

/// unknown, so a mistake in one section never hides the rest of the document.
struct Fields<'p> {
    prefix: DocPath,
    entries: Vec<(String, Value)>,
    known: Vec<&'static str>,
    problems: &'p mut Vec<Invalid>,
}

impl<'p> Fields<'p> {
    fn new(prefix: DocPath, mapping: serde_yaml::Mapping, problems: &'p mut Vec<Invalid>) -> Fields<'p> {
        let mut entries = Vec::new();
        for (key, value) in mapping {
            match key {
                Value::String(key) => entries.push((key, value)),
                Value::Number(_) | Value::Bool(_) => entries.push((render_value(&key), value)),
                other => {
                    let message = format!("expected a plain string key, found {}", describe_value(&other));
                    problems.push(Invalid { path: prefix.clone(), message });
                }
            }
        }
        Fields { prefix, entries, known: Vec::new(), problems }
    }

    fn path(&self, key: &str) -> DocPath {
        self.prefix.key(key)
    }

    /// Removes `key` and reads it as `T`; `None` when it is absent or had the wrong shape.
    fn take<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        self.known.push(key);
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        let (_, value) = self.entries.remove(index);
        match Checked::<T>::from_value(value) {
            Checked::Ok(parsed) => Some(parsed),
            Checked::Err(invalid) => {
                let path = self.path(key).join(&invalid.path);
                self.problems.push(Invalid { path, message: invalid.message });
                None
            }
        }
    }

    /// Like [`Fields::take`], but a missing key is a problem too.
    fn require<T: DeserializeOwned>(&mut self, key: &'static str, expected: &str) -> Option<T> {
        if !self.entries.iter().any(|(k, _)| k == key) {
            let message = format!("expected {expected}, which is missing");
            self.problems.push(Invalid { path: self.prefix.clone(), message });
        }
        self.take(key)
    }

    /// Removes `key` and hands its mapping to `read`, for a section read key by key too.
    fn section<T: Default>(&mut self, key: &'static str, read: impl FnOnce(Fields<'_>) -> T) -> T {
        self.known.push(key);
        let Some(index) = self.entries.iter().position(|(k, _)| k == key) else { return T::default() };
        let path = self.path(key);
        match self.entries.remove(index).1 {
            Value::Mapping(mapping) => read(Fields::new(path, mapping, self.problems)),
            other => {
                let message = format!("expected a mapping, found {}", describe_value(&other));
                self.problems.push(Invalid { path, message });
                T::default()
            }
        }
    }

    /// Reports every key no one asked for.
    fn finish(self) {
        let expected: Vec<String> = self.known.iter().map(|k| format!("`{k}`")).collect();
        for (key, _) in &self.entries {
            let message = format!("unknown key `{key}`; expected one of {}", expected.join(", "));
            self.problems.push(Invalid { path: self.prefix.key(key), message });
        }
    }
}

fn read_document(mut fields: Fields<'_>) -> Document {
    let document = Document {
        openapi: fields.require("openapi", "`openapi: 3.0.3`"),
        info: fields.require("info", "`info` with a `title` and a `version`"),
        servers: fields.take("servers").unwrap_or_default(),
        tags: fields.take("tags").unwrap_or_default(),
        external_docs: fields.take("externalDocs"),
        paths: fields.require("paths", "`paths` with one entry per Slack method"),
        components: fields.section("components", read_components),
        security: fields.take("security"),
        webhooks: fields.take("webhooks"),
        problems: Vec::new(),
    };
    fields.finish();
    document
}

fn read_components(mut fields: Fields<'_>) -> Components {
    let components = Components {
        schemas: fields.take("schemas").unwrap_or_default(),
        responses: fields.take("responses").unwrap_or_default(),
        security_schemes: fields.take("securitySchemes").unwrap_or_default(),
        slack_errors: fields.take("x-slack-errors").unwrap_or_default(),
        slack_warnings: fields.take("x-slack-warnings").unwrap_or_default(),
        parameters: fields.take("parameters"),
        request_bodies: fields.take("requestBodies"),
        headers: fields.take("headers"),
        examples: fields.take("examples"),
        links: fields.take("links"),
        callbacks: fields.take("callbacks"),
    };
    fields.finish();
    components
}
