//! Reads a crate's source files and the imports between them, for the tests that hold
//! the codegen passes and the generated crate's layers to ARCHITECTURE.md.
//!
//! A file's imports are its `crate::`, `super::` and `self::` paths, and paths that start
//! with a child module's name. A module declaration (`mod x;`) is the tree, not an
//! import, and code inside `#[cfg(test)]` modules and comments (doc links included) is
//! left out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A source file's module path (`["emit", "request"]`) and its code outside test modules
/// and comments.
#[derive(Debug, Clone)]
pub struct Source {
    /// The module path, empty for the crate root.
    pub module: Vec<String>,
    /// The code, without `#[cfg(test)]` modules and comments.
    pub code: String,
}

/// Which file names items of which other files, by module path (`"emit::request"`). A
/// `crate::` path that reaches no module (the crate root's own items) names the root,
/// `""`; the root's own edges (its re-exports) are left out, since declaring and
/// re-exporting the modules is the tree, not an import.
pub fn graph(sources: &[Source]) -> BTreeMap<String, Vec<String>> {
    let modules: Vec<Vec<String>> = sources.iter().map(|source| source.module.clone()).collect();
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for source in sources {
        let targets = graph.entry(source.module.join("::")).or_default();
        if source.module.is_empty() {
            continue;
        }
        for path in paths(&source.code, &source.module, &modules) {
            let target = deepest_module(&path, &modules).join("::");
            if target != source.module.join("::") && !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    graph
}

/// The graph with the modules of `pair` merged into one node, named `a+b`, for a pair
/// whose mutual imports are accepted: any other cycle through either still shows.
pub fn merged(graph: &BTreeMap<String, Vec<String>>, pair: (&str, &str)) -> BTreeMap<String, Vec<String>> {
    let joined = format!("{}+{}", pair.0, pair.1);
    let rename = |node: &str| if node == pair.0 || node == pair.1 { joined.clone() } else { node.to_owned() };
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (from, targets) in graph {
        let from = rename(from);
        for target in targets.iter().map(|target| rename(target)) {
            let entry = out.entry(from.clone()).or_default();
            if target != from && !entry.contains(&target) {
                entry.push(target);
            }
        }
        out.entry(from).or_default();
    }
    out
}

/// Every source file under `root` (a crate's `src`), sorted by path.
pub fn read_sources(root: &Path) -> Vec<Source> {
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
pub fn without_tests(text: &str) -> String {
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
pub fn paths(code: &str, module: &[String], modules: &[Vec<String>]) -> Vec<Vec<String>> {
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
pub fn deepest_module(path: &[String], modules: &[Vec<String>]) -> Vec<String> {
    modules
        .iter()
        .filter(|module| path.starts_with(module))
        .max_by_key(|module| module.len())
        .cloned()
        .unwrap_or_default()
}

/// A cycle in the graph, as the modules along it with the first repeated at the end.
pub fn find_cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
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
