//! A serde model of the OpenAPI 3.0 subset the generator understands.
//!
//! Structs reject unknown keys, so a typo such as `x-slack-error` is reported instead of
//! silently dropping meaning. OpenAPI features the generator does not support are still
//! modelled (as raw values) so that `lower` can name them as "not supported" with their
//! location, rather than serde calling them unknown.
//!
//! Keys that only document the API (`info`, `tags`, descriptions of servers and bodies)
//! are modelled so that they are accepted, and nothing reads them; hence the allowance.
#![allow(dead_code, reason = "documentation-only keys are modelled to be accepted, not read")]

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_yaml::Value;

use crate::path::DocPath;

/// Why a value could not be read as the type the generator expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where the problem is: relative to the [`Checked`] value that holds it, or from the
    /// document root in [`Document::problems`]. Written like `args[1]` or `info.title`.
    pub(crate) path: DocPath,
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

/// The whole document, read key by key (see [`parse`](super::parse)) rather than by serde's derive, so
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
    /// The rate limit as calls per minute, for methods Slack gives no tier.
    #[serde(rename = "x-slack-rate-limit")]
    pub rate_limit: Option<Checked<RateLimit>>,
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
    /// A map's value schema when there are no `properties`; next to `properties`, `true`
    /// or `false`, which both give the same struct.
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<Value>,
    /// A map's value schema, under the one pattern its keys match.
    #[serde(rename = "patternProperties")]
    pub pattern_properties: Option<Value>,
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

/// A rate limit stated as calls per minute, with an optional burst allowance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// The calls a minute Slack allows.
    #[serde(rename = "per-minute")]
    pub per_minute: u32,
    /// How many calls may arrive back to back.
    pub burst: Option<u32>,
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
