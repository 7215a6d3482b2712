//! The validated model the emitters work from: names chosen, types mapped, references gone.
//!
//! Everything here is ordered (spec order for fields and error codes, sorted by name for
//! methods and shared types), so emitting it is deterministic by construction.

/// The whole API: every method, plus the object types their responses share.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec's path as given to the generator; named in each file's header.
    pub spec_path: String,
    /// The methods, sorted by wire name.
    pub methods: Vec<Method>,
    /// Object types referenced from responses, sorted by name.
    pub shared: Vec<Struct>,
    /// String enums of arguments and responses, sorted by name.
    pub enums: Vec<Enum>,
    /// The category of every shared error row (`components.x-slack-errors`), as
    /// `(code, category)` sorted by code: what a code means for a method whose own
    /// table does not list it, such as `token_expired`, which Slack can answer anywhere.
    pub shared_categories: Vec<(String, Category)>,
}

/// A string `enum` of the spec: a Rust enum with one variant per value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// The Rust type name.
    pub name: String,
    /// The values, as `(wire value, variant)`, in spec order.
    pub values: Vec<(String, String)>,
    /// Whether a response reads it. Slack adds values over time, so such an enum keeps
    /// any other string in the fallback variant instead of failing to decode.
    pub open: bool,
}

/// One Slack method.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The Slack name, such as `admin.users.session.resetBulk`.
    pub wire: String,
    /// The stem of the method's type names, such as `AdminUsersSessionResetBulk`.
    pub type_stem: String,
    /// The client method and module name, such as `admin_users_session_reset_bulk`.
    pub fn_name: String,
    /// The error enum's name, such as `AdminUsersSessionResetBulkError`.
    pub error_name: String,
    /// One line.
    pub summary: String,
    /// Markdown.
    pub description: String,
    /// The method's reference page.
    pub docs_url: Option<String>,
    /// The OAuth scopes the token needs.
    pub scopes: Vec<String>,
    /// The rate limit: a tier, or calls per minute.
    pub rate: RateLimit,
    /// Whether repeating a call is harmless.
    pub idempotent: bool,
    /// Whether success only means the work was queued.
    pub async_job: bool,
    /// Whether the whole method is deprecated.
    pub deprecated: bool,
    /// The body encodings the method accepts, in the spec's order (the first is the one
    /// the client falls back to).
    pub encodings: Vec<BodyEncoding>,
    /// The arguments.
    pub request: Struct,
    /// The success body.
    pub response: Struct,
    /// Inline object types nested in the response, named after their parents.
    pub nested: Vec<Struct>,
    /// The documented error codes, in Slack's order.
    pub errors: Vec<ErrorCode>,
    /// The documented warnings, in Slack's order.
    pub warnings: Vec<Warning>,
    /// Rules between arguments.
    pub rules: Vec<ArgRule>,
    /// The request's constructors: `new`, or one `new_with_<argument>` per argument of a
    /// choice rule.
    pub constructors: Vec<Constructor>,
    /// Cursor pagination, when the method pages.
    pub pagination: Option<Pagination>,
    /// The argument split across calls, when the method has a batched form.
    pub batch: Option<Batch>,
}

/// A request body encoding a method accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

impl BodyEncoding {
    /// The runtime's `Encoding` variant.
    pub fn variant(self) -> &'static str {
        match self {
            BodyEncoding::Form => "Form",
            BodyEncoding::Json => "Json",
        }
    }
}

/// A method's rate limit, as the spec states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    /// A Slack tier, 1 to 4.
    Tier(u8),
    /// Calls per minute, with an optional burst allowance.
    PerMinute {
        /// The calls a minute.
        calls: u32,
        /// How many calls may arrive back to back.
        burst: Option<u32>,
    },
}

impl std::fmt::Display for RateLimit {
    /// How the docs say it: `Tier 2`, or `1200 calls a minute (bursts of 2000)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RateLimit::Tier(tier) => write!(f, "Tier {tier}"),
            RateLimit::PerMinute { calls, burst: None } => write!(f, "{calls} calls a minute"),
            RateLimit::PerMinute { calls, burst: Some(burst) } => {
                write!(f, "{calls} calls a minute (bursts of {burst})")
            }
        }
    }
}

/// A method's batched form: an array argument split into calls of a bounded size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The argument's name on the wire, such as `user_ids`.
    pub wire: String,
    /// The argument's Rust field name.
    pub ident: String,
    /// The most items one call takes.
    pub max_per_call: u32,
    /// The batched client method, such as `admin_users_session_reset_bulk_batched`.
    pub fn_name: String,
}

/// A struct to emit: a request, a response, or an object nested in a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The Rust type name.
    pub name: String,
    /// Markdown.
    pub description: String,
    /// The fields, in spec order.
    pub fields: Vec<Field>,
}

/// One argument or response field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub ident: String,
    /// The Rust type, before any `Option` for optional or nullable fields.
    pub ty: Ty,
    /// Whether the spec lists the field as required.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// Markdown.
    pub description: String,
    /// The example, as compact JSON.
    pub example: Option<String>,
    /// The default, as compact JSON.
    pub default: Option<String>,
    /// Whether the argument is deprecated.
    pub deprecated: bool,
    /// Bounds checked before sending.
    pub bounds: Bounds,
    /// Whether the field stands for the whole object it sits in: the one field of a
    /// response whose schema is any JSON object, which takes every key of the body.
    pub flatten: bool,
}

impl Field {
    /// Whether the field may be absent: not required, or nullable. Requests wrap such
    /// fields in `Option`; responses do too, except for non-nullable lists, which read
    /// an absent list as empty.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// The Rust types the generator maps schemas onto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// A generated struct, by name.
    Named(String),
    /// `serde_json::Value`: a schema with no `type` (any JSON value), or an object
    /// argument, which a JSON body carries as it is and a form body as JSON text.
    Json,
    /// `BTreeMap<String, T>`: an object whose keys are data (`additionalProperties` with
    /// a schema). A `BTreeMap` keeps the keys sorted, so output never depends on hashing.
    Map(Box<Ty>),
    /// A generated string enum, by name.
    Enum(String),
}

/// Numeric and length bounds of an argument.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bounds {
    /// The smallest allowed value.
    pub minimum: Option<i64>,
    /// The largest allowed value.
    pub maximum: Option<i64>,
    /// The fewest allowed items.
    pub min_items: Option<u64>,
    /// The most allowed items.
    pub max_items: Option<u64>,
    /// Whether a list's items must differ from each other (`uniqueItems: true`).
    pub unique_items: bool,
}

impl Bounds {
    /// Whether any bound is set.
    pub fn is_empty(&self) -> bool {
        *self == Bounds::default()
    }
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code on the wire.
    pub wire: String,
    /// The enum variant name.
    pub variant: String,
    /// What the code means.
    pub description: String,
    /// How the client may retry after it.
    pub retry: Retry,
    /// What kind of failure the code describes.
    pub category: Category,
}

/// What kind of failure an error code describes, as the spec's `category` says. The
/// spec's spelling is the kebab-case of each variant, so the spec model reads it directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The token is dead: revoked, expired, or never valid.
    Authentication,
    /// The token may not do this: scope, role, token type, plan or policy.
    Permission,
    /// The request is malformed or its arguments are wrong.
    InvalidRequest,
    /// The user, session or workspace named does not exist or may not be acted on.
    Target,
    /// Slack is rate-limiting the caller.
    RateLimited,
    /// Slack failed on its side.
    SlackFailure,
    /// The method or endpoint is deprecated or gone.
    Deprecated,
}

impl Category {
    /// The spelling in the spec, such as `invalid-request`.
    pub fn spec_name(self) -> &'static str {
        match self {
            Category::Authentication => "authentication",
            Category::Permission => "permission",
            Category::InvalidRequest => "invalid-request",
            Category::Target => "target",
            Category::RateLimited => "rate-limited",
            Category::SlackFailure => "slack-failure",
            Category::Deprecated => "deprecated",
        }
    }

    /// The matching `ErrorCategory` variant of the generated crate.
    pub fn variant(self) -> &'static str {
        match self {
            Category::Authentication => "Authentication",
            Category::Permission => "Permission",
            Category::InvalidRequest => "InvalidRequest",
            Category::Target => "Target",
            Category::RateLimited => "RateLimited",
            Category::SlackFailure => "SlackFailure",
            Category::Deprecated => "Deprecated",
        }
    }
}

/// How a call that failed with a code may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// The answer is final.
    Never,
    /// Try again after a backoff.
    Transient,
    /// Wait as for an HTTP 429.
    RateLimited,
    /// The operation may have partly happened.
    PartialSuccess,
}

/// One documented warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The code on the wire.
    pub wire: String,
    /// What the warning means.
    pub description: String,
}

/// A rule between arguments, checked before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgRule {
    /// The kind of rule.
    pub kind: RuleKind,
    /// The arguments, as `(wire name, Rust field name)`.
    pub args: Vec<(String, String)>,
    /// Why the rule exists.
    pub description: String,
    /// The setter that sets every argument at once, for an `all-or-none` rule.
    pub joint_setter: Option<String>,
}

/// One constructor of a request type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constructor {
    /// The function name, such as `new` or `new_with_user_id`.
    pub name: String,
    /// The optional argument it takes besides the required ones, as `(wire, field)`.
    pub chosen: Option<(String, String)>,
}

/// The kinds of argument rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Every argument or none.
    AllOrNone,
    /// One or more.
    AtLeastOne,
    /// Exactly one.
    ExactlyOne,
}

impl RuleKind {
    /// Whether the rule picks between arguments, so that each one it names gets its own
    /// constructor (`new_with_<argument>`) instead of a plain `new`.
    pub fn is_choice(self) -> bool {
        matches!(self, RuleKind::AtLeastOne | RuleKind::ExactlyOne)
    }
}

/// How a paginated method's pages link up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The request field that takes the cursor.
    pub cursor_field: String,
    /// The response fields leading to the next cursor, each with whether it is optional.
    pub next_cursor: Vec<(String, bool)>,
    /// The response field holding the items.
    pub items_field: String,
    /// The item type.
    pub item_ty: Ty,
    /// The client method that streams the items, such as `admin_users_session_list_stream`.
    pub stream_fn: String,
    /// The error codes that mean there is nothing to list, as `(wire code, variant)`.
    pub empty_codes: Vec<(String, String)>,
}
