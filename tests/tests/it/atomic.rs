//! `xtask::write` either replaces the output folder completely or leaves it byte for
//! byte as it was: after a bad spec, after an output that cannot be written, and after
//! a successful run that must replace stale files, drop orphans and keep hand-written ones.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use xtask::{Failure, Paths, DEFAULT_SPEC};

/// A scratch folder under the system temp folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("slack-atomic-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("the temp folder is writable");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Every file under `dir` with its bytes, keyed by relative path: what "unchanged" means.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("the folder is readable") {
            let path = entry.expect("the entry is readable").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside dir").to_string_lossy().into_owned();
                files.insert(relative, fs::read(&path).expect("the file is readable"));
            }
        }
    }
    files
}

/// An output folder as a maintainer might have it: a stale generated file the spec still
/// produces, an orphaned generated file, and hand-written files, one of them in a folder.
fn seed_output(out: &Path) {
    let header = codegen::HEADER_MARKER;
    fs::create_dir_all(out.join("notes")).expect("writable");
    fs::write(out.join("mod.rs"), format!("{header} from an older spec.\npub struct Stale;\n")).expect("writable");
    fs::write(out.join("admin_users_session_gone.rs"), format!("{header} from an older spec.\n")).expect("writable");
    fs::write(out.join("README.md"), "Hand-written: never touched by the generator.\n").expect("writable");
    fs::write(out.join("notes/why.txt"), [0xff, 0xfe, b'\n']).expect("writable");
}

fn paths(root: &Path, spec: &Path, out: &Path) -> Paths {
    Paths::new(root, spec, out)
}

fn real_spec() -> PathBuf {
    xtask::workspace_root().join(DEFAULT_SPEC)
}

/// No staging or backup folder is left beside the output after a run.
fn assert_no_leftovers(scratch: &Path) {
    for entry in fs::read_dir(scratch).expect("readable") {
        let name = entry.expect("readable").file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".new") && !name.ends_with(".old"), "left behind: {name}");
    }
}

#[test]
fn a_bad_spec_leaves_the_output_untouched() {
    let scratch = Scratch::new("bad-spec");
    let (spec, out) = (scratch.0.join("spec.yaml"), scratch.0.join("methods"));
    fs::write(&spec, "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a.b:\n    post: {}\n")
        .expect("writable");
    seed_output(&out);
    let before = contents(&out);
    let result = xtask::write(&paths(&scratch.0, &spec, &out));
    assert!(matches!(result, Err(Failure::BadSpec(_))), "expected a bad spec, got {result:?}");
    assert_eq!(contents(&out), before);
    assert_no_leftovers(&scratch.0);
}

#[test]
fn a_missing_spec_is_an_io_failure_and_changes_nothing() {
    let scratch = Scratch::new("missing-spec");
    let out = scratch.0.join("methods");
    seed_output(&out);
    let before = contents(&out);
    let result = xtask::write(&paths(&scratch.0, &scratch.0.join("nope.yaml"), &out));
    assert!(matches!(result, Err(Failure::Io { .. })), "expected an I/O failure, got {result:?}");
    assert_eq!(contents(&out), before);
}

#[test]
fn an_output_under_a_regular_file_fails_without_writing() {
    let scratch = Scratch::new("parent-is-file");
    let blocker = scratch.0.join("generated");
    fs::write(&blocker, "a file where a folder should be\n").expect("writable");
    let result = xtask::write(&paths(&scratch.0, &real_spec(), &blocker.join("methods")));
    assert!(matches!(result, Err(Failure::Io { .. })), "expected an I/O failure, got {result:?}");
    assert_eq!(fs::read_to_string(&blocker).expect("readable"), "a file where a folder should be\n");
    assert_no_leftovers(&scratch.0);
}

/// A file sitting where the staging or backup folder goes makes the write fail part way,
/// which works even when the tests run as root (where read-only folders are writable).
#[test]
fn a_failure_while_staging_or_swapping_leaves_the_output_untouched() {
    for blocked in [".methods.new", ".methods.old"] {
        let scratch = Scratch::new(&format!("blocked{blocked}"));
        let out = scratch.0.join("methods");
        seed_output(&out);
        fs::write(scratch.0.join(blocked), "in the way\n").expect("writable");
        let before = contents(&out);
        let result = xtask::write(&paths(&scratch.0, &real_spec(), &out));
        assert!(matches!(result, Err(Failure::Io { .. })), "{blocked}: expected an I/O failure, got {result:?}");
        assert_eq!(contents(&out), before, "{blocked}: the output changed");
        assert!(!scratch.0.join(".methods.new").is_dir(), "{blocked}: the staging folder was left behind");
    }
}

/// A read-only parent folder stops the staging folder being created. Root ignores the
/// permission bits, so there the write may succeed; the output must then be complete.
#[cfg(unix)]
#[test]
fn a_read_only_parent_leaves_the_output_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("read-only");
    let parent = scratch.0.join("generated");
    let out = parent.join("methods");
    seed_output(&out);
    let before = contents(&out);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).expect("chmod works");
    let result = xtask::write(&paths(&scratch.0, &real_spec(), &out));
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).expect("chmod works");
    match result {
        Err(Failure::Io { .. }) => assert_eq!(contents(&out), before),
        Ok(_) => assert!(xtask::check(&paths(&scratch.0, &real_spec(), &out)).expect("checkable").is_empty()),
        Err(other) => panic!("expected an I/O failure, got {other:?}"),
    }
}

#[test]
fn a_successful_write_replaces_stale_files_drops_orphans_and_keeps_hand_written_ones() {
    let scratch = Scratch::new("success");
    let out = scratch.0.join("methods");
    seed_output(&out);
    let hand_written =
        [("README.md", fs::read(out.join("README.md"))), ("notes/why.txt", fs::read(out.join("notes/why.txt")))];
    let paths = paths(&scratch.0, &real_spec(), &out);
    let written = xtask::write(&paths).unwrap_or_else(|failure| panic!("{failure}"));
    assert!(written.changed.contains(&"mod.rs".to_owned()), "mod.rs was stale: {written:?}");
    assert_eq!(written.removed, ["admin_users_session_gone.rs"]);
    assert!(!out.join("admin_users_session_gone.rs").exists());
    for (name, bytes) in hand_written {
        assert_eq!(fs::read(out.join(name)).ok(), bytes.ok(), "{name} changed");
    }
    assert!(xtask::check(&paths).expect("checkable").is_empty(), "the output should match the spec");
    let again = xtask::write(&paths).unwrap_or_else(|failure| panic!("{failure}"));
    assert!(again.changed.is_empty() && again.removed.is_empty(), "a second run changes nothing: {again:?}");
    assert_no_leftovers(&scratch.0);
}

#[test]
fn an_interrupted_swap_is_recovered_before_writing() {
    let scratch = Scratch::new("interrupted");
    let out = scratch.0.join("methods");
    let old = scratch.0.join(".methods.old");
    seed_output(&old);
    let written = xtask::write(&paths(&scratch.0, &real_spec(), &out)).unwrap_or_else(|failure| panic!("{failure}"));
    assert_eq!(written.removed, ["admin_users_session_gone.rs"], "the old folder was put back first");
    assert!(out.join("README.md").is_file() && out.join("notes/why.txt").is_file());
    assert_no_leftovers(&scratch.0);
}
