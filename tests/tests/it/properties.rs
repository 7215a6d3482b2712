//! The generator never panics, whatever it is fed, and whenever it accepts a spec every
//! file it returns parses as Rust.
//!
//! Three kinds of input: random bytes, random YAML-shaped text built from OpenAPI words,
//! and the real spec with a few nodes removed, duplicated, retyped or renamed. Case counts
//! stay modest so `cargo test` stays quick on two cores; the fuzz target in
//! `codegen/fuzz/` explores further.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_yaml::{Mapping, Value};

/// The number of cases: `default` unless `PROPTEST_CASES` asks for more (or fewer), as in
/// `PROPTEST_CASES=20000 cargo test -p tests --test it properties` for a longer hunt.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Runs the generator and checks the property.
fn check(text: &str) -> Result<(), TestCaseError> {
    if let Ok(files) = codegen::generate(text, "spec.yaml") {
        for file in files {
            if let Err(error) = syn::parse_file(&file.contents) {
                return Err(TestCaseError::fail(format!("`{}` does not parse: {error}\n{}", file.path, file.contents)));
            }
        }
    }
    Ok(())
}

/// Words that make random text look like a spec, so it reaches past the YAML parser.
const KEYS: &[&str] = &[
    "openapi",
    "info",
    "title",
    "version",
    "paths",
    "/a.b",
    "/a.bC",
    "post",
    "get",
    "operationId",
    "summary",
    "description",
    "security",
    "tok",
    "requestBody",
    "required",
    "content",
    "application/json",
    "application/x-www-form-urlencoded",
    "schema",
    "$ref",
    "responses",
    "'200'",
    "default",
    "x-slack-errors",
    "code",
    "retry",
    "category",
    "x-slack-rate-limit-tier",
    "x-slack-idempotent",
    "x-slack-arg-rules",
    "rule",
    "args",
    "x-slack-pagination",
    "cursor",
    "items",
    "empty-codes",
    "components",
    "schemas",
    "securitySchemes",
    "type",
    "scheme",
    "properties",
    "format",
    "nullable",
    "minimum",
    "maxItems",
    "encoding",
    "style",
    "explode",
    "enum",
];
const VALUES: &[&str] = &[
    "3.0.3",
    "x",
    "'1'",
    "true",
    "false",
    "2",
    "-1",
    "300",
    "~",
    "''",
    "[]",
    "{}",
    "[a, b]",
    "{type: string}",
    "object",
    "string",
    "array",
    "integer",
    "int32",
    "http",
    "bearer",
    "form",
    "transient",
    "target",
    "all-or-none",
    "'#/components/schemas/R'",
    "'#/components/schemas/'",
    "'#/components/x-slack-errors/e'",
    "[{tok: [s]}]",
    "\"\\r\\u0007 */ #[doc] <b> `x\"",
    "é✓",
    "&a x",
    "*a",
    "!!str 1",
    "|",
    "{a: [1, {b: '",
    "- -",
];

/// One line of YAML-shaped text: an indent, then a key and value, a list item, or noise.
fn yaml_line() -> impl Strategy<Value = String> {
    let key = proptest::sample::select(KEYS);
    let value = proptest::sample::select(VALUES);
    (0usize..5, key, value, 0u8..6).prop_map(|(depth, key, value, shape)| {
        let indent = "  ".repeat(depth);
        match shape {
            0 | 1 => format!("{indent}{key}: {value}"),
            2 => format!("{indent}{key}:"),
            3 => format!("{indent}- {key}: {value}"),
            4 => format!("{indent}- {value}"),
            _ => format!("{indent}{value}"),
        }
    })
}

/// The real spec, parsed once, with the path to every node in it.
fn real_spec() -> &'static (Value, Vec<Vec<Step>>) {
    static SPEC: OnceLock<(Value, Vec<Vec<Step>>)> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = xtask::workspace_root().join(xtask::DEFAULT_SPEC);
        let text = std::fs::read_to_string(path).expect("the spec is readable");
        let value: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
        let mut paths = Vec::new();
        collect_paths(&value, &mut Vec::new(), &mut paths);
        (value, paths)
    })
}

/// One step from a node to a child.
#[derive(Debug, Clone)]
enum Step {
    Key(Value),
    Index(usize),
}

fn collect_paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    let children: Vec<(Step, &Value)> = match value {
        Value::Mapping(map) => map.iter().map(|(k, v)| (Step::Key(k.clone()), v)).collect(),
        Value::Sequence(items) => items.iter().enumerate().map(|(i, v)| (Step::Index(i), v)).collect(),
        _ => Vec::new(),
    };
    for (step, child) in children {
        prefix.push(step);
        out.push(prefix.clone());
        collect_paths(child, prefix, out);
        prefix.pop();
    }
}

/// The node that holds the last step of `path`.
fn parent_mut<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Value::Mapping(map)) => map.get_mut(key)?,
            (Step::Index(index), Value::Sequence(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// What to do to one node.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    Remove,
    Duplicate,
    Retype(u8),
    Rename(u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        Just(Mutation::Duplicate),
        (0u8..8).prop_map(Mutation::Retype),
        (0u8..7).prop_map(Mutation::Rename),
    ]
}

fn retyped(original: &Value, choice: u8) -> Value {
    match choice {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::Number(7.into()),
        3 => Value::String("x".to_owned()),
        4 => Value::Sequence(Vec::new()),
        5 => Value::Mapping(Mapping::new()),
        6 => Value::Sequence(vec![original.clone()]),
        _ => Value::String("3".to_owned()),
    }
}

fn renamed(key: &str, choice: u8, sibling: Option<&str>) -> String {
    match choice {
        0 => key.to_uppercase(),
        1 => format!("{key}_x"),
        2 => String::new(),
        3 => format!("2{key}"),
        4 => format!("{key}é"),
        5 => sibling.unwrap_or("x").to_owned(),
        _ => key.replace('_', "-"),
    }
}

/// Applies one mutation at `path`, when the path still exists after earlier ones.
fn mutate(root: &mut Value, path: &[Step], mutation: Mutation) {
    let Some((last, parent_path)) = path.split_last() else { return };
    let Some(parent) = parent_mut(root, parent_path) else { return };
    match (parent, last) {
        (Value::Sequence(items), Step::Index(index)) if *index < items.len() => match mutation {
            Mutation::Remove => drop(items.remove(*index)),
            Mutation::Duplicate => items.insert(*index, items[*index].clone()),
            Mutation::Retype(choice) => items[*index] = retyped(&items[*index], choice),
            Mutation::Rename(_) => items.swap(0, *index),
        },
        (Value::Mapping(map), Step::Key(key)) if map.contains_key(key) => mutate_entry(map, key, mutation),
        _ => {}
    }
}

fn mutate_entry(map: &mut Mapping, key: &Value, mutation: Mutation) {
    match mutation {
        Mutation::Remove => drop(map.remove(key)),
        Mutation::Duplicate => {
            // A mapping cannot hold a key twice, so the value is copied over a sibling.
            let value = map[key].clone();
            if let Some(sibling) = map.keys().find(|k| *k != key).cloned() {
                map.insert(sibling, value);
            }
        }
        Mutation::Retype(choice) => {
            let value = retyped(&map[key], choice);
            map.insert(key.clone(), value);
        }
        Mutation::Rename(choice) => {
            let sibling = map.keys().find(|k| *k != key).and_then(Value::as_str).map(str::to_owned);
            let Some(value) = map.remove(key) else { return };
            let name = renamed(key.as_str().unwrap_or("k"), choice, sibling.as_deref());
            map.insert(Value::String(name), value);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn random_yaml_shaped_text(lines in proptest::collection::vec(yaml_line(), 0..40)) {
        check(&lines.join("\n"))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(96), ..ProptestConfig::default() })]

    #[test]
    fn mutated_real_spec(edits in proptest::collection::vec((any::<Index>(), mutation()), 1..4)) {
        let (spec, paths) = real_spec();
        let mut value = spec.clone();
        for (index, mutation) in edits {
            let path: &Vec<Step> = index.get(paths);
            mutate(&mut value, path, mutation);
        }
        let text = serde_yaml::to_string(&value).expect("a YAML value serializes");
        check(&text)?;
    }
}
