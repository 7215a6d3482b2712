//! Holds the source trees to the structure ARCHITECTURE.md states: codegen's passes form
//! no import cycle, and the generated crate's files sit in layers that import only from
//! the layers below them, with one accepted cycle (`builder <-> client`).

use std::collections::BTreeMap;
use std::path::Path;

use tests::imports::{find_cycle, graph, merged, paths, read_sources, Source};

/// The layers of `generated/src`, from the bottom up. A file's layer is that of its
/// top-level module; every other top-level module is the client core, layer 0.
const LAYERS: [(&str, usize); 5] = [("bulk", 1), ("runtime", 2), ("methods", 3), ("sweep", 4), ("fake", 5)];

/// The only cycle the crate accepts: a client is built by its builder, which
/// `Client::builder` returns. reqwest avoids it only by putting both in one file.
const ACCEPTED_CYCLE: (&str, &str) = ("builder", "client");

fn sources(crate_dir: &str) -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate_dir).join("src");
    let sources = read_sources(&root);
    assert!(sources.len() > 10, "read only {} files from {}", sources.len(), root.display());
    sources
}

/// The generated crate's sources, without the tool's binary where it still lives
/// inside `src/bin` (it is a package of its own, and uses the public API only).
fn crate_sources() -> Vec<Source> {
    sources("generated").into_iter().filter(|source| source.module.first().is_none_or(|top| top != "bin")).collect()
}

/// The generated crate's import graph. A folder's face (`sweep/mod.rs`) calling into its
/// own files is the folder's structure, as the workspace's import-cycle check reads it,
/// so an edge from a module to one of its descendants is left out; the descendants'
/// imports of the face still count.
fn crate_graph(sources: &[Source]) -> BTreeMap<String, Vec<String>> {
    let mut graph = graph(sources);
    for (from, targets) in graph.iter_mut() {
        targets.retain(|target| !target.starts_with(&format!("{from}::")));
    }
    graph
}

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or_default();
    LAYERS.iter().find(|(name, _)| *name == top).map_or(0, |(_, layer)| *layer)
}

/// Every broken layer rule in `graph`: an import from a higher layer, an import through
/// the crate root's re-exports, and a generated file naming anything but the contract.
fn layer_violations(graph: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, targets) in graph.iter().filter(|(from, _)| !from.is_empty()) {
        for target in targets {
            if target.is_empty() {
                found.push(format!("{from} imports through the crate root's re-exports"));
            } else if layer(target) > layer(from) {
                found.push(format!("{from} (layer {}) imports {target} (layer {})", layer(from), layer(target)));
            } else if from.starts_with("methods") && !(target == "runtime" || target.starts_with("methods")) {
                found.push(format!("the generated {from} names {target}, not the runtime contract"));
            }
        }
    }
    found
}

#[test]
fn generated_crate_keeps_its_layers() {
    let graph = crate_graph(&crate_sources());
    assert_eq!(layer_violations(&graph), Vec::<String>::new());
    if let Some(cycle) = find_cycle(&merged(&graph, ACCEPTED_CYCLE)) {
        panic!("the generated crate's files import each other in a cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn codegen_modules_form_no_import_cycle() {
    // A `crate::` path in codegen that reaches no module is Rust the emitters write for
    // the generated crate, so the root is left out of the graph.
    let mut graph = graph(&sources("codegen"));
    graph.values_mut().for_each(|targets| targets.retain(|target| !target.is_empty()));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("codegen's source files import each other in a cycle: {}", cycle.join(" -> "));
    }
}

/// The checks above can fail: a planted cycle, a planted climb and a planted import
/// through the root are each reported.
#[test]
fn planted_breaks_are_found() {
    let plant = |module: &str, line: &str| {
        let mut sources = crate_sources();
        let source = sources.iter_mut().find(|source| source.module.join("::") == module).expect("the module exists");
        source.code.push_str(line);
        crate_graph(&sources)
    };
    let cycle = plant("stop", "use crate::client::Client;\n");
    let found = find_cycle(&merged(&cycle, ACCEPTED_CYCLE)).expect("stop -> client -> stop is a cycle");
    assert!(found.contains(&"stop".to_owned()), "{found:?}");
    let climb = plant("bulk::run", "use crate::sweep::SessionFilter;\n");
    assert_eq!(layer_violations(&climb), ["bulk::run (layer 1) imports sweep (layer 4)"]);
    let through_root = plant("retry", "use crate::Client;\n");
    assert_eq!(layer_violations(&through_root), ["retry imports through the crate root's re-exports"]);
    let reach = plant("methods::admin_users_session_reset", "use crate::encode::field;\n");
    assert_eq!(
        layer_violations(&reach),
        ["the generated methods::admin_users_session_reset names encode, not the runtime contract"]
    );
}

/// The path reader expands groups and child paths, so the checks see every import.
#[test]
fn paths_are_read_from_groups_and_children() {
    let modules = vec![vec![], vec!["spec".to_owned()], vec!["spec".to_owned(), "model".to_owned()]];
    let found =
        paths("use super::model::{Checked, Document};\nlet x = crate::spec::parse(t);", &modules[1..2][0], &modules);
    assert_eq!(found, [vec!["model", "Checked"], vec!["model", "Document"], vec!["spec", "parse"]]);
    let graph = |edges: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (from, to) in edges {
            graph.entry((*from).to_owned()).or_default().push((*to).to_owned());
            graph.entry((*to).to_owned()).or_default();
        }
        graph
    };
    assert_eq!(find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).map(|c| c.len()), Some(4));
    assert_eq!(find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    let pair = graph(&[("builder", "client"), ("client", "builder"), ("client", "x"), ("x", "builder")]);
    assert!(find_cycle(&merged(&pair, ACCEPTED_CYCLE)).is_some(), "another cycle through the pair still shows");
    let only_pair = graph(&[("builder", "client"), ("client", "builder"), ("client", "x")]);
    assert_eq!(find_cycle(&merged(&only_pair, ACCEPTED_CYCLE)), None);
}
