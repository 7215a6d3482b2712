//! Every spec the generator accepts yields a crate that compiles and documents with no
//! warnings: the fixtures and a batch of random specs from the supported subset,
//! generated together into one scratch crate so that `cargo check` and `cargo doc` run
//! once.
//!
//! Random specs vary argument and field types (scalars, bounded and unique lists,
//! structured arguments, maps, nested objects, untyped values), which fields have
//! descriptions, names that are Rust keywords, error tables (empty ones too) and tiers.
//! `COMPILE_CASES=50 cargo test -p tests --test it compiles` tries more of them.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// The random specs compiled by default; `COMPILE_CASES` asks for more.
fn cases() -> usize {
    std::env::var("COMPILE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(6)
}

/// Argument names, some of them Rust keywords, which `naming` must escape.
const ARG_NAMES: &[&str] = &["user_id", "type", "limit", "ids", "settings", "filter", "match", "flag", "ratio", "tags"];
/// Response field names.
const FIELD_NAMES: &[&str] = &["id", "ref", "count", "items", "labels", "detail", "payload", "score", "enabled"];

/// The schema of one argument, as YAML flow text, and whether it is a scalar list (which
/// needs a form encoding).
fn argument_schema() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        Just(("{type: string}".to_owned(), false)),
        Just(("{type: boolean}".to_owned(), false)),
        (1i64..10, 10i64..1000).prop_map(|(min, max)| (
            format!("{{type: integer, format: int32, minimum: {min}, maximum: {max}}}"),
            false
        )),
        Just(("{type: number}".to_owned(), false)),
        (any::<bool>(), 1u32..5).prop_map(|(unique, min)| (
            format!("{{type: array, items: {{type: string}}, minItems: {min}, maxItems: 100, uniqueItems: {unique}}}"),
            true
        )),
        Just(("{type: array, items: {type: integer}, uniqueItems: true}".to_owned(), true)),
        Just(("{type: object, properties: {a: {type: string, description: A.}}}".to_owned(), false)),
        Just(("{type: array, items: {type: object, properties: {a: {type: string}}}}".to_owned(), false)),
        Just(("{type: object, additionalProperties: {type: string}}".to_owned(), false)),
        Just(("{example: 1}".to_owned(), false)),
        Just(("{type: string, enum: [asc, desc, self, Unknown]}".to_owned(), false)),
        Just(("{type: array, items: {type: string, enum: [a_b, c-d]}, uniqueItems: true}".to_owned(), true)),
    ]
}

/// The schema of one response field, as YAML flow text.
fn field_schema() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{type: string}".to_owned()),
        Just("{type: boolean, nullable: true}".to_owned()),
        Just("{type: integer, format: int64}".to_owned()),
        Just("{type: number}".to_owned()),
        Just("{type: array, items: {type: string}}".to_owned()),
        Just("{type: object, properties: {a: {type: string}, b: {type: array, items: {type: integer}}}}".to_owned()),
        Just("{type: array, items: {type: object, properties: {a: {type: boolean}}}}".to_owned()),
        Just("{type: object, additionalProperties: {type: integer}}".to_owned()),
        Just("{type: object, additionalProperties: {type: object, properties: {a: {type: string}}}}".to_owned()),
        Just("{type: object}".to_owned()),
        Just("{type: string, enum: [everyone, named_entities, no_one]}".to_owned()),
        Just("{type: array, items: {type: string, enum: [x, y]}}".to_owned()),
        Just("{}".to_owned()),
        Just("{type: array, items: {}}".to_owned()),
        Just("{$ref: '#/components/schemas/ResponseMetadata'}".to_owned()),
    ]
}

/// One property line: the name, then the schema with an optional description merged in.
fn property(name: &str, schema: &str, described: bool) -> String {
    let schema = match (described, schema) {
        (true, "{}") => "{description: Described.}".to_owned(),
        (true, schema) if !schema.starts_with("{$ref") => format!("{{description: 'Described.', {}", &schema[1..]),
        (_, schema) => schema.to_owned(),
    };
    format!("        {name}: {schema}\n")
}

/// A random method, as a whole spec with its own paths and schemas.
fn random_spec(index: usize) -> impl Strategy<Value = String> {
    let args = proptest::sample::subsequence(ARG_NAMES, 0..5).prop_flat_map(|names| {
        let n = names.len();
        (Just(names), prop::collection::vec((argument_schema(), any::<bool>(), any::<bool>()), n))
    });
    let fields = proptest::sample::subsequence(FIELD_NAMES, 0..5).prop_flat_map(|names| {
        let n = names.len();
        (Just(names), prop::collection::vec((field_schema(), any::<bool>(), any::<bool>()), n))
    });
    let codes = proptest::sample::subsequence(&["not_found", "too_many", "self", "fatal"][..], 0..4);
    (args, fields, codes, 1u8..5, any::<bool>())
        .prop_map(move |(args, fields, codes, tier, idempotent)| build(index, args, fields, codes, tier, idempotent))
}

type Args = (Vec<&'static str>, Vec<((String, bool), bool, bool)>);
type Fields = (Vec<&'static str>, Vec<(String, bool, bool)>);

fn build(index: usize, args: Args, fields: Fields, codes: Vec<&str>, tier: u8, idempotent: bool) -> String {
    let stem = format!("PropCase{index}");
    let mut request = String::new();
    let mut required = Vec::new();
    let mut encoding = String::new();
    for (name, ((schema, list), described, is_required)) in args.0.iter().zip(args.1) {
        request.push_str(&property(name, &schema, described));
        if is_required {
            required.push(*name);
        }
        if list {
            encoding.push_str(&format!("              {name}: {{style: form, explode: false}}\n"));
        }
    }
    let mut response = property("ok", "{type: boolean}", true);
    for (name, (schema, described, _)) in fields.0.iter().zip(fields.1) {
        response.push_str(&property(name, &schema, described));
    }
    let errors: String = codes
        .iter()
        .map(|code| format!("        - {{code: {code}, category: target, description: The {code} code.}}\n"))
        .collect();
    let errors = if errors.is_empty() { " []\n".to_owned() } else { format!("\n{errors}") };
    let encoding = if encoding.is_empty() { String::new() } else { format!("            encoding:\n{encoding}") };
    let properties =
        if request.is_empty() { "      properties: {}\n".to_owned() } else { format!("      properties:\n{request}") };
    format!(
        "openapi: 3.0.3
paths:
  /prop.case{index}.call:
    post:
      operationId: prop_case{index}_call
      summary: Random method {index}.
      description: A random method.
      security: [{{slackUserToken: ['admin.users:read']}}]
      x-slack-rate-limit-tier: {tier}
      x-slack-idempotent: {idempotent}
      requestBody:
        required: {body_required}
        content:
          application/x-www-form-urlencoded:
            schema: {{$ref: '#/components/schemas/{stem}Request'}}
{encoding}          application/json:
            schema: {{$ref: '#/components/schemas/{stem}Request'}}
      responses:
        '200':
          description: Done.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{stem}Response'}}
        default: {{$ref: '#/components/responses/SlackError'}}
      x-slack-errors:{errors}components:
  schemas:
    {stem}Request:
      type: object
      required: [{required}]
{properties}    {stem}Response:
      type: object
      required: [ok]
      properties:
{response}",
        body_required = !required.is_empty(),
        required = required.join(", "),
    )
}

/// The valid fixtures, whose methods and schemas have names of their own.
fn fixtures() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths.iter().map(|path| std::fs::read_to_string(path).expect("a fixture")).collect()
}

#[test]
fn accepted_specs_compile_and_document_cleanly() {
    let root = xtask::workspace_root();
    let mut runner = TestRunner::deterministic();
    let mut extras = fixtures();
    for index in 0..cases() {
        let spec = random_spec(index).new_tree(&mut runner).expect("a random spec").current();
        // Each random spec must be accepted on its own, with the real spec's shared parts.
        let merged = xtask::synth::merged_spec(&root, std::slice::from_ref(&spec)).expect("the specs merge");
        if let Err(diags) = codegen::generate(&merged, "random.yaml") {
            panic!("random spec {index} was rejected:\n{diags}\n{spec}");
        }
        extras.push(spec);
    }
    let merged = xtask::synth::merged_spec(&root, &extras).expect("the specs merge");
    if let Err(failure) = xtask::synth::check_spec(&root, "compile-check", &merged, "merged.yaml") {
        panic!("an accepted spec does not compile or document cleanly:\n{failure}");
    }
}
