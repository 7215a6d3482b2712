//! Holds codegen's source files to the invariant in ARCHITECTURE.md: no import cycle.
//!
//! The test reads `codegen/src` itself (a test may; the generator never touches files) and
//! builds the graph of which file names items of which other file, through a `crate::`,
//! `super::` or `self::` path, or a path that starts with a child module's name. A module
//! declaration (`mod x;`) is the tree, not an import, and code inside `#[cfg(test)]`
//! modules is left out. The graph must be acyclic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A source file's module path (`["emit", "request"]`) and its code outside test modules.
struct Source {
    module: Vec<String>,
    code: String,
}

#[test]
fn codegen_modules_form_no_import_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = read_sources(&root);
    assert!(sources.len() > 10, "read only {} files from {}", sources.len(), root.display());
    let modules: Vec<Vec<String>> = sources.iter().map(|source| source.module.clone()).collect();
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for source in &sources {
        let targets = graph.entry(source.module.join("::")).or_default();
        for path in paths(&source.code, &source.module, &modules) {
            // The crate root only declares the modules and the entry points; a `crate::`
            // path that reaches no module is Rust the emitters write for the generated crate.
            let target = deepest_module(&path, &modules).join("::");
            if !target.is_empty() && target != source.module.join("::") && !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!("codegen's source files import each other in a cycle: {}", cycle.join(" -> "));
    }
}

/// The cycle finder finds a cycle in a small graph, so the test above can fail.
#[test]
fn a_cycle_is_found() {
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
    let modules = vec![vec![], vec!["spec".to_owned()], vec!["spec".to_owned(), "model".to_owned()]];
    let found =
        paths("use super::model::{Checked, Document};\nlet x = crate::spec::parse(t);", &modules[1..2][0], &modules);
    assert_eq!(found, [vec!["model", "Checked"], vec!["model", "Document"], vec!["spec", "parse"]]);
}

fn read_sources(root: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(root).expect("under src").with_extension("");
            let mut module: Vec<String> =
                relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            Source { module, code: without_tests(&text) }
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The text without its `#[cfg(test)]` modules and without comments.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|next| next.trim_start().starts_with("mod ")) {
            let mut depth = 0i32;
            for inner in lines.by_ref() {
                depth += inner.matches('{').count() as i32 - inner.matches('}').count() as i32;
                if depth <= 0 && inner.contains('}') {
                    break;
                }
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or_default();
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path in `code` that names an item of another file, as absolute module segments
/// followed by the item: `use a::{b, c}` groups are expanded one level deep.
fn paths(code: &str, module: &[String], modules: &[Vec<String>]) -> Vec<Vec<String>> {
    let children: Vec<&String> = modules
        .iter()
        .filter(|other| other.len() == module.len() + 1 && other.starts_with(module))
        .map(|m| &m[module.len()])
        .collect();
    let mut found = Vec::new();
    // `use a::{b, c}` becomes one word, `a::{b,c}`.
    let mut code = code.to_owned();
    for mark in [",", "{", "}"] {
        while code.contains(&format!(" {mark}"))
            || code.contains(&format!("{mark} "))
            || code.contains(&format!("{mark}\n"))
        {
            code = code
                .replace(&format!(" {mark}"), mark)
                .replace(&format!("{mark} "), mark)
                .replace(&format!("{mark}\n"), mark);
        }
    }
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == '}' || c == ','))
        .collect();
    for word in words {
        let word = word.trim_start_matches(['{', '}', ',']);
        let Some((head, _)) = word.split_once("::") else { continue };
        let base: Vec<String> = match head {
            "crate" => Vec::new(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            "self" => module.to_vec(),
            child if children.iter().any(|c| c.as_str() == child) => module.to_vec(),
            _ => continue,
        };
        let rest = if matches!(head, "crate" | "super" | "self") { &word[head.len() + 2..] } else { word };
        let (prefix, group) = match rest.split_once("::{") {
            Some((prefix, group)) => (prefix, Some(group)),
            None => (rest.trim_end_matches(['{', '}', ',', ':']), None),
        };
        let mut absolute = base;
        absolute.extend(prefix.split("::").filter(|part| !part.is_empty() && *part != "super").map(str::to_owned));
        match group {
            None => found.push(absolute),
            Some(group) => {
                for item in group.split([',', '}']).map(str::trim).filter(|item| !item.is_empty()) {
                    let mut path = absolute.clone();
                    path.extend(item.split("::").map(str::to_owned));
                    found.push(path);
                }
            }
        }
    }
    found
}

/// The longest module path among `modules` that `path` starts with.
fn deepest_module(path: &[String], modules: &[Vec<String>]) -> Vec<String> {
    modules
        .iter()
        .filter(|module| path.starts_with(module))
        .max_by_key(|module| module.len())
        .cloned()
        .unwrap_or_default()
}

/// A cycle in the graph, as the modules along it with the first repeated at the end.
fn find_cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, Vec<String>>,
        done: &mut Vec<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|on| on == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.iter().any(|seen| seen == node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.push(node.to_owned());
        None
    }
    let (mut done, mut stack) = (Vec::new(), Vec::new());
    graph.keys().find_map(|node| visit(node, graph, &mut done, &mut stack))
}
