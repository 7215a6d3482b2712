//! The library's own types as rows: a listed session. Its JSON form is the library's
//! `Serialize`, so JSON output is what Slack's answer holds.

use slack_admin_users_session::ActiveSession;

use crate::output::Record;

impl Record for ActiveSession {
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("user_id", "/user_id"),
        ("team_id", "/team_id"),
        ("session_id", "/session_id"),
        ("created_device_hardware", "/created/device_hardware"),
        ("created_os", "/created/os"),
        ("created_os_version", "/created/os_version"),
        ("created_slack_client_version", "/created/slack_client_version"),
        ("created_ip", "/created/ip"),
        ("recent_device_hardware", "/recent/device_hardware"),
        ("recent_os", "/recent/os"),
        ("recent_os_version", "/recent/os_version"),
        ("recent_slack_client_version", "/recent/slack_client_version"),
        ("recent_ip", "/recent/ip"),
    ];
    const KEY: &'static str = "sessions";
    const TABLE: &'static [(&'static str, &'static str)] = &[
        ("user_id", "/user_id"),
        ("team_id", "/team_id"),
        ("session_id", "/session_id"),
        ("created_device_hardware", "/created/device_hardware"),
        ("created_os", "/created/os"),
        ("created_ip", "/created/ip"),
        ("recent_ip", "/recent/ip"),
    ];
}
