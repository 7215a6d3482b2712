//! The corpus of Slack's real `admin.*` methods (`tests/fixtures/corpus/slack_admin.yaml`,
//! translated by `xtask/corpus/translate.py`): at least 90% of the methods generate, each
//! rejected one is rejected for a located reason (the snapshot lists them), and the
//! corpus carries no text of Slack's. `cargo xtask corpus-check` compiles the accepted
//! methods; here they only have to generate, which keeps `cargo test` quick.

use std::fmt::Write as _;

#[test]
fn most_of_slacks_admin_methods_generate_and_the_rest_are_rejected_with_located_errors() {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join(xtask::corpus::CORPUS_SPEC)).expect("the corpus");
    let split = xtask::corpus::split(&text, xtask::corpus::CORPUS_SPEC).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        split.accepted.len() * 10 >= split.total * 9,
        "only {} of {} corpus methods generate",
        split.accepted.len(),
        split.total
    );
    let mut report = format!("{} of {} methods generate\n", split.accepted.len(), split.total);
    for (method, diags) in &split.rejected {
        let _ = writeln!(report, "rejected {method}:");
        for diag in diags {
            assert!(diag.position.is_some(), "{method}: an error without a location: {diag}");
            let _ = writeln!(report, "  {diag}");
        }
    }
    insta::assert_snapshot!("slack_admin_corpus", report);
}

/// Every description, summary and title in the corpus is one of the translator's own
/// placeholders, so none of Slack's sentences can slip in.
#[test]
fn the_corpus_carries_only_placeholder_text() {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join(xtask::corpus::CORPUS_SPEC)).expect("the corpus");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("the corpus is YAML");
    let fixed = [
        "Slack admin.* corpus",
        "Slack's admin methods, translated mechanically by xtask/corpus/translate.py.",
        "A user token.",
        "Slack's failure envelope.",
        "Success.",
        "Extra information Slack may attach to any answer.",
        "The next page's cursor.",
        "The body Slack sends when a call fails.",
        "Always false here.",
        "The error code.",
    ];
    let mut texts = Vec::new();
    collect(&spec, &mut texts);
    assert!(texts.len() > 1000, "the walk found the descriptions");
    for text in texts {
        let placeholder = fixed.contains(&text.as_str())
            || (text.starts_with("The `")
                || text.starts_with("Slack's `")
                || text.starts_with("The arguments of `")
                || text.starts_with("The answer of `"))
                && text.matches('`').count() == 2
                && text.ends_with('.')
                && text.split_whitespace().count() <= 5;
        assert!(placeholder, "not a placeholder: {text:?}");
    }
}

fn collect(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, inner) in map {
                let is_text = matches!(key.as_str(), Some("description" | "summary" | "title"));
                match (is_text, inner.as_str()) {
                    (true, Some(text)) => out.push(text.to_owned()),
                    _ => collect(inner, out),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|item| collect(item, out)),
        _ => {}
    }
}
