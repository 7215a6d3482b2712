//! The contract between the generated method files and the hand-written runtime.
//!
//! Every Slack method in the spec becomes a request type that implements [`Method`].
//! The runtime knows nothing about individual methods: names, tiers, retry safety,
//! argument rules and pagination all arrive through these traits, from the spec.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A Slack rate limit, as documented for each Web API method: one of the four tiers, or,
/// for the few methods Slack gives no tier, a number of calls per minute.
///
/// Slack publishes tiers as "at least N requests per minute"; the numbers here are the
/// floor of each tier and drive the optional client-side pacing, which reads a
/// per-minute limit the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Tier {
    /// Tier 1: about 1 request per minute.
    Tier1,
    /// Tier 2: about 20 requests per minute.
    Tier2,
    /// Tier 3: about 50 requests per minute.
    Tier3,
    /// Tier 4: about 100 requests per minute.
    Tier4,
    /// A limit Slack states as calls per minute rather than as a tier.
    PerMinute {
        /// The calls a minute Slack allows.
        calls: u32,
        /// How many calls Slack lets arrive back to back, when it says.
        burst: Option<u32>,
    },
}

impl Tier {
    /// The number of requests per minute Slack guarantees for this tier.
    pub const fn per_minute(self) -> u32 {
        match self {
            Tier::Tier1 => 1,
            Tier::Tier2 => 20,
            Tier::Tier3 => 50,
            Tier::Tier4 => 100,
            Tier::PerMinute { calls, .. } => calls,
        }
    }

    /// The spacing of calls at this tier's documented rate: a minute shared out among
    /// its calls (3 s at Tier 2).
    pub fn interval(self) -> Duration {
        minute_share(self.per_minute())
    }

    /// The burst Slack documents for a per-minute limit; tiers document none.
    pub const fn burst(self) -> Option<u32> {
        match self {
            Tier::PerMinute { burst, .. } => burst,
            _ => None,
        }
    }
}

/// A minute shared out among `per_minute` calls: the spacing of calls at that rate.
/// Zero counts as one, so that a broken limit cannot divide by zero.
pub(crate) fn minute_share(per_minute: u32) -> Duration {
    Duration::from_secs(60) / per_minute.max(1)
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = match self {
            Tier::Tier1 => 1,
            Tier::Tier2 => 2,
            Tier::Tier3 => 3,
            Tier::Tier4 => 4,
            Tier::PerMinute { calls, burst: None } => return write!(f, "{calls} calls a minute"),
            Tier::PerMinute { calls, burst: Some(burst) } => {
                return write!(f, "{calls} calls a minute (bursts of {burst})");
            }
        };
        write!(f, "Tier {n}")
    }
}

/// What the spec says about retrying a call that failed with a given error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryClass {
    /// Slack's answer is final; trying again gives the same result.
    Never,
    /// A transient failure on Slack's side: trying again is safe.
    Transient,
    /// Slack is rate-limiting the caller: wait, then try again.
    RateLimited,
    /// The operation may have partly succeeded before failing. It is retried only
    /// when the method is idempotent and the retry policy opts in.
    PartialSuccess,
}

/// What kind of failure an error code describes, so callers can react to whole groups
/// of codes (ask for a new token, report a missing permission, give up on a target)
/// without listing every code of every method.
///
/// Each documented code's category comes from the spec; a code the spec does not
/// document for the method is [`ErrorCategory::Undocumented`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// The token is dead (revoked, expired, never valid, or its owner deactivated): a new token is needed.
    Authentication,
    /// The token is alive but may not do this: missing scope, role, token type, plan or organization policy.
    Permission,
    /// The request was malformed or its arguments were wrong; sending it again unchanged fails again.
    InvalidRequest,
    /// The user, session or workspace named does not exist or may not be acted on.
    Target,
    /// Slack is rate-limiting the caller; waiting and trying again works.
    RateLimited,
    /// Slack failed on its side; the request itself was fine.
    SlackFailure,
    /// The method or endpoint is deprecated or no longer exists.
    Deprecated,
    /// A code that neither the method's table nor the spec's shared rows document, so
    /// nothing is known about it.
    Undocumented,
}

/// A Slack error enum generated for one method: one variant per documented code,
/// plus a fallback that keeps any undocumented code.
pub trait ApiError: std::error::Error + Clone + Send + Sync + 'static {
    /// Maps the `error` string of an `ok: false` response onto this method's enum.
    /// Never fails: an undocumented code becomes the fallback variant.
    fn from_code(code: &str) -> Self;

    /// The wire code, exactly as Slack sent it.
    fn code(&self) -> &str;

    /// Whether and how a call that failed with this code may be retried.
    fn retry_class(&self) -> RetryClass;

    /// What kind of failure the code describes. A code the method's own table does not
    /// list takes the category of the spec's shared row for it (Slack's codes for every
    /// method, such as `token_expired`, are shared rows), and is
    /// [`ErrorCategory::Undocumented`] only when no row names it.
    fn category(&self) -> ErrorCategory;
}

/// Implements what every generated error enum shares: its inherent `code` and
/// `description`, [`ApiError`], `Display` and `Error`.
///
/// Each generated file defines the enum, with an `Unknown(UnknownCode)` fallback, and the
/// `const` tables these methods read: `DOCUMENTED_CODES`, `ROWS` (variant, retry class and
/// category) and `DESCRIPTIONS`, all in the order of the spec's errors table, and
/// `METHOD`, the Slack method's name. The methods
/// are the same for every Slack method, so they are written once here rather than
/// generated into every file, which keeps the generated code to what the spec decides.
macro_rules! documented_error {
    ($name:ident, $shared:expr) => {
        impl $name {
            /// The variant's row in the tables, or `None` for an undocumented code.
            fn row(&self) -> Option<usize> {
                Self::ROWS.iter().position(|(documented, ..)| documented == self)
            }

            /// The wire code, exactly as Slack sent it.
            pub fn code(&self) -> &str {
                match self {
                    Self::Unknown(code) => code.as_str(),
                    // A method without documented codes has only the fallback variant.
                    #[allow(unreachable_patterns)]
                    _ => self.row().map_or("", |row| Self::DOCUMENTED_CODES[row]),
                }
            }

            /// What Slack's documentation says the code means, when it is documented.
            pub fn description(&self) -> Option<&'static str> {
                self.row().map(|row| Self::DESCRIPTIONS[row])
            }
        }

        impl $crate::method::ApiError for $name {
            fn from_code(code: &str) -> Self {
                match Self::DOCUMENTED_CODES.iter().position(|documented| *documented == code) {
                    Some(row) => Self::ROWS[row].0.clone(),
                    None => Self::Unknown($crate::method::UnknownCode::new(code)),
                }
            }

            fn code(&self) -> &str {
                $name::code(self)
            }

            fn retry_class(&self) -> $crate::method::RetryClass {
                self.row().map_or($crate::method::RetryClass::Never, |row| Self::ROWS[row].1)
            }

            fn category(&self) -> $crate::method::ErrorCategory {
                match self.row() {
                    Some(row) => Self::ROWS[row].2,
                    None => $crate::method::shared_category($shared, self.code()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} failed: {}", Self::METHOD, self.code())
            }
        }

        impl std::error::Error for $name {}
    };
}

pub(crate) use documented_error;

/// The category `shared` (the spec's shared error rows, sorted by code, as the generated
/// `SHARED_CATEGORIES` holds them) gives `code`, for a code that a method's own table
/// does not list; [`ErrorCategory::Undocumented`] when no row names it.
pub(crate) fn shared_category(shared: &[(&str, ErrorCategory)], code: &str) -> ErrorCategory {
    shared.binary_search_by(|(known, _)| (*known).cmp(code)).map_or(ErrorCategory::Undocumented, |i| shared[i].1)
}

/// The body format of requests. Slack accepts both for every `admin.users.session.*`
/// method; the default is [`Encoding::Form`], the format Slack documents first. A method
/// that accepts only one ([`Method::ENCODINGS`]) is always sent in that one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// `application/x-www-form-urlencoded`, from [`Method::form_fields`]. No charset
    /// parameter is sent: the body is ASCII after percent-encoding, and Slack warns
    /// about a superfluous charset.
    #[default]
    Form,
    /// `application/json; charset=utf-8`, from the request's `Serialize` impl.
    Json,
}

/// One Slack Web API method, implemented by its generated request type.
pub trait Method: Serialize + Send + Sync {
    /// The Slack method name, for example `admin.users.session.reset`.
    const NAME: &'static str;
    /// The OAuth scopes the token must carry.
    const SCOPES: &'static [&'static str];
    /// The method's rate-limit tier.
    const TIER: Tier;
    /// Whether repeating a call that may have partly succeeded is harmless.
    const IDEMPOTENT: bool;
    /// The body encodings the method accepts, as the spec lists them. A call whose
    /// chosen encoding is not among them is sent in the first one listed instead.
    const ENCODINGS: &'static [Encoding];

    /// The decoded body of a successful (`ok: true`) response.
    type Response: DeserializeOwned + Send;
    /// The method's error enum.
    type Error: ApiError;

    /// Checks the argument rules from the spec; nothing is sent when this fails.
    fn validate(&self) -> Result<(), ArgumentError>;

    /// The form body as ordered `(name, value)` pairs: booleans as `true`/`false`,
    /// string arrays comma-joined, absent optional arguments left out.
    fn form_fields(&self) -> Vec<(&'static str, String)>;
}

/// A method whose results come in pages linked by a cursor.
pub trait Paginated: Method + Clone {
    /// One element of a page.
    type Item: Send;

    /// Sets the cursor argument for the next page.
    fn set_cursor(&mut self, cursor: String);

    /// The cursor of the page after `response`, or `None` on the last page.
    /// An empty cursor means the last page.
    fn next_cursor(response: &Self::Response) -> Option<&str>;

    /// Takes the page's items out of `response`.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;

    /// True when Slack answered with a code that means the listing is empty, so a page
    /// stream ends cleanly with no items.
    fn is_empty_result(error: &Self::Error) -> bool;
}

/// A method whose array argument may be split across several calls, as the spec's
/// `x-slack-batch` extension marks it (for example `resetBulk`'s `user_ids`, at most
/// 1,000 a call). Implemented by the generated request types.
pub trait Batched: Method + Clone {
    /// The argument that is split, as Slack names it.
    const SPLIT_ARG: &'static str;
    /// The most IDs one call takes.
    const MAX_PER_CALL: usize;

    /// A copy of this request with the split argument replaced by `ids`.
    fn with_ids(&self, ids: Vec<String>) -> Self;
}

/// An argument that breaks a rule from the spec. The request was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentError {
    method: &'static str,
    arguments: Vec<&'static str>,
    problem: String,
}

impl ArgumentError {
    /// Builds the error for `method`, naming the offending `arguments`.
    pub fn new(method: &'static str, arguments: &[&'static str], problem: impl Into<String>) -> Self {
        ArgumentError { method, arguments: arguments.to_vec(), problem: problem.into() }
    }

    /// The Slack method whose arguments were rejected.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The names of the arguments involved, as Slack spells them.
    pub fn arguments(&self) -> &[&'static str] {
        &self.arguments
    }

    /// What is wrong, in words.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid arguments for {}: {}", self.method, self.problem)
    }
}

impl std::error::Error for ArgumentError {}

/// An error code that the spec does not document for the method that returned it.
///
/// Slack adds codes over time; they land here instead of failing the decode. Only the
/// runtime builds one, so a documented code can never hide behind the fallback.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownCode(String);

impl UnknownCode {
    /// Wraps a code that is not in the method's table. Generated code calls this only
    /// from the fallback arm of `from_code`.
    pub(crate) fn new(code: &str) -> Self {
        UnknownCode(code.to_owned())
    }

    /// The code as Slack sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
