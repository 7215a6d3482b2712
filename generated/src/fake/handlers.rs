//! What each Slack method does to the fake organization, as Slack's method pages
//! describe it, answering with Slack's own error codes.
//!
//! Rules Slack reports with a code of their own (`missing_team`, `missing_user`,
//! `at_least_one_session_setting_required`) are checked first; every other rule of the
//! spec is checked by the request's generated `validate`, and a broken one answers
//! `invalid_arguments`, as Slack does.

use std::time::Duration;

use super::model::{Org, Role, Scope};
use crate::method::Method;
use crate::*;

/// A Slack error code answered instead of a response.
pub(crate) type Code = &'static str;

/// What a handler may read and change besides its request.
pub(crate) struct Ctx<'a> {
    pub(crate) org: &'a mut Org,
    /// The Slack clock: real time since the fake started, times the time scale.
    pub(crate) now: Duration,
    /// How long, on the Slack clock, a resetBulk job waits before it runs.
    pub(crate) job_delay: Duration,
}

fn validated<M: Method>(request: &M) -> Result<(), Code> {
    request.validate().map_err(|_| "invalid_arguments")
}

/// The code for a user who may not have their sessions ended by an admin.
fn protected(org: &Org, user_id: &str, primary_owner_code: Code) -> Result<(), Code> {
    match org.role(user_id) {
        None => Err("user_not_found"),
        Some(Role::Bot) => Err("cannot_reset_bot"),
        Some(Role::PrimaryOwner) => Err(primary_owner_code),
        Some(Role::Person) => Ok(()),
    }
}

fn known_users(org: &Org, user_ids: &[String]) -> Result<(), Code> {
    org.first_unknown(user_ids).map_or(Ok(()), |_| Err("user_not_found"))
}

pub(crate) fn reset(
    request: &AdminUsersSessionResetRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionResetResponse, Code> {
    validated(request)?;
    let scope = Scope::from_flags(request.mobile_only, request.web_only).ok_or("invalid_arguments")?;
    protected(ctx.org, &request.user_id, "cannot_reset_primary_owner")?;
    ctx.org.reset(&request.user_id, scope);
    Ok(AdminUsersSessionResetResponse::new(true))
}

/// Checks every user now, as Slack does before it queues the job, and ends their
/// sessions once the job's delay has passed on the Slack clock.
pub(crate) fn reset_bulk(
    request: &AdminUsersSessionResetBulkRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionResetBulkResponse, Code> {
    validated(request)?;
    let scope = Scope::from_flags(request.mobile_only, request.web_only).ok_or("invalid_arguments")?;
    for user_id in &request.user_ids {
        protected(ctx.org, user_id, "cannot_reset_primary_owner")?;
    }
    ctx.org.queue_reset(ctx.now + ctx.job_delay, request.user_ids.clone(), scope);
    Ok(AdminUsersSessionResetBulkResponse::new(true))
}

/// Ends one session. A `user_id` or `team_id` that does not match the session's owner
/// means Slack finds no such session.
pub(crate) fn invalidate(
    request: &AdminUsersSessionInvalidateRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionInvalidateResponse, Code> {
    validated(request)?;
    let session = ctx.org.session(request.session_id).ok_or("session_not_found")?;
    let owner_matches = request.user_id.as_ref().is_none_or(|user| *user == session.user_id)
        && request.team_id.as_ref().is_none_or(|team| *team == session.team_id);
    if !owner_matches {
        return Err("session_not_found");
    }
    if ctx.org.role(&session.user_id) == Some(Role::PrimaryOwner) {
        return Err("cannot_invalidate_primary_owner");
    }
    ctx.org.end_session(request.session_id);
    Ok(AdminUsersSessionInvalidateResponse::new(true))
}

/// The cursor of the page that starts after `session_id`.
fn cursor_after(session_id: i64) -> String {
    format!("sid_{session_id}")
}

fn parse_cursor(cursor: Option<&str>) -> Result<i64, Code> {
    match cursor {
        None | Some("") => Ok(i64::MIN),
        Some(text) => text.strip_prefix("sid_").and_then(|id| id.parse().ok()).ok_or("invalid_cursor"),
    }
}

fn list_filter(request: &AdminUsersSessionListRequest, org: &Org) -> Result<Option<(String, String)>, Code> {
    match (&request.team_id, &request.user_id) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err("missing_team"),
        (Some(_), None) => Err("missing_user"),
        (Some(team), Some(_)) if !org.has_team(team) => Err("team_not_found"),
        (Some(_), Some(user)) if org.role(user).is_none() => Err("user_not_found"),
        (Some(team), Some(user)) => Ok(Some((team.clone(), user.clone()))),
    }
}

/// Pages through the matching sessions in session-ID order; the cursor names the last
/// session of the previous page.
pub(crate) fn list(
    request: &AdminUsersSessionListRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionListResponse, Code> {
    let filter = list_filter(request, ctx.org)?;
    validated(request)?;
    let after = parse_cursor(request.cursor.as_deref())?;
    let limit = usize::try_from(request.limit.unwrap_or(1000)).unwrap_or(1000);
    let matches =
        |s: &&ActiveSession| filter.as_ref().is_none_or(|(team, user)| s.team_id == *team && s.user_id == *user);
    if !ctx.org.sessions().any(|s| matches(&s)) {
        return Err("no_active_sessions");
    }
    let mut rest = ctx.org.sessions().filter(matches).filter(|s| s.session_id > after);
    let page: Vec<ActiveSession> = rest.by_ref().take(limit).cloned().collect();
    let more = rest.next().is_some();
    let mut metadata = ResponseMetadata::new();
    metadata.next_cursor = Some(match (more, page.last()) {
        (true, Some(last)) => cursor_after(last.session_id),
        _ => String::new(),
    });
    let mut response = AdminUsersSessionListResponse::new(true, page);
    response.response_metadata = Some(metadata);
    Ok(response)
}

pub(crate) fn get_settings(
    request: &AdminUsersSessionGetSettingsRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionGetSettingsResponse, Code> {
    validated(request)?;
    known_users(ctx.org, &request.user_ids)?;
    let mut response = AdminUsersSessionGetSettingsResponse::new(true);
    for user_id in &request.user_ids {
        match ctx.org.settings(user_id) {
            Some(settings) => response.session_settings.push(settings.clone()),
            None => response.no_settings_applied.push(user_id.clone()),
        }
    }
    Ok(response)
}

pub(crate) fn set_settings(
    request: &AdminUsersSessionSetSettingsRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionSetSettingsResponse, Code> {
    if request.duration.is_none() && request.desktop_app_browser_quit.is_none() {
        return Err("at_least_one_session_setting_required");
    }
    validated(request)?;
    known_users(ctx.org, &request.user_ids)?;
    for user_id in &request.user_ids {
        ctx.org.apply_settings(user_id, request.duration, request.desktop_app_browser_quit);
    }
    Ok(AdminUsersSessionSetSettingsResponse::new(true))
}

pub(crate) fn clear_settings(
    request: &AdminUsersSessionClearSettingsRequest,
    ctx: &mut Ctx<'_>,
) -> Result<AdminUsersSessionClearSettingsResponse, Code> {
    validated(request)?;
    known_users(ctx.org, &request.user_ids)?;
    for user_id in &request.user_ids {
        ctx.org.clear_settings(user_id);
    }
    Ok(AdminUsersSessionClearSettingsResponse::new(true))
}
