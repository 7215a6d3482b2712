//! Every spec in `tests/fixtures/invalid/` is rejected, without a panic, with diagnostics
//! that name the file, the line and column, and the document path of each problem.
//!
//! Each fixture starts from the same small valid spec and breaks one thing (one breaks
//! many at once), so its snapshot shows exactly what a maintainer would read.

use std::panic::{catch_unwind, AssertUnwindSafe};

use codegen::Diagnostics;

/// Runs the generator on an invalid spec and returns its diagnostics. A panic or an
/// accepted spec fails the test with the fixture's name.
#[track_caller]
fn diagnose(text: &str, spec_path: &str) -> Diagnostics {
    match catch_unwind(AssertUnwindSafe(|| codegen::generate(text, spec_path))) {
        Ok(Err(diags)) => diags,
        Ok(Ok(_)) => panic!("`{spec_path}` should be rejected, but the generator accepted it"),
        Err(_) => panic!("the generator panicked on `{spec_path}`"),
    }
}

fn fixture_label(path: &std::path::Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
    format!("tests/fixtures/invalid/{name}")
}

#[test]
fn invalid_specs() {
    insta::glob!("../../fixtures/invalid", "*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        insta::assert_snapshot!(diagnose(&text, &fixture_label(path)).to_string());
    });
}

/// Every diagnostic names the file, and every one tied to a place in the document has a
/// line and column too; only problems with the document as a whole (it is empty, say)
/// have none.
#[test]
fn every_diagnostic_is_located() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).expect("the corpus folder exists") {
        let path = entry.expect("the corpus folder is readable").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture is readable");
        let label = fixture_label(&path);
        for diagnostic in diagnose(&text, &label).iter() {
            assert_eq!(diagnostic.file.as_deref(), Some(label.as_str()), "{diagnostic}");
            let whole_document =
                diagnostic.path.is_empty() && text.trim_start().starts_with(['#', '-']) || text.is_empty();
            assert!(diagnostic.position.is_some() || whole_document, "`{label}`: no position for {diagnostic}");
            checked += 1;
        }
    }
    assert!(checked >= 30, "the corpus should hold at least 30 problems, found {checked}");
}

/// The generator refuses Slack methods whose client method would clash with one of the
/// runtime's own `Client` methods; its list must name every one the runtime defines.
#[test]
fn reserved_client_methods_match_the_runtime() {
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let mut defined = Vec::new();
    // The runtime's files and those of its folders, but not the generated methods.
    let folders =
        std::fs::read_dir(&runtime).expect("the runtime folder is readable").map(|e| e.expect("readable").path());
    let nested = folders.filter(|path| path.is_dir() && !path.ends_with("methods")).flat_map(|dir| {
        std::fs::read_dir(dir).expect("readable").map(|e| e.expect("readable").path()).collect::<Vec<_>>()
    });
    let top = std::fs::read_dir(&runtime).expect("readable").map(|e| e.expect("readable").path());
    for path in top.chain(nested) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let mut in_client = false;
        for line in text.lines() {
            if line.starts_with("impl Client {") {
                in_client = true;
            } else if line.starts_with('}') {
                in_client = false;
            } else if in_client {
                let item = line
                    .trim_start()
                    .trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub ")
                    .trim_start_matches("async ");
                if let Some(name) = item.strip_prefix("fn ").and_then(|rest| rest.split(['(', '<']).next()) {
                    if line.starts_with("    fn ") || line.starts_with("    pub") || line.starts_with("    async") {
                        defined.push(name.to_owned());
                    }
                }
            }
        }
    }
    assert!(defined.iter().any(|name| name == "call"), "the scan found the runtime's methods: {defined:?}");
    let missing: Vec<&String> =
        defined.iter().filter(|name| !codegen::hooks::RESERVED_CLIENT_FNS.contains(&name.as_str())).collect();
    assert!(missing.is_empty(), "add these to RESERVED_CLIENT_FNS in codegen/src/lower/finish.rs: {missing:?}");
}
