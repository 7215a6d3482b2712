//! A sign-out plan as the tool shows it on stderr, in the tool's own words: its numbers
//! from the library's `PlanSummary`, and advice that names the tool's options (the
//! library's own `Display` names its Rust API, which an admin at a shell has no use for).

use std::collections::BTreeSet;

use slack_admin_users_session::{sweep::PlanSummary, ActiveSession};

/// The plan in lines: what it ends, the calls per method with their Slack time, the
/// matching sessions it keeps (of the operator and the protected users), and what
/// `--whole-user-resets` would change, when it would.
pub fn describe(summary: &PlanSummary, kept: &[ActiveSession]) -> String {
    let (calls, seconds) = (&summary.calls, &summary.slack_seconds);
    let mut text = format!(
        "end {} sessions of {} users in {} calls, about {} of Slack time\n",
        summary.targets,
        summary.users,
        calls.total(),
        human(seconds.total)
    );
    text.push_str(&format!(
        "  list:        {:>6} pages, {} ({} sessions listed)\n",
        calls.list,
        human(seconds.list),
        summary.listed
    ));
    text.push_str(&format!(
        "  resetBulk:   {:>6} calls, {} ({} users of all sessions, {} users of mobile sessions)\n",
        calls.reset_bulk,
        human(seconds.reset_bulk),
        summary.reset_users,
        summary.mobile_reset_users
    ));
    text.push_str(&format!("  invalidate:  {:>6} calls, {}", calls.invalidate, human(seconds.invalidate)));
    if !kept.is_empty() {
        let users: BTreeSet<&str> = kept.iter().map(|session| session.user_id.as_str()).collect();
        let users: Vec<&str> = users.into_iter().collect();
        text.push_str(&format!(
            "\n  kept:        {:>6} matching sessions of protected users, never ended ({})",
            kept.len(),
            users.join(", ")
        ));
    }
    if let Some(forgone) = &summary.with_whole_user_resets {
        text.push_str(&format!(
            "\n  note: --whole-user-resets would take {} calls instead, by resetting users wherever every listed \
             session of theirs matches; a reset also ends sessions they open after the listing, which the filter \
             might not match",
            forgone.total()
        ));
    }
    text
}

/// A number of seconds as people read it: `42 s`, `3 min 20 s`, `2 h 5 min`.
fn human(seconds: f64) -> String {
    let secs = seconds.max(0.0).round() as u64;
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min {} s", secs / 60, secs % 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn durations_read_in_the_largest_units_that_fit() {
        assert_eq!(human(0.4), "0 s");
        assert_eq!(human(59.0), "59 s");
        assert_eq!(human(200.0), "3 min 20 s");
        assert_eq!(human(7_500.0), "2 h 5 min");
    }
}
