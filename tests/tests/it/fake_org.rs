//! What the state of the fake's org answers on every method that it concerns, through
//! the real `Client` in both encodings: users that do not exist, the primary owner's
//! sessions, and an org without an Enterprise plan (`feature_not_enabled`).

use std::future::Future;

use slack_admin_users_session::fake::{Device, FakeSlack, FakeToken, Role};
use slack_admin_users_session::{
    method::Encoding, ActiveSession, AdminUsersSessionClearSettingsError as ClearError,
    AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsError as GetError,
    AdminUsersSessionGetSettingsRequest, AdminUsersSessionInvalidateError as InvalidateError,
    AdminUsersSessionInvalidateRequest, AdminUsersSessionListError as ListError, AdminUsersSessionListRequest,
    AdminUsersSessionListResponse, AdminUsersSessionResetBulkError as BulkError, AdminUsersSessionResetBulkRequest,
    AdminUsersSessionResetError as ResetError, AdminUsersSessionResetRequest,
    AdminUsersSessionSetSettingsError as SetError, AdminUsersSessionSetSettingsRequest, Client, Error,
};

use crate::fake::{client, client_for};

const ENCODINGS: [Encoding; 2] = [Encoding::Form, Encoding::Json];

/// The method's error variant the call was refused with; `None` for a success or a
/// failure that is not one of Slack's codes.
async fn refusal<T, E: Clone>(call: impl Future<Output = Result<T, Error<E>>>) -> Option<E> {
    call.await.err().and_then(|error| error.api_error().cloned())
}

/// The answers of all seven methods, each naming `user` (and session 1) wherever the
/// method takes a user.
#[derive(Debug, PartialEq)]
struct Answers {
    reset: Option<ResetError>,
    reset_bulk: Option<BulkError>,
    invalidate: Option<InvalidateError>,
    list: Option<ListError>,
    get_settings: Option<GetError>,
    set_settings: Option<SetError>,
    clear_settings: Option<ClearError>,
}

/// Every method refused with its own enum's variant `$variant`, which each of the seven
/// enums must have for this to compile.
macro_rules! all_refused_with {
    ($variant:ident) => {
        Answers {
            reset: Some(ResetError::$variant),
            reset_bulk: Some(BulkError::$variant),
            invalidate: Some(InvalidateError::$variant),
            list: Some(ListError::$variant),
            get_settings: Some(GetError::$variant),
            set_settings: Some(SetError::$variant),
            clear_settings: Some(ClearError::$variant),
        }
    };
}

async fn every_method_naming(client: &Client, user: &str) -> Answers {
    Answers {
        reset: refusal(client.admin_users_session_reset(&AdminUsersSessionResetRequest::new(user))).await,
        reset_bulk: refusal(client.admin_users_session_reset_bulk(&AdminUsersSessionResetBulkRequest::new([user])))
            .await,
        invalidate: refusal(
            client.admin_users_session_invalidate(&AdminUsersSessionInvalidateRequest::new_with_user_id(1, user)),
        )
        .await,
        list: refusal(
            client.admin_users_session_list(&AdminUsersSessionListRequest::new().team_id_and_user_id("T1", user)),
        )
        .await,
        get_settings: refusal(
            client.admin_users_session_get_settings(&AdminUsersSessionGetSettingsRequest::new([user])),
        )
        .await,
        set_settings: refusal(
            client.admin_users_session_set_settings(&AdminUsersSessionSetSettingsRequest::new_with_duration(
                [user],
                28_800,
            )),
        )
        .await,
        clear_settings: refusal(
            client.admin_users_session_clear_settings(&AdminUsersSessionClearSettingsRequest::new([user])),
        )
        .await,
    }
}

#[tokio::test]
async fn a_user_that_does_not_exist_is_user_not_found_on_all_seven_methods_in_both_encodings() {
    let fake = FakeSlack::start().await.unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    for encoding in ENCODINGS {
        let answers = every_method_naming(&client(&fake, encoding), "U404").await;
        assert_eq!(answers, all_refused_with!(UserNotFound), "{encoding:?}");
    }
    assert_eq!(fake.sessions().len(), 1, "no refused call ended a session");
    assert!(fake.jobs().is_empty() && fake.settings("U404").is_none(), "nor queued or stored anything");
}

#[tokio::test]
async fn without_an_enterprise_plan_all_seven_methods_answer_feature_not_enabled_in_both_encodings() {
    let fake = FakeSlack::builder()
        .enterprise(false)
        .token("xoxp-admin")
        .token_with(FakeToken::new("member", "xoxp-member").owner("U7", Role::Member))
        .start()
        .await
        .unwrap();
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    for encoding in ENCODINGS {
        let client = client(&fake, encoding);
        // A user who exists and one who does not: the plan is checked before either.
        for user in ["U1", "U404"] {
            let answers = every_method_naming(&client, user).await;
            assert_eq!(answers, all_refused_with!(FeatureNotEnabled), "{encoding:?} {user}");
        }
        let unfiltered = refusal(client.admin_users_session_list(&AdminUsersSessionListRequest::new())).await;
        assert_eq!(unfiltered, Some(ListError::FeatureNotEnabled), "{encoding:?}: a list without a filter too");
        // The token's own checks come first: a member's token is still not an admin.
        let member = client_for(&fake, "member", encoding);
        let answer = refusal(member.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U1"))).await;
        assert_eq!(answer, Some(ResetError::NotAnAdmin), "{encoding:?}");
    }
    assert_eq!(fake.sessions().len(), 1, "nothing was reset or invalidated");
    assert!(fake.jobs().is_empty() && fake.settings("U1").is_none(), "nothing was queued or stored");
    // An override replaces the method whole, the plan's check included.
    fake.on::<AdminUsersSessionListRequest>(|_| Ok(AdminUsersSessionListResponse::new(true, Vec::new())));
    let overridden = client(&fake, Encoding::Json).admin_users_session_list(&AdminUsersSessionListRequest::new()).await;
    assert!(overridden.expect("the override answers").active_sessions.is_empty());
    let enterprise = FakeSlack::builder().enterprise(true).start().await.unwrap();
    enterprise.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    let listed = enterprise.client().unwrap().admin_users_session_list(&AdminUsersSessionListRequest::new()).await;
    assert_eq!(listed.expect("an Enterprise org is served").active_sessions.len(), 1);
}

#[tokio::test]
async fn only_the_primary_owner_ends_the_primary_owners_sessions_in_both_encodings() {
    let fake = FakeSlack::builder()
        .token_with(FakeToken::new("admin", "xoxp-admin").owner("U5", Role::Owner))
        .token_with(FakeToken::new("primary", "xoxp-primary").owner("U0", Role::PrimaryOwner))
        .start()
        .await
        .unwrap();
    for (round, encoding) in ENCODINGS.into_iter().enumerate() {
        let session = 10 * (round as i64 + 1);
        fake.add_session(Device::Web, ActiveSession::new("U0", "T1", session));
        let admin = client_for(&fake, "admin", encoding);
        let reset = refusal(admin.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U0"))).await;
        assert_eq!(reset, Some(ResetError::CannotResetPrimaryOwner), "{encoding:?}");
        let bulk = AdminUsersSessionResetBulkRequest::new(["U0"]);
        let bulk = refusal(admin.admin_users_session_reset_bulk(&bulk)).await;
        assert_eq!(bulk, Some(BulkError::SessionResetNotAllowed), "{encoding:?}");
        let invalidate = AdminUsersSessionInvalidateRequest::new_with_user_id(session, "U0");
        let invalidated = refusal(admin.admin_users_session_invalidate(&invalidate)).await;
        assert_eq!(invalidated, Some(InvalidateError::CannotInvalidatePrimaryOwner), "{encoding:?}");
        assert_eq!(fake.sessions().len(), 1, "{encoding:?}: the owner's session survived an owner's token");
        client_for(&fake, "primary", encoding)
            .admin_users_session_invalidate(&invalidate)
            .await
            .expect("their own session");
        assert!(fake.sessions().is_empty(), "{encoding:?}: the primary owner ended it");
    }
}
