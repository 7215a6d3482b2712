//! Snapshots of the code generated for small fixture specs, one per generator feature.
//!
//! Each valid fixture in `tests/fixtures/*.yaml` exercises one thing (an errors table,
//! both body encodings, nested objects, arrays, nullable fields, awkward names,
//! pagination, argument rules, number formats), so a change to the emitters shows up as
//! a focused diff in review. The committed `generated/` crate is not re-snapshotted
//! here: the drift test guards it.

/// The spec path every fixture is generated under. It appears in each file's header;
/// a fixed label keeps a snapshot's body unchanged when its fixture is renamed, and the
/// snapshot's metadata already records the real `input_file`.
const SPEC_LABEL: &str = "fixture.yaml";

/// Generates `spec_yaml`, checks that every file parses as Rust and that a second run
/// gives the same bytes, and returns all files joined with a marker line before each,
/// ready to snapshot.
#[track_caller]
pub(crate) fn check(spec_yaml: &str) -> String {
    let files = match codegen::generate(spec_yaml, SPEC_LABEL) {
        Ok(files) => files,
        Err(diags) => panic!("the fixture should be valid, but:\n{diags}"),
    };
    let mut joined = String::new();
    for file in &files {
        // A parse failure names the file and shows its text, since the snapshot of
        // unparsable output would be the only other clue.
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("`{}` does not parse as Rust: {error}\n{}", file.path, file.contents);
        }
        joined.push_str(&format!("// ---- {} ----\n{}", file.path, file.contents));
    }
    let again = codegen::generate(spec_yaml, SPEC_LABEL).unwrap_or_else(|diags| panic!("{diags}"));
    assert!(again == files, "generating the same fixture twice gave different output");
    joined
}

#[test]
fn fixtures() {
    // The glob is relative to this file; `insta::glob!` fails when it matches nothing,
    // so a moved fixtures folder cannot silently turn this test into a no-op.
    insta::glob!("../../fixtures", "*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // `check` sees only the text, so name the fixture for a failure's output.
        eprintln!("fixture: {}", path.display());
        insta::assert_snapshot!(check(&text));
    });
}
