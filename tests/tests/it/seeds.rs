//! The error enums of reset, resetBulk and invalidate hold exactly the codes of Slack's
//! pages for them (the seed documents), in their order, plus the fallback.
//!
//! The lists live in `tests/fixtures/seed-error-codes/<method>.txt`, copied by hand from
//! the seed pages, so that a spec edit that drops, adds or reorders a code fails here
//! even though the spec, the generated crate and the drift check all still agree.

use slack_admin_users_session::{
    AdminUsersSessionInvalidateError, AdminUsersSessionResetBulkError, AdminUsersSessionResetError, ApiError,
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
