//! No snapshot file is left that no test produces: insta's `--unreferenced=reject`, done in
//! plain Rust so that CI needs nothing beyond `cargo test`.
//!
//! A snapshot whose fixture was deleted or whose test was renamed would otherwise sit in
//! `tests/tests/it/snapshots/` for ever, read by no one and reviewed by mistake. The
//! producers are listed here, next to the folders their globs read; adding a snapshot
//! test means adding a line, and this test says so.

use std::collections::BTreeSet;
use std::path::Path;

/// Snapshot tests that run over a folder with `insta::glob!("…", "*.yaml", …)`: the
/// snapshot name prefix (`<binary>__<module>__<test>`) and the folder, from the workspace root.
const GLOBS: &[(&str, &str)] =
    &[("it__snapshots__fixtures", "tests/fixtures"), ("it__diagnostics__invalid_specs", "tests/fixtures/invalid")];

/// Snapshot tests that assert once, by snapshot name.
const SINGLE: &[&str] = &["it__surface__api_surface", "it__corpus__slack_admin_corpus"];

/// The file names the snapshot tests write.
fn produced(root: &Path) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = SINGLE.iter().map(|name| format!("{name}.snap")).collect();
    for (prefix, folder) in GLOBS {
        for input in files_in(&root.join(folder)) {
            if input.ends_with(".yaml") {
                names.insert(format!("{prefix}@{input}.snap"));
            }
        }
    }
    names
}

fn files_in(folder: &Path) -> BTreeSet<String> {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("{}: {e}", folder.display())))
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_snapshot_file_is_produced_by_a_test() {
    let root = xtask::workspace_root();
    let produced = produced(&root);
    let on_disk = files_in(&root.join("tests/tests/it/snapshots"));
    // Also catches `.snap.new` and `.pending-snap` files, which must never be committed.
    let unreferenced: Vec<&String> = on_disk.difference(&produced).collect();
    assert!(
        unreferenced.is_empty(),
        "no test produces these snapshot files; delete them, or list their test in {}: {unreferenced:?}",
        file!()
    );
    let missing: Vec<&String> = produced.difference(&on_disk).collect();
    assert!(missing.is_empty(), "these snapshots are expected but not committed: {missing:?}");
}
