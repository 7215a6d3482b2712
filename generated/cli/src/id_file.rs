//! Input hygiene for the user IDs the tool reads (`reset-bulk --from`, `--protect`, the
//! settings jobs): one set of rules, applied before anything is sent, so that a file
//! saved by a spreadsheet or an editor on another system means what it looks like.
//!
//! The rules: a UTF-8 byte-order mark at the start is dropped; lines end at LF, CRLF or
//! a lone CR; on each line, IDs are separated by commas, spaces or tabs, and a `#` at
//! the start of a word begins a comment that runs to the end of the line. Every word
//! left must have the shape of a Slack user ID ([`is_user_id`]); a file with any other
//! word is refused as a whole, naming each bad line by its number.

use std::fmt;
use std::io::{IsTerminal, Read};

use crate::cli::UsersArgs;
use crate::exit::Failure;

/// The most bad lines a refusal lists one by one; the rest are counted.
const SHOWN: usize = 20;

/// What the shape check says a user ID looks like, for messages.
pub const USER_ID_SHAPE: &str = "U or W, then uppercase letters and digits, 8 or more characters in all";

/// Whether `word` has the shape of a Slack user ID: `U` (a workspace user) or `W` (an
/// Enterprise Grid user), then uppercase ASCII letters and digits, 8 or more characters
/// in all. Slack's own IDs are 9 or 11 characters; the fake's and older ones are 8.
pub fn is_user_id(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('U' | 'W'))
        && word.len() >= 8
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// One word that is not a user ID, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadId {
    /// Where: "line 4" in a file, "argument 2" on the command line.
    pub place: String,
    /// The word, as it was read.
    pub word: String,
}

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug quoting shows what cannot be seen: a stray BOM, a zero-width or
        // non-breaking space, a control character.
        write!(f, "{}: {:?} is not a user ID", self.place, self.word)
    }
}

/// The user IDs in `text`, the content of an ID file, in the order they appear
/// (repeats kept: the jobs count each distinct user once); or every word that is not a
/// user ID, with its line number.
pub fn parse_user_ids(text: &str) -> Result<Vec<String>, Vec<BadId>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut ids, mut bad) = (Vec::new(), Vec::new());
    for (index, line) in lines(text).enumerate() {
        for word in words(line) {
            if is_user_id(word) {
                ids.push(word.to_owned());
            } else {
                bad.push(BadId { place: format!("line {}", index + 1), word: word.to_owned() });
            }
        }
    }
    if bad.is_empty() {
        Ok(ids)
    } else {
        Err(bad)
    }
}

/// Checks user IDs given as command-line arguments, with the same rule as a file.
pub fn check_user_ids(ids: &[String]) -> Result<(), Vec<BadId>> {
    let bad: Vec<BadId> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !is_user_id(id))
        .map(|(index, id)| BadId { place: format!("argument {}", index + 1), word: id.clone() })
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(bad)
    }
}

/// Reads the user IDs of `source`, a file or `-` for stdin, for the option `option`
/// (`--from`, `--protect`). A file that cannot be read, holds a word that is not a user
/// ID, or holds no ID at all is a usage error (exit 2) that says which lines are wrong.
pub fn read_user_ids(source: &str, option: &str) -> Result<Vec<String>, Failure> {
    let name = source_name(source);
    let text = read_text(source).map_err(|problem| Failure::usage(format!("{option} {name}: {problem}")))?;
    let ids = parse_user_ids(&text).map_err(|bad| refusal(&format!("{option} {name}"), &bad))?;
    if ids.is_empty() {
        return Err(Failure::usage(format!("{option} {name}: no user IDs in it")));
    }
    Ok(ids)
}

/// The users of a settings subcommand: those on the command line, then those in its
/// `--from` file, every one checked.
pub fn users_of(args: &UsersArgs) -> Result<Vec<String>, Failure> {
    check_user_ids(&args.users).map_err(|bad| refusal("the command line", &bad))?;
    let mut users = args.users.clone();
    if let Some(source) = &args.from {
        users.extend(read_user_ids(source, "--from")?);
    }
    Ok(users)
}

/// The usage error for the bad IDs of `what` (a file, or the command line): each bad
/// word with its place, up to [`SHOWN`] of them, and the rule.
pub fn refusal(what: &str, bad: &[BadId]) -> Failure {
    let mut message = format!("{what}: {} not user IDs; nothing was sent", count(bad.len()));
    for id in bad.iter().take(SHOWN) {
        message.push_str(&format!("\n  {id}"));
    }
    if bad.len() > SHOWN {
        message.push_str(&format!("\n  ... and {} more", bad.len() - SHOWN));
    }
    message.push_str(&format!(
        "\nA user ID is {USER_ID_SHAPE}; IDs are separated by new lines, commas or spaces, and # starts a comment."
    ));
    Failure::usage(message)
}

fn count(bad: usize) -> String {
    if bad == 1 {
        "1 word is".to_owned()
    } else {
        format!("{bad} words are")
    }
}

/// `source` as messages name it.
fn source_name(source: &str) -> String {
    if source == "-" {
        "stdin".to_owned()
    } else {
        source.to_owned()
    }
}

/// The text of a file, or of stdin for `-`. A file saved as UTF-16 (which Windows tools
/// offer as "Unicode") is named as such rather than reported as invalid UTF-8.
fn read_text(source: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if source == "-" {
        if std::io::stdin().is_terminal() {
            eprintln!("reading user IDs from the terminal; end with Ctrl-D");
        }
        std::io::stdin().read_to_end(&mut bytes).map(drop)
    } else {
        std::fs::File::open(source).and_then(|mut file| file.read_to_end(&mut bytes)).map(drop)
    };
    read.map_err(|error| format!("cannot read it: {error}"))?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err("it is saved as UTF-16; save it as UTF-8 (with or without a BOM)".to_owned());
    }
    String::from_utf8(bytes).map_err(|error| {
        format!("it is not UTF-8 text (byte {} is not UTF-8); save it as UTF-8", error.utf8_error().valid_up_to())
    })
}

/// The lines of `text`, ended by LF, CRLF or a lone CR.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\n', '\r']) {
            Some(at) => {
                let skip = if text[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&text[at + skip..]).filter(|rest| !rest.is_empty());
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// The words of one line, up to a comment.
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split([',', ' ', '\t']).filter(|word| !word.is_empty()).take_while(|word| !word.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(place: &str, word: &str) -> BadId {
        BadId { place: place.to_owned(), word: word.to_owned() }
    }

    #[test]
    fn the_shape_of_a_user_id() {
        for id in ["U012S9M77JP", "W0123456", "U0FAKEADMIN", "W0DEFAULT"] {
            assert!(is_user_id(id), "{id}");
        }
        for word in ["U404", "u012s9m77jp", "T0123456", "U012S9M77J-", "U012\u{200b}S9M77JP", "", "W0123 456"] {
            assert!(!is_user_id(word), "{word:?}");
        }
    }

    #[test]
    fn a_bom_crlf_blank_lines_and_comments_are_hygiene_not_ids() {
        let text = "\u{feff}U0000001\r\n\r\n# the compromised accounts\r\n  W0000002, U0000003\tU0000004 # a note\r\n";
        assert_eq!(
            parse_user_ids(text),
            Ok(vec!["U0000001", "W0000002", "U0000003", "U0000004"].into_iter().map(str::to_owned).collect())
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_a_missing_last_newline_is_fine() {
        assert_eq!(parse_user_ids("U0000001\rU0000002").map(|ids| ids.len()), Ok(2));
        assert_eq!(parse_user_ids("").map(|ids| ids.len()), Ok(0));
        assert_eq!(parse_user_ids("\u{feff}\n# nothing\n").map(|ids| ids.len()), Ok(0));
    }

    #[test]
    fn every_bad_word_is_named_with_its_line_number() {
        let text = "U0000001\nuser_id\n\nU0000002,U404\n\u{feff}U0000003\n";
        assert_eq!(
            parse_user_ids(text),
            Err(vec![bad("line 2", "user_id"), bad("line 4", "U404"), bad("line 5", "\u{feff}U0000003")])
        );
        // Line numbers count CRLF and lone CR line ends alike.
        assert_eq!(parse_user_ids("U0000001\r\n\rjunk\r\n").unwrap_err(), [bad("line 3", "junk")]);
    }

    #[test]
    fn arguments_are_checked_by_position() {
        let ids = ["U0000001", "U1"].map(str::to_owned);
        assert_eq!(check_user_ids(&ids), Err(vec![bad("argument 2", "U1")]));
        assert_eq!(check_user_ids(&ids[..1]), Ok(()));
    }

    #[test]
    fn a_refusal_lists_each_place_shows_hidden_characters_and_counts_the_rest() {
        let many: Vec<BadId> = (1..=25).map(|n| bad(&format!("line {n}"), "x")).collect();
        let message = refusal("--from ids.txt", &many).message;
        assert!(message.starts_with("--from ids.txt: 25 words are not user IDs; nothing was sent"), "{message}");
        assert!(message.contains("\n  line 20: \"x\" is not a user ID") && !message.contains("line 21:"), "{message}");
        assert!(message.contains("... and 5 more"), "{message}");
        let hidden = refusal("--protect p.txt", &[bad("line 1", "\u{feff}U0000001")]).message;
        assert!(hidden.contains(r#"line 1: "\u{feff}U0000001" is not a user ID"#), "{hidden}");
    }
}
