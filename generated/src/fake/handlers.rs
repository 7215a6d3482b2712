//! What each Slack method does to the fake organization, as Slack's method pages
//! describe it, answering with the method's generated error enum, so that a code the
//! method does not document cannot be written here.
//!
//! Rules Slack reports with a code of their own (`missing_team`, `missing_user`,
//! `at_least_one_session_setting_required`) are checked first; every other rule of the
//! spec is checked by the request's generated `validate`, and a broken one answers
//! `invalid_arguments`, as Slack does. The choices made where Slack's pages are silent
//! are listed in the module documentation of `fake`.

use std::time::Duration;

use super::model::{Org, Role, Scope};
use super::refusal::Refusal;
use super::tokens::Caller;
use crate::method::{ApiError, Method};
use crate::methods::*;

/// A handler's answer for method `M`: its response, or a typed refusal.
pub(crate) type Answer<M> = Result<<M as Method>::Response, Refusal<<M as Method>::Error>>;

/// What a handler may read and change besides its request.
pub(crate) struct Ctx<'a> {
    pub(crate) org: &'a mut Org,
    /// The Slack clock.
    pub(crate) now: Duration,
    /// How long, on the Slack clock, a resetBulk job waits before it runs.
    pub(crate) job_delay: Duration,
    /// Whether the org is on an Enterprise plan: without one, every method answers
    /// its `feature_not_enabled` before it looks at its arguments.
    pub(crate) enterprise: bool,
    /// The organization's ID.
    pub(crate) org_id: &'a str,
    /// The token that made the call.
    pub(crate) caller: Caller<'a>,
}

/// `Err(error)` unless `ok`.
fn ensure<E>(ok: bool, error: E) -> Result<(), E> {
    if ok {
        Ok(())
    } else {
        Err(error)
    }
}

fn valid<M: Method>(request: &M) -> bool {
    request.validate().is_ok()
}

/// Why a reset of `user_id` is refused, as resetBulk words it; `None` when it may go on.
fn reset_refusal(ctx: &Ctx<'_>, user_id: &str) -> Option<AdminUsersSessionResetBulkError> {
    use AdminUsersSessionResetBulkError as E;
    match ctx.org.user(user_id) {
        None => Some(E::UserNotFound),
        Some(user) if user.bot => Some(E::CannotResetBot),
        Some(user) if user.role == Role::PrimaryOwner && !ctx.caller.is_primary_owner(ctx.org) => {
            Some(E::SessionResetNotAllowed)
        }
        Some(_) => None,
    }
}

/// `bots_not_allowed` for a bot, `user_not_found` for an ID that names no user: the two
/// user checks of the settings methods, in the error enum `E` of each.
fn settings_targets<E>(org: &Org, user_ids: &[String], not_found: E, bot: E) -> Result<(), E> {
    let users: Vec<_> = user_ids.iter().map(|id| org.user(id)).collect();
    ensure(users.iter().all(Option::is_some), not_found)?;
    ensure(users.iter().flatten().all(|user| !user.bot), bot)
}

pub(crate) fn reset(
    request: &AdminUsersSessionResetRequest,
    ctx: &mut Ctx<'_>,
) -> Answer<AdminUsersSessionResetRequest> {
    use AdminUsersSessionResetError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    ensure(valid(request), E::InvalidArguments)?;
    let scope = Scope::from_flags(request.mobile_only, request.web_only).ok_or(E::InvalidArguments)?;
    let user = ctx.org.user(&request.user_id).ok_or(E::UserNotFound)?;
    ensure(!user.bot, E::CannotResetBot)?;
    ensure(user.role != Role::PrimaryOwner || ctx.caller.is_primary_owner(ctx.org), E::CannotResetPrimaryOwner)?;
    ctx.org.reset(&request.user_id, scope);
    Ok(AdminUsersSessionResetResponse::new(true))
}

/// Checks every user now, as Slack does before it queues the job, and ends their
/// sessions once the job's delay has passed on the Slack clock. An unknown ID refuses
/// the whole call; users it may not reset (bots, the primary owner) refuse it when
/// they are all it names, and otherwise the job is queued for the rest and the answer
/// is `failed_for_some_users`, with a message per user left out.
pub(crate) fn reset_bulk(
    request: &AdminUsersSessionResetBulkRequest,
    ctx: &mut Ctx<'_>,
) -> Answer<AdminUsersSessionResetBulkRequest> {
    use AdminUsersSessionResetBulkError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    ensure(valid(request), E::InvalidArguments)?;
    let scope = Scope::from_flags(request.mobile_only, request.web_only).ok_or(E::InvalidArguments)?;
    let verdicts: Vec<_> = request.user_ids.iter().map(|id| (id, reset_refusal(ctx, id))).collect();
    let unknown: Vec<&String> =
        verdicts.iter().filter(|(_, verdict)| *verdict == Some(E::UserNotFound)).map(|(id, _)| *id).collect();
    if !unknown.is_empty() {
        let refusal = unknown.iter().fold(Refusal::from(E::UserNotFound), |refusal, id| {
            refusal.message(format!("[ERROR] {id}: user_not_found"))
        });
        return Err(refusal);
    }
    let resettable: Vec<String> =
        verdicts.iter().filter(|(_, verdict)| verdict.is_none()).map(|(id, _)| (*id).clone()).collect();
    let refused: Vec<(&String, E)> =
        verdicts.into_iter().filter_map(|(id, verdict)| verdict.map(|code| (id, code))).collect();
    if let (true, Some((_, first))) = (resettable.is_empty(), refused.first()) {
        return Err(first.clone().into());
    }
    ctx.org.queue_reset(ctx.now + ctx.job_delay, resettable, scope);
    if refused.is_empty() {
        return Ok(AdminUsersSessionResetBulkResponse::new(true));
    }
    let refusal = refused.iter().fold(Refusal::from(E::FailedForSomeUsers), |refusal, (id, code)| {
        refusal.message(format!("[ERROR] {id}: {}", code.code()))
    });
    Err(refusal)
}

/// Ends one session. A `user_id` that names no user is `user_not_found`; a `user_id` or
/// `team_id` that does not match the session's owner means Slack finds no such session.
pub(crate) fn invalidate(
    request: &AdminUsersSessionInvalidateRequest,
    ctx: &mut Ctx<'_>,
) -> Answer<AdminUsersSessionInvalidateRequest> {
    use AdminUsersSessionInvalidateError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    ensure(valid(request), E::InvalidArguments)?;
    if let Some(user) = &request.user_id {
        ensure(ctx.org.user(user).is_some(), E::UserNotFound)?;
    }
    let (session, expired) = match ctx.org.session(request.session_id) {
        Some(session) => (session, false),
        None => (ctx.org.expired_session(request.session_id).ok_or(E::SessionNotFound)?, true),
    };
    let owner_matches = request.user_id.as_ref().is_none_or(|user| *user == session.user_id)
        && request.team_id.as_ref().is_none_or(|team| *team == session.team_id);
    ensure(owner_matches, E::SessionNotFound)?;
    ensure(!expired, E::SessionExpired)?;
    let owner = ctx.org.user(&session.user_id);
    let protected = owner.is_some_and(|user| user.role == Role::PrimaryOwner);
    ensure(!protected || ctx.caller.is_primary_owner(ctx.org), E::CannotInvalidatePrimaryOwner)?;
    ctx.org.end_session(request.session_id);
    Ok(AdminUsersSessionInvalidateResponse::new(true))
}

/// The cursor of the page that starts after `session_id`.
fn cursor_after(session_id: i64) -> String {
    format!("sid_{session_id}")
}

fn parse_cursor(cursor: Option<&str>) -> Option<i64> {
    match cursor {
        None | Some("") => Some(i64::MIN),
        Some(text) => text.strip_prefix("sid_").and_then(|id| id.parse().ok()),
    }
}

fn list_filter<'r>(
    request: &'r AdminUsersSessionListRequest,
    org: &Org,
) -> Result<Option<(&'r str, &'r str)>, AdminUsersSessionListError> {
    use AdminUsersSessionListError as E;
    match (&request.team_id, &request.user_id) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(E::MissingTeam),
        (Some(_), None) => Err(E::MissingUser),
        (Some(team), Some(user)) => {
            ensure(org.has_team(team), E::TeamNotFound)?;
            let found = org.user(user).ok_or(E::UserNotFound)?;
            ensure(!found.bot, E::BotsNotAllowed)?;
            Ok(Some((team, user)))
        }
    }
}

/// Pages through the matching sessions in session-ID order; the cursor names the last
/// session of the previous page. Bot sessions are never listed.
pub(crate) fn list(request: &AdminUsersSessionListRequest, ctx: &mut Ctx<'_>) -> Answer<AdminUsersSessionListRequest> {
    use AdminUsersSessionListError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    let filter = list_filter(request, ctx.org)?;
    // `list` documents no `invalid_arguments`, but Slack's generic code for a broken
    // rule is still what it sends; the client reads it as the enum's `Unknown`.
    ensure(valid(request), E::from_code("invalid_arguments"))?;
    let after = parse_cursor(request.cursor.as_deref()).ok_or(E::InvalidCursor)?;
    let limit = usize::try_from(request.limit.unwrap_or(1000)).unwrap_or(1000);
    ensure(!ctx.org.page(filter, i64::MIN, 1).0.is_empty(), E::NoActiveSessions)?;
    let (page, more) = ctx.org.page(filter, after, limit);
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
) -> Answer<AdminUsersSessionGetSettingsRequest> {
    use AdminUsersSessionGetSettingsError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    ensure(valid(request), E::InvalidArguments)?;
    settings_targets(ctx.org, &request.user_ids, E::UserNotFound, E::BotsNotAllowed)?;
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
) -> Answer<AdminUsersSessionSetSettingsRequest> {
    use AdminUsersSessionSetSettingsError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    let some_setting = request.duration.is_some() || request.desktop_app_browser_quit.is_some();
    ensure(some_setting, E::AtLeastOneSessionSettingRequired)?;
    ensure(valid(request), E::InvalidArguments)?;
    settings_targets(ctx.org, &request.user_ids, E::UserNotFound, E::BotsNotAllowed)?;
    for user_id in &request.user_ids {
        ctx.org.apply_settings(user_id, request.duration, request.desktop_app_browser_quit);
    }
    Ok(AdminUsersSessionSetSettingsResponse::new(true))
}

pub(crate) fn clear_settings(
    request: &AdminUsersSessionClearSettingsRequest,
    ctx: &mut Ctx<'_>,
) -> Answer<AdminUsersSessionClearSettingsRequest> {
    use AdminUsersSessionClearSettingsError as E;
    ensure(ctx.enterprise, E::FeatureNotEnabled)?;
    ensure(valid(request), E::InvalidArguments)?;
    settings_targets(ctx.org, &request.user_ids, E::UserNotFound, E::BotsNotAllowed)?;
    for user_id in &request.user_ids {
        ctx.org.clear_settings(user_id);
    }
    Ok(AdminUsersSessionClearSettingsResponse::new(true))
}

/// `auth.test`: the token's owner and organization. Any token the fake accepts may ask,
/// whatever its scopes or its owner's role, as on Slack.
pub(crate) fn auth_test(_: &AuthTestRequest, ctx: &mut Ctx<'_>) -> Answer<AuthTestRequest> {
    let mut response = AuthTestResponse::new(true, ctx.org_id, ctx.caller.user_id());
    response.enterprise_id = ctx.enterprise.then(|| ctx.org_id.to_owned());
    response.is_enterprise_install = Some(ctx.enterprise);
    response.url = Some(format!("https://{}.enterprise.slack.com/", ctx.org_id.to_lowercase()));
    Ok(response)
}
