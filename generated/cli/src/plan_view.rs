//! A sign-out plan as the tool shows it on stderr, in the tool's own words: its numbers
//! from the library's `PlanSummary`, and advice that names the tool's options (the
//! library's own `Display` names its Rust API, which an admin at a shell has no use for).

use std::collections::BTreeSet;

use slack_admin_users_session::{sweep::PlanSummary, ActiveSession};

use crate::words::{count, duration, many};

/// The plan in lines: what it ends, the calls per method with their Slack time, the
/// matching sessions it keeps (of the operator and the protected users), and what
/// `--whole-user-resets` would change, when it would.
pub fn describe(summary: &PlanSummary, kept: &[ActiveSession]) -> String {
    let (calls, seconds) = (&summary.calls, &summary.slack_seconds);
    let mut text = format!(
        "end {} of {} in {}, about {} of Slack time\n",
        many(summary.targets, "session"),
        many(summary.users, "user"),
        count(calls.total(), "call"),
        duration(seconds.total)
    );
    text.push_str(&format!(
        "  list:        {:>12}, {} ({} listed)\n",
        count(calls.list, "page"),
        duration(seconds.list),
        many(summary.listed, "session")
    ));
    text.push_str(&format!(
        "  resetBulk:   {:>12}, {} ({} of all sessions, {} of mobile sessions)\n",
        count(calls.reset_bulk, "call"),
        duration(seconds.reset_bulk),
        many(summary.reset_users, "user"),
        many(summary.mobile_reset_users, "user")
    ));
    text.push_str(&format!("  invalidate:  {:>12}, {}", count(calls.invalidate, "call"), duration(seconds.invalidate)));
    if !kept.is_empty() {
        let users: BTreeSet<&str> = kept.iter().map(|session| session.user_id.as_str()).collect();
        let users: Vec<&str> = users.into_iter().collect();
        text.push_str(&format!(
            "\n  kept:        {:>12} of protected users, never ended ({})",
            many(kept.len(), "matching session"),
            users.join(", ")
        ));
    }
    if let Some(forgone) = &summary.with_whole_user_resets {
        text.push_str(&format!(
            "\n  note: --whole-user-resets would take {} instead, by resetting users wherever every listed \
             session of theirs matches; a reset also ends sessions they open after the listing, which the filter \
             might not match",
            count(forgone.total(), "call")
        ));
    }
    text
}
