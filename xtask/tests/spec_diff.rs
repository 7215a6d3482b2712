//! `cargo xtask spec-diff` on planted changes: each edit to a copy of the spec, or to the
//! divergences, is caught and named; the real spec passes. Everything runs offline on the
//! vendored data in `spec/slack-api-ref/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::spec_diff::{self, Change, Divergence, Finding, Report, SlackData};

fn root() -> PathBuf {
    xtask::workspace_root()
}

fn real_spec() -> String {
    fs::read_to_string(root().join(xtask::DEFAULT_SPEC)).expect("the spec")
}

fn real_divergences() -> Vec<Divergence> {
    let text = fs::read_to_string(root().join(spec_diff::DEFAULT_DIVERGENCES)).expect("the divergences");
    serde_yaml::from_str(&text).expect("the divergences parse")
}

/// The vendored data, loaded for the methods of `api`.
fn data(api: &codegen::ir::Api) -> SlackData {
    spec_diff::load(&root().join(spec_diff::DEFAULT_DATA), spec_diff::DEFAULT_DATA, api).expect("the vendored data")
}

/// Compares a spec text with the vendored data under the given divergences.
fn diff(spec: &str, divergences: &[Divergence]) -> Report {
    let api = codegen::lower_spec(spec, "copy.yaml").unwrap_or_else(|diags| panic!("the edited spec lowers:\n{diags}"));
    spec_diff::diff(&api, &data(&api), divergences)
}

/// The real spec with the first `old` after `anchor` (the start of the section to edit)
/// replaced by `new`.
fn edit(anchor: &str, old: &str, new: &str) -> String {
    xtask::semver::edit(&real_spec(), anchor, old, new).unwrap_or_else(|| panic!("no `{old}` after `{anchor}`"))
}

/// The one difference that planting `new` for `old` after `anchor` makes, under the real
/// divergences.
#[track_caller]
fn planted(anchor: &str, old: &str, new: &str) -> Finding {
    only_unlisted(diff(&edit(anchor, old, new), &real_divergences()))
}

/// The one unlisted finding of a report, which must fail.
#[track_caller]
fn only_unlisted(report: Report) -> Finding {
    assert!(!report.passes(), "the planted change passed:\n{report}");
    assert!(report.stale.is_empty(), "unexpected stale entries:\n{report}");
    match report.unlisted.as_slice() {
        [finding] => finding.clone(),
        _ => panic!("expected one unlisted difference:\n{report}"),
    }
}

#[test]
fn the_real_spec_passes_with_its_divergences() {
    let report = diff(&real_spec(), &real_divergences());
    assert!(report.passes(), "{report}");
    assert_eq!(report.findings.len(), real_divergences().len(), "every entry accepts exactly one finding");
}

#[test]
fn removing_an_error_code_from_reset_bulk_is_named() {
    let finding = planted(
        "/admin.users.session.resetBulk:",
        "        - $ref: '#/components/x-slack-errors/cannot_reset_bot'\n",
        "",
    );
    assert_eq!((finding.method.as_str(), finding.fact.as_str()), ("admin.users.session.resetBulk", "error"));
    assert_eq!((finding.subject.as_str(), finding.change()), ("cannot_reset_bot", Change::Added));
    assert_eq!(finding.file, "spec/slack-api-ref/methods/admin.users.session.resetBulk.json");
    let line = finding.to_string();
    assert!(line.contains("Slack added it (spec: absent, Slack: present"), "{line}");
}

#[test]
fn a_common_code_names_the_common_file() {
    let finding =
        planted("/admin.users.session.resetBulk:", "        - $ref: '#/components/x-slack-errors/ratelimited'\n", "");
    assert_eq!(finding.subject, "ratelimited");
    assert_eq!(finding.file, "spec/slack-api-ref/common-errors.json");
}

#[test]
fn changing_lists_tier_is_named() {
    let finding = planted("/admin.users.session.list:", "x-slack-rate-limit-tier: 2", "x-slack-rate-limit-tier: 3");
    assert_eq!((finding.method.as_str(), finding.fact.as_str()), ("admin.users.session.list", "tier"));
    assert_eq!((finding.spec.as_str(), finding.slack.as_str()), ("Tier 3", "Tier 2"));
    assert_eq!(finding.change(), Change::Changed);
}

#[test]
fn adding_a_required_argument_is_named() {
    let finding = planted(
        "    AdminUsersSessionResetRequest:",
        "      required: [user_id]",
        "        reason:\n          type: string\n          description: Why.\n      required: [user_id, reason]",
    );
    assert_eq!((finding.method.as_str(), finding.fact.as_str()), ("admin.users.session.reset", "argument"));
    assert_eq!((finding.subject.as_str(), finding.change()), ("reason", Change::Removed));
}

#[test]
fn making_an_argument_required_or_changing_a_bound_is_named() {
    let finding = planted("    AdminUsersSessionResetRequest:", "required: [user_id]", "required: [user_id, web_only]");
    assert_eq!((finding.fact.as_str(), finding.subject.as_str()), ("required", "web_only"));
    assert_eq!((finding.spec.as_str(), finding.slack.as_str()), ("required", "optional"));

    let finding = planted("    AdminUsersSessionListRequest:", "maximum: 1000", "maximum: 999");
    assert_eq!((finding.fact.as_str(), finding.subject.as_str()), ("maximum", "limit"));
    assert_eq!((finding.spec.as_str(), finding.slack.as_str()), ("999", "1000"));
}

#[test]
fn removing_a_divergence_entry_fails_on_its_difference() {
    let mut divergences = real_divergences();
    let at = divergences.iter().position(|d| d.fact == "required" && d.subject == "user_id").expect("the entry");
    divergences.remove(at);
    let finding = only_unlisted(diff(&real_spec(), &divergences));
    assert_eq!(finding.method, "admin.users.session.invalidate");
    assert_eq!((finding.spec.as_str(), finding.slack.as_str()), ("optional", "required"));
}

#[test]
fn an_entry_whose_difference_is_gone_fails_as_stale() {
    let spec = edit(
        "/admin.users.session.invalidate:",
        "        - code: session_expired\n          category: target\n          description: The session named by `session_id` had already expired.\n",
        "",
    );
    let report = diff(&spec, &real_divergences());
    assert!(report.unlisted.is_empty(), "{report}");
    let stale: Vec<String> = report.stale.iter().map(|d| d.subject.clone()).collect();
    assert_eq!(stale, ["session_expired"]);
    assert!(report.to_string().contains("stale entry in spec/divergences.yaml"), "{report}");
}

#[test]
fn an_entry_with_other_values_does_not_hide_a_changed_difference() {
    let mut divergences = real_divergences();
    let entry =
        divergences.iter_mut().find(|d| d.fact == "minItems" && d.method.ends_with("getSettings")).expect("entry");
    entry.spec = "2".to_owned();
    let report = diff(&real_spec(), &divergences);
    assert_eq!(report.unlisted.len(), 1, "{report}");
    assert_eq!(report.stale.len(), 1, "{report}");
}

#[test]
fn a_method_slack_publishes_beside_the_specs_is_named_and_so_is_one_it_dropped() {
    let api = codegen::lower_spec(&real_spec(), "spec.yaml").expect("the spec lowers");
    let mut data = data(&api);
    data.index.insert("admin.users.session.rename".to_owned());
    data.index.insert("admin.users.other.thing".to_owned());
    data.index.remove("admin.users.session.list");
    let report = spec_diff::diff(&api, &data, &real_divergences());
    let named: Vec<(&str, Change)> = report.unlisted.iter().map(|f| (f.method.as_str(), f.change())).collect();
    assert_eq!(named, [("admin.users.session.list", Change::Removed), ("admin.users.session.rename", Change::Added)]);
    assert!(report.unlisted.iter().all(|f| f.fact == "method" && f.file == "spec/slack-api-ref/index.txt"));
}

#[test]
fn the_command_exits_0_on_the_real_spec_1_on_a_difference_and_2_on_a_bad_divergences_file() {
    let scratch = std::env::temp_dir().join(format!("spec-diff-{}", std::process::id()));
    fs::create_dir_all(&scratch).expect("the temp folder is writable");
    let spec = scratch.join("spec.yaml");
    fs::write(&spec, edit("/admin.users.session.list:", "tier: 2", "tier: 4")).expect("writable");
    let bad = scratch.join("divergences.yaml");
    fs::write(&bad, "- method: admin.users.session.list\n  fact: tier\n").expect("writable");
    let run = |args: &[&Path]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command.arg("spec-diff");
        for (flag, path) in ["--spec", "--divergences"].iter().zip(args) {
            command.arg(flag).arg(path);
        }
        command.output().expect("the xtask runs")
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    let output = run(&[&spec]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("admin.users.session.list: tier: Slack changed it"));
    let output = run(&[&root().join(xtask::DEFAULT_SPEC), &bad]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("divergences.yaml"));
    let _ = fs::remove_dir_all(&scratch);
}
