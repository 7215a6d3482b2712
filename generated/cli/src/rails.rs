//! The rails between a mistaken command line and a signed-out org: a job that would end
//! more than `--max-targets` targets goes ahead only with `--yes`, or once an operator at
//! a terminal has seen the plan and typed its number of targets. Without a terminal and
//! without `--yes` it is refused before anything that changes something is sent.

use std::io::{BufRead, IsTerminal, Write};

use crate::cli::RailArgs;
use crate::exit::Failure;
use crate::interrupt::or_ctrl_c;
use crate::verbosity::note;
use crate::words::many;

/// What a job is about to do, for the rails to weigh.
pub struct Ask<'a> {
    /// The subcommand, as messages name it.
    pub job: &'a str,
    /// How many targets it would end or sign out.
    pub targets: usize,
    /// What a target is, in the singular: "session", "user".
    pub unit: &'a str,
}

/// Lets the job go ahead, or refuses it with exit 2. A job within `--max-targets` goes
/// ahead; a larger one needs `--yes`, or the number of its targets typed at a terminal
/// (stdin and stderr both terminals, so that the operator saw the plan on stderr).
pub async fn approve(rails: &RailArgs, ask: Ask<'_>) -> Result<(), Failure> {
    let Ask { job, targets, unit } = ask;
    if targets <= rails.max_targets {
        return Ok(());
    }
    let over = format!("{}, more than --max-targets {}", many(targets, unit), rails.max_targets);
    if rails.yes {
        note(format_args!("{job}: {over}; going ahead (--yes)"));
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Failure::usage(format!(
            "{job}: the plan ends {over}, and there is no terminal to confirm it on; nothing was changed. \
             Check the plan above, then run again with --yes (or --max-targets {targets})"
        )));
    }
    let prompt = format!("{job}: the plan above ends {over}. Type {targets} to go ahead, anything else to stop: ");
    let unread = |error: String| Failure::usage(format!("{job}: cannot read the confirmation: {error}"));
    let answer = or_ctrl_c(tokio::task::spawn_blocking(move || ask_terminal(&prompt)), false)
        .await?
        .map_err(|error| unread(error.to_string()))?
        .map_err(|error| unread(error.to_string()))?;
    if confirms(&answer, targets) {
        Ok(())
    } else {
        Err(Failure::usage(format!("{job}: not confirmed; nothing was changed")))
    }
}

/// Writes `prompt` on stderr and reads one line of stdin.
fn ask_terminal(prompt: &str) -> std::io::Result<String> {
    ask(prompt, &mut std::io::stderr().lock(), &mut std::io::stdin().lock())
}

/// Writes `prompt` to `out` and reads one line from `input`; an input that ends first
/// answers nothing.
fn ask(prompt: &str, out: &mut impl Write, input: &mut impl BufRead) -> std::io::Result<String> {
    write!(out, "{prompt}")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(answer)
}

/// Whether `answer` is the number of targets, which the operator can only type after
/// reading the plan (a reflexive `y` does not confirm).
fn confirms(answer: &str, targets: usize) -> bool {
    answer.trim() == targets.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_number_of_targets_confirms() {
        assert!(confirms("515\n", 515));
        assert!(confirms("  515 \r\n", 515));
        for answer in ["y\n", "yes\n", "", "514\n", "5150\n"] {
            assert!(!confirms(answer, 515), "{answer:?}");
        }
    }

    #[test]
    fn the_prompt_is_written_before_the_answer_is_read() {
        let mut out = Vec::new();
        let answer = ask("Type 3: ", &mut out, &mut "3\nrest".as_bytes()).expect("no I/O error");
        assert_eq!((String::from_utf8(out).expect("UTF-8"), answer), ("Type 3: ".to_owned(), "3\n".to_owned()));
        let ended = ask("Type 3: ", &mut Vec::new(), &mut "".as_bytes()).expect("no I/O error");
        assert!(!confirms(&ended, 3));
    }

    #[tokio::test]
    async fn a_job_within_the_limit_or_with_yes_goes_ahead_and_a_larger_one_without_a_terminal_does_not() {
        let rails = |yes| RailArgs { max_targets: 10, yes, reason: None };
        let ask = |targets| Ask { job: "sweep", targets, unit: "session" };
        assert!(approve(&rails(false), ask(10)).await.is_ok());
        assert!(approve(&rails(true), ask(11)).await.is_ok());
        // The unit tests' stdin is not a terminal under `cargo test` in CI; where it is,
        // the refusal is not what this checks.
        if !std::io::stdin().is_terminal() {
            let refused = approve(&rails(false), ask(11)).await.expect_err("refused");
            assert_eq!(refused.exit, crate::exit::Exit::Usage);
            assert!(refused.message.contains("11 sessions, more than --max-targets 10"), "{}", refused.message);
        }
    }
}
