//! The error enums of reset, resetBulk and invalidate hold exactly the codes of Slack's
//! pages for them (the seed documents), in their order, plus the fallback.
//!
//! The lists live in `tests/fixtures/seed-error-codes/<method>.txt`, copied by hand from
//! the seed pages, so that a spec edit that drops, adds or reorders a code fails here
//! even though the spec, the generated crate and the drift check all still agree. The
//! categories of those codes and list's "nothing to list" code are checked here too.

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

/// Checks one generated enum against its seed table: same codes, same order, every code
/// decoding to a documented variant, and an undocumented code to the fallback.
fn check_enum<E: ApiError>(method: &str, documented: &[&str], is_fallback: impl Fn(&E) -> bool) {
    let seeds = seed_codes(method);
    assert_eq!(documented, seeds, "{method}: the generated codes differ from the seed table");
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
fn reset_holds_exactly_the_seed_codes() {
    check_enum::<AdminUsersSessionResetError>("reset", AdminUsersSessionResetError::DOCUMENTED_CODES, |e| {
        matches!(e, AdminUsersSessionResetError::Unknown(_))
    });
}

#[test]
fn reset_bulk_holds_exactly_the_seed_codes() {
    check_enum::<AdminUsersSessionResetBulkError>(
        "resetBulk",
        AdminUsersSessionResetBulkError::DOCUMENTED_CODES,
        |e| matches!(e, AdminUsersSessionResetBulkError::Unknown(_)),
    );
}

#[test]
fn invalidate_holds_exactly_the_seed_codes() {
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
