//! A serde model of the OpenAPI 3.0 subset the generator understands.
//!
//! Structs reject unknown keys, so a typo such as `x-slack-error` is reported instead of
//! silently dropping meaning. OpenAPI features the generator does not support are still
//! modelled (as raw values) so that `lower` can name them as "not supported" with their
//! location, rather than serde calling them unknown.
//!
//! Parsing never stops at the first problem inside a path or schema: each one is wrapped
//! in [`Checked`], which keeps either the parsed value or the reason it failed.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics};

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
    let document = read_document(Fields::new("", mapping, &mut problems));
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
fn duplicate_key(message: &str) -> Option<(String, String)> {
    let (parent, rest) = match message.split_once(": duplicate entry with key ") {
        Some((parent, rest)) => (parent, rest),
        None => ("", message.strip_prefix("duplicate entry with key ")?),
    };
    let key = rest.trim_matches('"').to_owned();
    let path = if parent.is_empty() || parent == "." { key.clone() } else { format!("{parent}.{key}") };
    Some((path, key))
}

/// Why a value could not be read as the type the generator expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where the problem is: relative to the [`Checked`] value that holds it, or from the
    /// document root in [`Document::problems`]. Written like `args[1]` or `info.title`.
    pub path: String,
    /// What was wrong and what was expected instead.
    pub message: String,
}

/// A value that either parsed as `T` or failed, saying where inside it and why.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked<T> {
    /// The value parsed.
    Ok(T),
    /// The value had the wrong shape.
    Err(Invalid),
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
fn relative_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
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

/// Describes a YAML value's kind for a message, such as "a list".
fn describe_value(value: &Value) -> &'static str {
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

/// The keys of one mapping, read one at a time. Each key that fails to read becomes a
/// problem at its path and is otherwise skipped, and keys nobody asked for are reported as
/// unknown, so a mistake in one section never hides the rest of the document.
struct Fields<'p> {
    prefix: String,
    entries: Vec<(String, Value)>,
    known: Vec<&'static str>,
    problems: &'p mut Vec<Invalid>,
}

impl<'p> Fields<'p> {
    fn new(prefix: &str, mapping: serde_yaml::Mapping, problems: &'p mut Vec<Invalid>) -> Fields<'p> {
        let mut entries = Vec::new();
        for (key, value) in mapping {
            match key {
                Value::String(key) => entries.push((key, value)),
                Value::Number(_) | Value::Bool(_) => entries.push((crate::lower::render_value(&key), value)),
                other => {
                    let message = format!("expected a plain string key, found {}", describe_value(&other));
                    problems.push(Invalid { path: prefix.to_owned(), message });
                }
            }
        }
        Fields { prefix: prefix.to_owned(), entries, known: Vec::new(), problems }
    }

    fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    /// Removes `key` and reads it as `T`; `None` when it is absent or had the wrong shape.
    fn take<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        self.known.push(key);
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        let (_, value) = self.entries.remove(index);
        match Checked::<T>::from_value(value) {
            Checked::Ok(parsed) => Some(parsed),
            Checked::Err(invalid) => {
                let path = join(&self.path(key), &invalid.path);
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
            Value::Mapping(mapping) => read(Fields::new(&path, mapping, self.problems)),
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
            self.problems.push(Invalid { path: join(&self.prefix, key), message });
        }
    }
}

/// Appends a relative path (`a.b`, `[2].c`, or nothing) to `base`.
pub(crate) fn join(base: &str, relative: &str) -> String {
    match (base.is_empty(), relative.is_empty()) {
        (_, true) => base.to_owned(),
        (true, false) => relative.to_owned(),
        (false, false) if relative.starts_with('[') => format!("{base}{relative}"),
        (false, false) => format!("{base}.{relative}"),
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

/// A YAML mapping that keeps its keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<T> OrderedMap<T> {
    /// Looks a key up.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The entries in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = OrderedMap<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// The whole document, read key by key (see [`parse`]) rather than by serde's derive, so
/// that a problem in one top-level section does not stop the others being read.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The OpenAPI version; must be 3.0.x.
    pub openapi: Option<String>,
    /// Title, version and description.
    pub info: Option<Info>,
    /// Server URLs.
    pub servers: Vec<Server>,
    /// Tag declarations; documentation only.
    pub tags: Vec<Tag>,
    /// Link to the family's documentation.
    pub external_docs: Option<ExternalDocs>,
    /// One entry per Slack method; `None` when missing or not a mapping.
    pub paths: Option<OrderedMap<Checked<PathItem>>>,
    /// Shared schemas, responses, security schemes and Slack error rows.
    pub components: Components,
    /// Global security requirements: not supported, each operation names its own.
    pub security: Option<Value>,
    /// Webhooks (OpenAPI 3.1): not supported.
    pub webhooks: Option<Value>,
    /// Problems met while reading the top level and `components`, with paths from the root.
    pub problems: Vec<Invalid>,
}

/// The `info` object.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// The document title.
    pub title: String,
    /// The document version.
    pub version: String,
    /// What the document describes.
    pub description: Option<String>,
    /// Contact details; documentation only.
    pub contact: Option<Value>,
    /// License details; documentation only.
    pub license: Option<Value>,
    /// Terms of service; documentation only.
    #[serde(rename = "termsOfService")]
    pub terms_of_service: Option<String>,
}

/// One server entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// The base URL.
    pub url: String,
    /// What the server is.
    pub description: Option<String>,
}

/// One tag declaration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// The tag name.
    pub name: String,
    /// What the tag groups.
    pub description: Option<String>,
    /// Link to more documentation.
    #[serde(rename = "externalDocs")]
    pub external_docs: Option<ExternalDocs>,
}

/// A link to documentation elsewhere.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExternalDocs {
    /// The link.
    pub url: String,
    /// What the link leads to.
    pub description: Option<String>,
}

/// The `components` object, read key by key like [`Document`].
#[derive(Debug, Clone, Default)]
pub struct Components {
    /// Named schemas.
    pub schemas: OrderedMap<Checked<Schema>>,
    /// Named responses.
    pub responses: OrderedMap<Checked<Response>>,
    /// Security schemes.
    pub security_schemes: OrderedMap<Checked<SecurityScheme>>,
    /// Error rows shared by several methods, keyed by code.
    pub slack_errors: OrderedMap<Checked<ErrorRow>>,
    /// Warning rows shared by several methods, keyed by code.
    pub slack_warnings: OrderedMap<Checked<WarningRow>>,
    /// Shared parameters: not supported.
    pub parameters: Option<Value>,
    /// Shared request bodies: not supported.
    pub request_bodies: Option<Value>,
    /// Shared headers: not supported.
    pub headers: Option<Value>,
    /// Shared examples: not supported.
    pub examples: Option<Value>,
    /// Links: not supported.
    pub links: Option<Value>,
    /// Callbacks: not supported.
    pub callbacks: Option<Value>,
}

/// A security scheme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityScheme {
    /// The scheme type; only `http` is supported.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP scheme; only `bearer` is supported.
    pub scheme: Option<String>,
    /// A hint about the token format.
    #[serde(rename = "bearerFormat")]
    pub bearer_format: Option<String>,
    /// What the scheme is.
    pub description: Option<String>,
}

/// One path: a Slack method.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    /// The only supported operation: Slack takes every method as a POST.
    pub post: Option<Checked<Operation>>,
    /// Unsupported operations, kept so they can be reported by name.
    pub get: Option<Value>,
    /// Not supported.
    pub put: Option<Value>,
    /// Not supported.
    pub delete: Option<Value>,
    /// Not supported.
    pub patch: Option<Value>,
    /// Not supported.
    pub head: Option<Value>,
    /// Not supported.
    pub options: Option<Value>,
    /// Not supported.
    pub trace: Option<Value>,
    /// Path-level parameters: not supported.
    pub parameters: Option<Value>,
    /// Path-level servers: not supported.
    pub servers: Option<Value>,
    /// Path-level summary; the operation's own is used.
    pub summary: Option<String>,
    /// Path-level description; the operation's own is used.
    pub description: Option<String>,
    /// References between path items: not supported.
    #[serde(rename = "$ref")]
    pub reference: Option<Value>,
}

/// The `post` operation of a Slack method, with its Slack extensions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// A unique identifier.
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
    /// One line.
    pub summary: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    /// The method's reference page.
    #[serde(rename = "externalDocs")]
    pub external_docs: Option<ExternalDocs>,
    /// Grouping tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The scopes required, by scheme.
    pub security: Option<Vec<OrderedMap<Vec<String>>>>,
    /// Whether the whole method is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The arguments.
    #[serde(rename = "requestBody")]
    pub request_body: Option<Checked<RequestBody>>,
    /// The responses, by status.
    pub responses: Option<OrderedMap<Checked<Response>>>,
    /// Query or header parameters: not supported, Slack arguments travel in the body.
    pub parameters: Option<Value>,
    /// Not supported.
    pub callbacks: Option<Value>,
    /// Not supported.
    pub servers: Option<Value>,
    /// The documented error codes.
    #[serde(rename = "x-slack-errors")]
    pub slack_errors: Option<Vec<Checked<ErrorRow>>>,
    /// The documented warnings.
    #[serde(rename = "x-slack-warnings")]
    pub slack_warnings: Option<Vec<Checked<WarningRow>>>,
    /// The rate-limit tier, 1 to 4.
    #[serde(rename = "x-slack-rate-limit-tier")]
    pub rate_limit_tier: Option<Checked<i64>>,
    /// Whether repeating a call is harmless.
    #[serde(rename = "x-slack-idempotent")]
    pub idempotent: Option<Checked<bool>>,
    /// Whether success only means the work was queued.
    #[serde(default, rename = "x-slack-async-job")]
    pub async_job: Option<Checked<bool>>,
    /// Rules between arguments.
    #[serde(default, rename = "x-slack-arg-rules")]
    pub arg_rules: Vec<Checked<ArgRule>>,
    /// Cursor pagination.
    #[serde(rename = "x-slack-pagination")]
    pub pagination: Option<Checked<Pagination>>,
    /// An array argument that may be split across several calls.
    #[serde(rename = "x-slack-batch")]
    pub batch: Option<Checked<Batch>>,
}

/// A request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// What the body carries.
    pub description: Option<String>,
    /// Whether the body is required.
    #[serde(default)]
    pub required: bool,
    /// The body per media type.
    pub content: OrderedMap<Checked<MediaType>>,
}

/// A body in one media type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    /// The body's schema.
    pub schema: Option<Schema>,
    /// One example body.
    pub example: Option<Value>,
    /// Named examples.
    pub examples: Option<Value>,
    /// Per-property encoding of form bodies.
    pub encoding: Option<OrderedMap<Checked<Encoding>>>,
}

/// How one form property is serialized.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Encoding {
    /// The serialization style; only `form` is supported.
    pub style: Option<String>,
    /// Whether arrays become repeated fields; only `false` is supported.
    pub explode: Option<bool>,
    /// A per-property content type: not supported.
    #[serde(rename = "contentType")]
    pub content_type: Option<Value>,
    /// Not supported.
    pub headers: Option<Value>,
    /// Not supported.
    #[serde(rename = "allowReserved")]
    pub allow_reserved: Option<Value>,
}

/// A response, or a reference to a shared one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// A reference to `#/components/responses/…`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// What the response means.
    pub description: Option<String>,
    /// The body per media type.
    pub content: Option<OrderedMap<Checked<MediaType>>>,
    /// Response headers: not supported.
    pub headers: Option<Value>,
    /// Links: not supported.
    pub links: Option<Value>,
}

/// A schema, or a reference to a shared one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// A reference to `#/components/schemas/…`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// The JSON type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The type's format, such as `int64`.
    pub format: Option<String>,
    /// A title; documentation only.
    pub title: Option<String>,
    /// What the value means.
    pub description: Option<String>,
    /// An example value.
    pub example: Option<Value>,
    /// The value assumed when the argument is left out.
    pub default: Option<Value>,
    /// Whether the argument or field is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Whether `null` is allowed.
    #[serde(default)]
    pub nullable: bool,
    /// The smallest allowed integer.
    pub minimum: Option<Value>,
    /// The largest allowed integer.
    pub maximum: Option<Value>,
    /// The fewest allowed array items.
    #[serde(rename = "minItems")]
    pub min_items: Option<Value>,
    /// The most allowed array items.
    #[serde(rename = "maxItems")]
    pub max_items: Option<Value>,
    /// The array's item schema.
    pub items: Option<Box<Checked<Schema>>>,
    /// An object's properties, in document order.
    pub properties: Option<OrderedMap<Checked<Schema>>>,
    /// The names of required properties.
    #[serde(default)]
    pub required: Vec<String>,
    /// Only `true` (the default) is supported: responses may carry extra fields.
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<Value>,
    /// Not supported.
    #[serde(rename = "enum")]
    pub enumeration: Option<Value>,
    /// Not supported.
    #[serde(rename = "oneOf")]
    pub one_of: Option<Value>,
    /// Not supported.
    #[serde(rename = "anyOf")]
    pub any_of: Option<Value>,
    /// Not supported.
    #[serde(rename = "allOf")]
    pub all_of: Option<Value>,
    /// Not supported.
    pub not: Option<Value>,
    /// Not supported.
    pub pattern: Option<Value>,
    /// Not supported.
    #[serde(rename = "minLength")]
    pub min_length: Option<Value>,
    /// Not supported.
    #[serde(rename = "maxLength")]
    pub max_length: Option<Value>,
    /// Not supported.
    #[serde(rename = "uniqueItems")]
    pub unique_items: Option<Value>,
    /// Not supported.
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<Value>,
    /// Not supported.
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<Value>,
    /// Not supported.
    #[serde(rename = "multipleOf")]
    pub multiple_of: Option<Value>,
    /// Not supported.
    pub discriminator: Option<Value>,
    /// Documentation only.
    #[serde(rename = "readOnly")]
    pub read_only: Option<bool>,
    /// Documentation only.
    #[serde(rename = "writeOnly")]
    pub write_only: Option<bool>,
    /// Documentation only.
    #[serde(rename = "externalDocs")]
    pub external_docs: Option<ExternalDocs>,
}

/// One row of an errors table: a code, or a reference to a shared row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRow {
    /// A reference to `#/components/x-slack-errors/<code>`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// The wire code.
    pub code: Option<String>,
    /// What the code means.
    pub description: Option<String>,
    /// How the client may retry after this code.
    pub retry: Option<RetryMark>,
    /// What kind of failure the code describes; required on every row.
    pub category: Option<crate::ir::Category>,
}

/// The retry marks an error row can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RetryMark {
    /// Safe to try again after a backoff.
    Transient,
    /// Wait as for an HTTP 429, then try again.
    RateLimited,
    /// The operation may have partly happened.
    PartialSuccess,
}

/// One row of a warnings table, or a reference to a shared row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRow {
    /// A reference to `#/components/x-slack-warnings/<code>`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// The wire code.
    pub code: Option<String>,
    /// What the warning means.
    pub description: Option<String>,
}

/// A rule between arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArgRule {
    /// The kind of rule.
    pub rule: RuleKind,
    /// The arguments it constrains, by wire name.
    pub args: Vec<String>,
    /// Why the rule exists.
    pub description: Option<String>,
}

/// The kinds of argument rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Every argument or none.
    AllOrNone,
    /// One or more.
    AtLeastOne,
    /// Exactly one.
    ExactlyOne,
}

/// The array argument of a method that may be split across calls, and how many items
/// one call takes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// The request argument that is split; a required array of strings.
    pub arg: String,
    /// The most items one call takes.
    #[serde(rename = "max-per-call")]
    pub max_per_call: i64,
}

/// Where a paginated method keeps its cursor and items.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The request argument that takes the cursor.
    pub cursor: String,
    /// The dotted response path of the next cursor.
    #[serde(rename = "next-cursor")]
    pub next_cursor: String,
    /// The response array that holds each page's items.
    pub items: String,
    /// Error codes that mean the listing is empty rather than failed.
    #[serde(default, rename = "empty-codes")]
    pub empty_codes: Vec<String>,
}
