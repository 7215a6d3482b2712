//! The error enums of reset, resetBulk and invalidate hold the codes of Slack's pages for
//! them (the seed documents), in their order, then only codes Slack listed later, plus
//! the fallback.
//!
//! The lists live in `tests/fixtures/seed-error-codes/<method>.txt`, copied by hand from
//! the seed pages, so that a spec edit that drops or reorders a seed code, or adds one
//! Slack never listed, fails here even though the spec, the generated crate and the
//! drift check all still agree. A code after the seed codes has to be in Slack's
//! published data for the method (`spec/slack-api-ref/methods/`), which `cargo xtask
//! spec-diff` compares with the spec. The categories of those codes and list's "nothing
//! to list" code are checked here too.

use slack_admin_users_session::{
    method::{ApiError, ErrorCategory, Paginated},
    AdminUsersSessionInvalidateError, AdminUsersSessionListError, AdminUsersSessionListRequest,
    AdminUsersSessionResetBulkError, AdminUsersSessionResetError,
};

/// The codes listed in `tests/fixtures/seed-error-codes/<method>.txt`, one a line;
/// `#` lines say where the list came from.
fn seed_codes(method: &str) -> Vec<String> {
    let path = xtask::workspace_root().join(format!("tests/fixtures/seed-error-codes/{method}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).map(str::to_owned).collect()
}

/// The codes Slack's vendored data lists for `admin.users.session.<method>`.
fn published_codes(method: &str) -> Vec<String> {
    let path = xtask::workspace_root().join(format!("spec/slack-api-ref/methods/admin.users.session.{method}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let data: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data["errors"].as_object().map(|codes| codes.keys().cloned().collect()).unwrap_or_default()
}

/// Checks one generated enum against its seed table: the seed codes first, in their
/// order, then only codes Slack's published data added; every code decoding to a
/// documented variant, and an undocumented code to the fallback.
fn check_enum<E: ApiError>(method: &str, documented: &[&str], is_fallback: impl Fn(&E) -> bool) {
    let seeds = seed_codes(method);
    let (floor, later) = documented.split_at(seeds.len().min(documented.len()));
    assert_eq!(floor, seeds, "{method}: the generated codes do not start with the seed table");
    let published = published_codes(method);
    for code in later {
        assert!(published.iter().any(|p| p == code), "{method}: `{code}` is in neither the seeds nor Slack's data");
    }
    for code in documented {
        let error = E::from_code(code);
        assert_eq!(error.code(), *code);
        assert!(!is_fallback(&error), "{method}: `{code}` decoded to the fallback");
    }
    let unknown = E::from_code("a_code_slack_adds_next_year");
    assert!(is_fallback(&unknown), "{method}: an undocumented code must decode to the fallback");
    assert_eq!(unknown.code(), "a_code_slack_adds_next_year");
    assert_eq!(unknown.category(), ErrorCategory::Undocumented);
}

#[test]
fn reset_holds_the_seed_codes() {
    check_enum::<AdminUsersSessionResetError>("reset", AdminUsersSessionResetError::DOCUMENTED_CODES, |e| {
        matches!(e, AdminUsersSessionResetError::Unknown(_))
    });
}

#[test]
fn reset_bulk_holds_the_seed_codes_then_restricted_action() {
    check_enum::<AdminUsersSessionResetBulkError>(
        "resetBulk",
        AdminUsersSessionResetBulkError::DOCUMENTED_CODES,
        |e| matches!(e, AdminUsersSessionResetBulkError::Unknown(_)),
    );
    let error = AdminUsersSessionResetBulkError::from_code("restricted_action");
    assert_eq!(error, AdminUsersSessionResetBulkError::RestrictedAction);
    assert_eq!(error.category(), ErrorCategory::Permission);
}

#[test]
fn invalidate_holds_the_seed_codes() {
    check_enum::<AdminUsersSessionInvalidateError>(
        "invalidate",
        AdminUsersSessionInvalidateError::DOCUMENTED_CODES,
        |e| matches!(e, AdminUsersSessionInvalidateError::Unknown(_)),
    );
}

#[test]
fn display_names_the_method_and_the_code() {
    let error = AdminUsersSessionResetError::from_code("user_not_found");
    assert_eq!(error.to_string(), "admin.users.session.reset failed: user_not_found");
}

/// The categories come from the spec, code by code, and only the fallback is undocumented.
#[test]
fn categories_follow_the_spec() {
    let cases = [
        ("invalid_auth", ErrorCategory::Authentication),
        ("missing_scope", ErrorCategory::Permission),
        ("invalid_arguments", ErrorCategory::InvalidRequest),
        ("user_not_found", ErrorCategory::Target),
        ("ratelimited", ErrorCategory::RateLimited),
        ("user_session_reset_failed", ErrorCategory::SlackFailure),
        ("method_deprecated", ErrorCategory::Deprecated),
    ];
    for (code, category) in cases {
        assert_eq!(AdminUsersSessionResetError::from_code(code).category(), category, "{code}");
    }
    for code in AdminUsersSessionResetError::DOCUMENTED_CODES {
        let category = AdminUsersSessionResetError::from_code(code).category();
        assert_ne!(category, ErrorCategory::Undocumented, "`{code}` is documented");
    }
}

/// Only the codes the spec marks as "nothing to list" end a page stream cleanly.
#[test]
fn list_names_its_empty_result_code() {
    let empty = AdminUsersSessionListError::from_code("no_active_sessions");
    assert!(AdminUsersSessionListRequest::is_empty_result(&empty));
    for code in ["invalid_cursor", "user_not_found", "a_code_slack_adds_next_year"] {
        let error = AdminUsersSessionListError::from_code(code);
        assert!(!AdminUsersSessionListRequest::is_empty_result(&error), "{code}");
    }
}
