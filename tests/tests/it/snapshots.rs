//! Snapshots of the code generated for small fixture specs, one per generator feature.
//!
//! Each fixture in `tests/fixtures/*.yaml` exercises one thing (an errors table, both body
//! encodings, nested objects, nullable fields, awkward names, pagination and argument
//! rules), so a change to the emitters shows up as a focused diff in review.

/// Generates `spec_yaml`, checks every file parses as Rust, and returns all files joined
/// with a marker line before each, ready to snapshot.
#[track_caller]
pub(crate) fn check(spec_yaml: &str, spec_path: &str) -> String {
    let files = match codegen::generate(spec_yaml, spec_path) {
        Ok(files) => files,
        Err(diags) => panic!("the fixture should be valid, but:\n{diags}"),
    };
    let mut joined = String::new();
    for file in &files {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("`{}` does not parse as Rust: {error}\n{}", file.path, file.contents);
        }
        joined.push_str(&format!("// ---- {} ----\n{}", file.path, file.contents));
    }
    joined
}

#[test]
fn fixtures() {
    insta::glob!("../../fixtures", "*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
        insta::assert_snapshot!(check(&text, &format!("tests/fixtures/{name}")));
    });
}
