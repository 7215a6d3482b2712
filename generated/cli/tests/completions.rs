//! `completions SHELL` and `manpage`: what they print loads in the shell and renders
//! with `man`.

use std::process::Command;

use crate::support::{output, tool, TempFile};

#[tokio::test]
async fn the_bash_completion_script_parses_in_bash_and_every_shell_gets_a_script() {
    let run = output(tool(&["completions", "bash"])).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let script = TempFile::with(&run.stdout);
    let check = Command::new("bash").arg("-n").arg(&script.path).output().expect("bash runs");
    assert!(check.status.success(), "bash -n: {}", String::from_utf8_lossy(&check.stderr));
    assert!(run.stdout.contains("reset-bulk") && run.stdout.contains("--max-targets"), "{}", run.stdout);
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let run = output(tool(&["completions", shell])).await;
        assert_eq!(run.code, Some(0), "{shell}: {run:?}");
        assert!(run.stdout.contains("slack-sessions") && run.stdout.contains("sweep"), "{shell}: {}", run.stdout);
    }
    let run = output(tool(&["completions", "tcsh"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
}

#[tokio::test]
async fn the_manual_page_is_roff_that_man_renders() {
    let run = output(tool(&["manpage"])).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    for request in [".TH slack-sessions 1", ".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(run.stdout.contains(request), "{request} in {}", run.stdout);
    }
    let page = TempFile::with(&run.stdout);
    // CI installs man-db (.ci/run); a machine without it checks the roff's structure only.
    let Ok(man) = Command::new("man").arg("-l").arg(&page.path).env("MANWIDTH", "80").env("MANPAGER", "cat").output()
    else {
        eprintln!("man is not installed here: only the roff's structure was checked, not its rendering");
        return;
    };
    let (shown, problems) = (String::from_utf8_lossy(&man.stdout), String::from_utf8_lossy(&man.stderr));
    assert!(man.status.success(), "man -l: {problems}");
    assert!(problems.trim().is_empty(), "man warns: {problems}");
    assert!(shown.contains("NAME") && shown.contains("reset-bulk") && shown.contains("--max-targets"), "{shown}");
}
