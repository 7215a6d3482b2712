//! `reset-bulk --from FILE|-`: sign many users out with `admin.users.session.resetBulk`,
//! 1,000 to a call, through the library's batched helper.

use std::io::{IsTerminal, Read};

use slack_admin_users_session::{AdminUsersSessionResetBulkRequest, Client};

use crate::cli::{Format, ResetBulkArgs};
use crate::exit::{Exit, Failure};
use crate::user_job;

/// Runs `reset-bulk` as the command line asked.
pub async fn run(client: &Client, args: &ResetBulkArgs, format: Format) -> Result<Exit, Failure> {
    let users = parse_ids(&read_source(&args.from)?);
    if users.is_empty() {
        return Err(Failure::usage(format!("no user IDs in {}", source_name(&args.from))));
    }
    let mut template = AdminUsersSessionResetBulkRequest::new(Vec::<String>::new());
    if args.scope.mobile_only {
        template = template.mobile_only(true);
    }
    if args.scope.web_only {
        template = template.web_only(true);
    }
    let outcomes = user_job::start(client, &users, template, args.journal.as_deref(), "reset-bulk")?;
    user_job::run("reset-bulk", outcomes, format).await
}

/// The text of `--from`: a file, or stdin for `-`.
fn read_source(from: &str) -> Result<String, Failure> {
    let read = if from == "-" {
        if std::io::stdin().is_terminal() {
            eprintln!("reset-bulk: reading user IDs from the terminal; end with Ctrl-D");
        }
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(from)
    };
    read.map_err(|e| Failure::usage(format!("cannot read {}: {e}", source_name(from))))
}

fn source_name(from: &str) -> String {
    if from == "-" {
        "stdin".to_owned()
    } else {
        from.to_owned()
    }
}

/// The IDs in `text`: separated by new lines, commas, spaces or tabs; a line starting
/// with `#` is a comment.
pub fn parse_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(|line| line.split([',', ' ', '\t']))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_ids;

    #[test]
    fn ids_are_split_on_lines_commas_and_spaces_and_comments_are_skipped() {
        let text = "# compromised accounts\nU1\nU2, U3\r\n\n  U4\tU5  \n#U6\n";
        assert_eq!(parse_ids(text), ["U1", "U2", "U3", "U4", "U5"]);
    }
}
