//! Every Rust name the generator emits is derived here, from the wire names in the spec.
//!
//! The rules:
//! - a Slack method `admin.users.session.resetBulk` gives the type stem
//!   `AdminUsersSessionResetBulk` (for `…Request`, `…Response`, `…Error`) and the function
//!   and module name `admin_users_session_reset_bulk`;
//! - error codes become UpperCamel variants (`user_not_found` → `UserNotFound`);
//! - argument and field names become snake case, and a Rust keyword gets a trailing
//!   underscore (`type` → `type_`, `gen` → `gen_`), the policy typify and progenitor use;
//! - a name that cannot become an identifier (empty, leading digit, non-ASCII) is an error
//!   for the caller to report, never a panic in `format_ident!`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The variant that holds undocumented error codes. A documented code that would take
/// this name is renamed to [`RENAMED_UNKNOWN`].
pub const FALLBACK_VARIANT: &str = "Unknown";

/// The name a documented `unknown` code takes so that it cannot shadow the fallback.
pub const RENAMED_UNKNOWN: &str = "UnknownValue";

/// Words Rust reserves in any edition, including `gen` (2024) and the reserved-for-future
/// ones, so that generated code compiles under every edition.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Why a wire name cannot become a Rust identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The name is empty or has no letters or digits.
    Empty,
    /// The name holds characters outside ASCII letters, digits, `_`, `-` and `.`.
    NotAscii,
    /// The converted name would start with a digit.
    LeadingDigit,
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameError::Empty => "the name is empty; expected letters, digits and `_`",
            NameError::NotAscii => "the name holds characters other than ASCII letters, digits, `_`, `-` and `.`",
            NameError::LeadingDigit => "the name starts with a digit; expected a letter first",
        })
    }
}

/// Whether `word` is reserved in some Rust edition.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The type stem of a Slack method: `admin.users.session.resetBulk` → `AdminUsersSessionResetBulk`.
pub fn type_stem(method: &str) -> Result<String, NameError> {
    check_wire(method)?;
    let stem: String = method.split('.').map(|segment| segment.to_upper_camel_case()).collect();
    finish(stem)
}

/// The client method name of a Slack method: `admin.users.session.resetBulk` →
/// `admin_users_session_reset_bulk`.
pub fn fn_name(method: &str) -> Result<String, NameError> {
    check_wire(method)?;
    let parts: Vec<String> = method.split('.').map(|segment| segment.to_snake_case()).collect();
    finish(parts.join("_"))
}

/// The field name of an argument or response property.
/// The client method that sends a method's batched form: `<fn_name>_batched`.
pub fn batched_fn_name(fn_name: &str) -> String {
    format!("{fn_name}_batched")
}

/// The Rust name of a field or argument.
pub fn field_name(wire: &str) -> Result<String, NameError> {
    check_wire(wire)?;
    finish(wire.to_snake_case())
}

/// The variant of an error code: `user_not_found` → `UserNotFound`.
pub fn variant_name(code: &str) -> Result<String, NameError> {
    check_wire(code)?;
    let name = finish(code.to_upper_camel_case())?;
    Ok(if name == FALLBACK_VARIANT { RENAMED_UNKNOWN.to_owned() } else { name })
}

/// The type name of a shared schema or an inline object: `session_client` → `SessionClient`.
pub fn type_name(wire: &str) -> Result<String, NameError> {
    check_wire(wire)?;
    finish(wire.to_upper_camel_case())
}

fn check_wire(wire: &str) -> Result<(), NameError> {
    if !wire.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        return Err(NameError::NotAscii);
    }
    if !wire.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(NameError::Empty);
    }
    Ok(())
}

/// Rejects a leading digit and escapes keywords. `Self` is the only UpperCamel keyword;
/// like `self`, it cannot even be a raw identifier, hence the trailing underscore policy.
fn finish(name: String) -> Result<String, NameError> {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(NameError::LeadingDigit);
    }
    Ok(if is_keyword(&name) { format!("{name}_") } else { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        let cases = [
            ("admin.users.session.reset", "AdminUsersSessionReset", "admin_users_session_reset"),
            ("admin.users.session.resetBulk", "AdminUsersSessionResetBulk", "admin_users_session_reset_bulk"),
            ("admin.users.session.getSettings", "AdminUsersSessionGetSettings", "admin_users_session_get_settings"),
            ("api.test", "ApiTest", "api_test"),
        ];
        for (wire, stem, function) in cases {
            assert_eq!(type_stem(wire).as_deref(), Ok(stem), "type stem of {wire}");
            assert_eq!(fn_name(wire).as_deref(), Ok(function), "fn name of {wire}");
        }
    }

    #[test]
    fn variant_names() {
        let cases = [
            ("user_not_found", "UserNotFound"),
            ("invalid_auth", "InvalidAuth"),
            ("ratelimited", "Ratelimited"),
            ("at_least_one_session_setting_required", "AtLeastOneSessionSettingRequired"),
            ("unknown", RENAMED_UNKNOWN),
            ("unknown_method", "UnknownMethod"),
            ("self", "Self_"),
        ];
        for (code, variant) in cases {
            assert_eq!(variant_name(code).as_deref(), Ok(variant), "variant of {code}");
        }
    }

    #[test]
    fn field_names_escape_keywords() {
        let cases = [
            ("user_id", "user_id"),
            ("type", "type_"),
            ("gen", "gen_"),
            ("async", "async_"),
            ("self", "self_"),
            ("desktopAppBrowserQuit", "desktop_app_browser_quit"),
            ("next-cursor", "next_cursor"),
        ];
        for (wire, ident) in cases {
            assert_eq!(field_name(wire).as_deref(), Ok(ident), "field name of {wire}");
        }
    }

    #[test]
    fn unusable_names_are_errors() {
        let cases = [
            ("", NameError::Empty),
            ("__", NameError::Empty),
            ("2fa_required", NameError::LeadingDigit),
            ("usér_id", NameError::NotAscii),
            ("user id", NameError::NotAscii),
        ];
        for (wire, error) in cases {
            assert_eq!(field_name(wire), Err(error.clone()), "field name of {wire:?}");
            assert_eq!(variant_name(wire), Err(error), "variant of {wire:?}");
        }
    }

    #[test]
    fn collisions_are_visible_after_conversion() {
        // The generator reports these; here we pin that they really do collide.
        assert_eq!(field_name("userId"), field_name("user_id"));
        assert_eq!(variant_name("user-not-found"), variant_name("user_not_found"));
    }
}
