//! The fast reader: deserialises a spec that reads cleanly straight from its text, and
//! gives up at the first problem so that the tolerant reader can report them all.
//!
//! The tolerant reader (`reader`) first loads the text into a `serde_yaml::Value`, then
//! reads every [`Checked`] subtree by copying it into a new `Value` and deserialising that
//! through `serde_path_to_error`, so that a broken subtree is kept in place with its path.
//! That bookkeeping costs nearly half as much again as reading the YAML, and it is wasted
//! on a spec without problems, which is what every ordinary run reads. So [`parse`] first tries the whole
//! [`Document`] in strict mode: no intermediate `Value`, no paths, and [`Checked`] reads
//! its value directly, as `Checked::Ok`. Any problem fails the attempt, and the caller then
//! runs the tolerant reader from the start, which gives exactly the diagnostics it always
//! gave. The fast reader must therefore never accept a text that the tolerant reader would
//! read differently or record a problem in; the tests below and the fixtures check it.
//!
//! Two places need care because serde_yaml's direct deserializer is more lenient than its
//! `Value`: it reads any scalar (`123`, `true`, `~`) as a string, where a `Value` holds a
//! number, a boolean or null and refuses to become a string. In strict mode every string
//! of the model is therefore read through [`Text`], which accepts only what the `Value`
//! would have held as a string; and the top level and `components`, which the tolerant
//! reader takes apart by hand, have hand-written visitors here that fail wherever it would
//! record a problem: an unknown, repeated or non-string key, a missing required key, or a
//! `components` that is not a mapping.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_yaml::Value;

use super::model::{
    Checked, Components, Document, ErrorRow, ExternalDocs, Info, OrderedMap, PathItem, Response, Schema,
    SecurityScheme, Server, Tag, WarningRow,
};

thread_local! {
    /// Whether this thread is reading in strict mode, inside [`parse`]; read by
    /// [`Checked`](super::model::Checked) and [`Text`] to choose how they deserialise.
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is inside the fast attempt of [`parse`].
pub(super) fn strict() -> bool {
    STRICT.with(Cell::get)
}

/// A spec shorter than this is read on one thread: a second one would cost about as much
/// to start as it saved.
const SPLIT_FROM_BYTES: usize = 32 * 1024;

/// Reads `text` as a clean [`Document`], or returns `None` at the first problem of any
/// kind, without saying what it was: the tolerant reader then says it, with its path.
pub(super) fn parse(text: &str) -> Option<Document> {
    parse_split_from(text, SPLIT_FROM_BYTES)
}

/// [`parse`], reading the two halves of a text of at least `split_from` bytes on two
/// threads. Reading YAML is the one pass before emitting that is not spread over threads;
/// its two top-level halves (most often `paths` and `components`) do not depend on each
/// other, so two threads read them at once and the halves' keys are then put together.
fn parse_split_from(text: &str, split_from: usize) -> Option<Document> {
    let halves = if text.len() >= split_from { halves(text) } else { None };
    let slots = match halves {
        Some((first, second)) => read_halves(first, second)?,
        None => read_slots(text)?,
    };
    slots.finish::<serde_yaml::Error>().ok()
}

/// Reads one text, or one half of it, into the top-level keys it holds.
fn read_slots(text: &str) -> Option<DocumentSlots> {
    let read = in_strict_mode(|| serde_yaml::from_str::<StrictSlots>(text));
    read.ok().map(|StrictSlots(slots)| slots)
}

/// Reads the second half on another thread while this one reads the first, and puts
/// their keys together.
fn read_halves(first: &str, second: &str) -> Option<DocumentSlots> {
    let (first, second) = crate::parallel::join(|| read_slots(first), || read_slots(second));
    first?.merge(second.flatten()?)
}

/// Splits the text before the top-level key nearest its middle. `None` unless every line
/// that starts at the left margin is a comment or a plain `key:`, which rules out
/// directives, document markers and top-level flow or block scalars. A line that only
/// looks like a key, inside a quoted scalar or a flow collection continued at the margin,
/// leaves that value unterminated in the first half, which then fails to read and sends
/// the whole text to the tolerant reader: a wrong cut can cost time, never a result.
fn halves(text: &str) -> Option<(&str, &str)> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        match line.as_bytes().first() {
            None | Some(b' ' | b'#' | b'\n' | b'\r') => {}
            Some(_) if is_plain_key_line(line) => keys.push(offset),
            Some(_) => return None,
        }
        offset += line.len();
    }
    let middle = text.len() / 2;
    let split = keys.iter().skip(1).copied().min_by_key(|at| at.abs_diff(middle))?;
    Some(text.split_at(split))
}

/// `name:` followed by a space or the end of the line, with a name of letters, digits,
/// `_`, `-` and `.`: a top-level key with nothing that could continue past its line.
fn is_plain_key_line(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else { return false };
    let plain_name =
        !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    plain_name && (rest.is_empty() || rest.starts_with([' ', '\n', '\r']))
}

/// Runs `read` with the thread in strict mode, restoring the previous mode afterwards,
/// even if `read` panics, so that a later tolerant read on the thread is never strict.
fn in_strict_mode<R>(read: impl FnOnce() -> R) -> R {
    /// Puts the previous mode back when dropped.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|strict| strict.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|strict| strict.replace(true)));
    read()
}

/// A string of the model. Outside strict mode it reads exactly as `String` does; in strict
/// mode it reads through `deserialize_any`, so that serde_yaml resolves a plain scalar as
/// it would for a `Value` and only a scalar that a `Value` holds as a string is accepted.
pub(crate) struct Text(pub(crate) String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if strict() {
            deserializer.deserialize_any(StringOnly).map(Text)
        } else {
            String::deserialize(deserializer).map(Text)
        }
    }
}

/// Accepts a string and nothing else: a number, boolean, null, list, mapping or tagged
/// value fails, as each would fail to read as a string from a `Value`.
struct StringOnly;

impl<'de> Visitor<'de> for StringOnly {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }
}

/// `deserialize_with` helpers that read the model's strings through [`Text`].
pub(crate) mod text {
    use serde::{Deserialize, Deserializer};

    use super::Text;
    use crate::spec::model::OrderedMap;

    /// A required string.
    pub(crate) fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Text::deserialize(deserializer).map(|Text(text)| text)
    }

    /// An optional string; the field needs `#[serde(default)]` for a missing key.
    pub(crate) fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        Option::<Text>::deserialize(deserializer).map(|text| text.map(|Text(text)| text))
    }

    /// A list of strings.
    pub(crate) fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
        Vec::<Text>::deserialize(deserializer).map(|texts| texts.into_iter().map(|Text(text)| text).collect())
    }

    /// An operation's `security` requirements: each maps a scheme to its scopes.
    type Requirements = Vec<OrderedMap<Vec<String>>>;

    /// An operation's `security`: a list of mappings from scheme to a list of scopes.
    pub(crate) fn security<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Requirements>, D::Error> {
        let requirements = Option::<Vec<OrderedMap<Scopes>>>::deserialize(deserializer)?;
        Ok(requirements.map(|requirements| requirements.into_iter().map(scopes).collect()))
    }

    /// One scheme's scopes, read through [`list`].
    struct Scopes(Vec<String>);

    impl<'de> Deserialize<'de> for Scopes {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            list(deserializer).map(Scopes)
        }
    }

    fn scopes(OrderedMap(entries): OrderedMap<Scopes>) -> OrderedMap<Vec<String>> {
        OrderedMap(entries.into_iter().map(|(scheme, Scopes(scopes))| (scheme, scopes)).collect())
    }
}

/// The top-level keys of the document, or of one half of it, in strict mode: a mapping
/// (not a tagged one, not an empty document) with string keys, as the tolerant reader's
/// `Fields` requires.
struct StrictSlots(DocumentSlots);

impl<'de> Deserialize<'de> for StrictSlots {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

/// The `components` section in strict mode, under the same rules as the top level.
struct StrictComponents(Components);

impl<'de> Deserialize<'de> for StrictComponents {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ComponentsVisitor)
    }
}

/// Reads the top level key by key like `read_document`. It is driven by `deserialize_any`
/// and implements only `visit_map`, because `deserialize_map` would also take an empty
/// value as an empty mapping, where the tolerant reader reports that one was expected.
struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = StrictSlots;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OpenAPI document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictSlots, A::Error> {
        let mut d = DocumentSlots::default();
        while let Some(Text(key)) = map.next_key::<Text>()? {
            match key.as_str() {
                "openapi" => fill(&mut map, &mut d.openapi, |Text(text)| text)?,
                "info" => fill(&mut map, &mut d.info, identity)?,
                "servers" => fill(&mut map, &mut d.servers, identity)?,
                "tags" => fill(&mut map, &mut d.tags, identity)?,
                "externalDocs" => fill(&mut map, &mut d.external_docs, identity)?,
                "paths" => fill(&mut map, &mut d.paths, identity)?,
                "components" => fill(&mut map, &mut d.components, |StrictComponents(c)| c)?,
                "security" => fill(&mut map, &mut d.security, identity)?,
                "webhooks" => fill(&mut map, &mut d.webhooks, identity)?,
                _ => return Err(unknown(&key)),
            }
        }
        Ok(StrictSlots(d))
    }
}

/// The top-level keys read so far. Each holds what the tolerant reader's `Fields::take`
/// would return: `Some` exactly when the key is present, even when its value is null.
#[derive(Default)]
struct DocumentSlots {
    openapi: Option<String>,
    info: Option<Info>,
    servers: Option<Vec<Server>>,
    tags: Option<Vec<Tag>>,
    external_docs: Option<ExternalDocs>,
    paths: Option<OrderedMap<Checked<PathItem>>>,
    components: Option<Components>,
    security: Option<Value>,
    webhooks: Option<Value>,
}

impl DocumentSlots {
    /// The keys of two halves of one document; `None` if both hold a key, which the whole
    /// document would then repeat.
    fn merge(self, other: DocumentSlots) -> Option<DocumentSlots> {
        fn one<T>(first: Option<T>, second: Option<T>) -> Option<Option<T>> {
            match (first, second) {
                (Some(_), Some(_)) => None,
                (first, second) => Some(first.or(second)),
            }
        }
        Some(DocumentSlots {
            openapi: one(self.openapi, other.openapi)?,
            info: one(self.info, other.info)?,
            servers: one(self.servers, other.servers)?,
            tags: one(self.tags, other.tags)?,
            external_docs: one(self.external_docs, other.external_docs)?,
            paths: one(self.paths, other.paths)?,
            components: one(self.components, other.components)?,
            security: one(self.security, other.security)?,
            webhooks: one(self.webhooks, other.webhooks)?,
        })
    }

    /// The document, or an error when a key the tolerant reader requires is missing.
    fn finish<E: de::Error>(self) -> Result<Document, E> {
        if self.openapi.is_none() || self.info.is_none() || self.paths.is_none() {
            return Err(E::custom("a required top-level key is missing"));
        }
        Ok(Document {
            openapi: self.openapi,
            info: self.info,
            servers: self.servers.unwrap_or_default(),
            tags: self.tags.unwrap_or_default(),
            external_docs: self.external_docs,
            paths: self.paths,
            components: self.components.unwrap_or_default(),
            security: self.security,
            webhooks: self.webhooks,
            problems: Vec::new(),
        })
    }
}

/// Reads `components` key by key like `read_components`, with the same care as
/// [`DocumentVisitor`].
struct ComponentsVisitor;

impl<'de> Visitor<'de> for ComponentsVisitor {
    type Value = StrictComponents;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictComponents, A::Error> {
        let mut c = ComponentSlots::default();
        while let Some(Text(key)) = map.next_key::<Text>()? {
            match key.as_str() {
                "schemas" => fill(&mut map, &mut c.schemas, identity)?,
                "responses" => fill(&mut map, &mut c.responses, identity)?,
                "securitySchemes" => fill(&mut map, &mut c.security_schemes, identity)?,
                "x-slack-errors" => fill(&mut map, &mut c.slack_errors, identity)?,
                "x-slack-warnings" => fill(&mut map, &mut c.slack_warnings, identity)?,
                "parameters" => fill(&mut map, &mut c.parameters, identity)?,
                "requestBodies" => fill(&mut map, &mut c.request_bodies, identity)?,
                "headers" => fill(&mut map, &mut c.headers, identity)?,
                "examples" => fill(&mut map, &mut c.examples, identity)?,
                "links" => fill(&mut map, &mut c.links, identity)?,
                "callbacks" => fill(&mut map, &mut c.callbacks, identity)?,
                _ => return Err(unknown(&key)),
            }
        }
        Ok(StrictComponents(c.finish()))
    }
}

/// The `components` keys read so far, like [`DocumentSlots`].
#[derive(Default)]
struct ComponentSlots {
    schemas: Option<OrderedMap<Checked<Schema>>>,
    responses: Option<OrderedMap<Checked<Response>>>,
    security_schemes: Option<OrderedMap<Checked<SecurityScheme>>>,
    slack_errors: Option<OrderedMap<Checked<ErrorRow>>>,
    slack_warnings: Option<OrderedMap<Checked<WarningRow>>>,
    parameters: Option<Value>,
    request_bodies: Option<Value>,
    headers: Option<Value>,
    examples: Option<Value>,
    links: Option<Value>,
    callbacks: Option<Value>,
}

impl ComponentSlots {
    fn finish(self) -> Components {
        Components {
            schemas: self.schemas.unwrap_or_default(),
            responses: self.responses.unwrap_or_default(),
            security_schemes: self.security_schemes.unwrap_or_default(),
            slack_errors: self.slack_errors.unwrap_or_default(),
            slack_warnings: self.slack_warnings.unwrap_or_default(),
            parameters: self.parameters,
            request_bodies: self.request_bodies,
            headers: self.headers,
            examples: self.examples,
            links: self.links,
            callbacks: self.callbacks,
        }
    }
}

/// Reads the value of the key just read as `R`, converts it, and puts it in `slot`. A key
/// seen before fails: serde_yaml does not check repeated keys when it reads into a type
/// directly, and the tolerant reader reports them (its `Value` refuses them).
fn fill<'de, A, R, T>(map: &mut A, slot: &mut Option<T>, convert: impl FnOnce(R) -> T) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    R: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::custom("a key appears twice"));
    }
    *slot = Some(convert(map.next_value::<R>()?));
    Ok(())
}

fn identity<T>(value: T) -> T {
    value
}

/// The error for a key the tolerant reader would report as unknown.
fn unknown<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("unknown key `{key}`"))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::reader::parse_tolerantly;
    use super::super::Document;

    /// Whether the tolerant reader reads `document` without recording a problem anywhere:
    /// at the top level, or in any [`Checked`](super::Checked) value, whose `Debug` form
    /// is the only place an `Invalid` can appear in it.
    fn reads_cleanly(document: &Document) -> bool {
        document.problems.is_empty() && !format!("{document:?}").contains("Err(Invalid")
    }

    /// Reads `text` both ways and checks the fast reader's promise: it accepts only a text
    /// the tolerant reader reads cleanly, into the same document. Returns whether it did.
    #[track_caller]
    fn agrees(text: &str, label: &str) -> bool {
        // Read in halves at any size, the fast reader must give what it gives whole.
        let split = super::parse_split_from(text, 0);
        let Some(fast) = super::parse_split_from(text, usize::MAX) else {
            assert!(split.is_none(), "{label}: read in halves, the fast reader accepted what it refuses whole");
            return false;
        };
        let split =
            split.unwrap_or_else(|| panic!("{label}: read in halves, the fast reader refused what it reads whole"));
        assert_eq!(format!("{split:?}"), format!("{fast:?}"), "{label}: the halves read differently");
        let tolerant = match parse_tolerantly(text) {
            Ok(document) => document,
            Err(diags) => panic!("{label}: the fast reader accepted a text the tolerant one rejects:\n{diags}"),
        };
        assert!(reads_cleanly(&tolerant), "{label}: the fast reader accepted a text with problems: {tolerant:?}");
        assert_eq!(format!("{fast:?}"), format!("{tolerant:?}"), "{label}: the two readers disagree");
        true
    }

    /// Every `.yaml` file under `folder`, at any depth, sorted.
    fn yaml_files(folder: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(folder).expect("the fixtures folder is readable") {
            let path = entry.expect("the fixtures folder is readable").path();
            if path.is_dir() {
                files.extend(yaml_files(&path));
            } else if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
                files.push(path);
            }
        }
        files.sort();
        files
    }

    /// The real spec, every valid fixture and the corpus take the fast path, and give the
    /// tolerant reader's document; an invalid fixture takes it only if the tolerant reader
    /// finds nothing wrong either (its problems are then the lowering pass's to report),
    /// and every invalid fixture whose problem the reader finds is left to the tolerant one.
    #[test]
    fn the_fast_reader_agrees_with_the_tolerant_one_on_every_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = yaml_files(&root.join("tests/fixtures"));
        specs.push(root.join("spec/admin.users.session.yaml"));
        let (mut fast, mut tolerant) = (0, 0);
        for path in &specs {
            let label = path.display().to_string();
            let text = std::fs::read_to_string(path).expect("the fixture is readable");
            let invalid = path.parent().is_some_and(|parent| parent.ends_with("invalid"));
            let took_fast_path = agrees(&text, &label);
            let reads_cleanly = parse_tolerantly(&text).is_ok_and(|document| reads_cleanly(&document));
            assert_eq!(
                took_fast_path, reads_cleanly,
                "{label}: the fast path should be taken exactly when the spec reads cleanly"
            );
            assert!(took_fast_path || invalid, "{label}: a valid spec should take the fast path");
            if took_fast_path {
                fast += 1
            } else {
                tolerant += 1
            }
        }
        assert!(fast >= 20 && tolerant >= 20, "{fast} fast and {tolerant} tolerant reads: the fixtures moved?");
    }

    /// A spec with nothing in it, to which each case below adds one thing.
    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    /// Each text here has something the tolerant reader records as a problem, or rejects,
    /// and that serde_yaml's direct deserializer would let through unless told otherwise.
    #[test]
    fn the_fast_reader_refuses_what_the_tolerant_reader_reports() {
        let operation = |line: &str| format!("{MINIMAL}paths:\n  /a.b:\n    post:\n      {line}\n");
        let cases = [
            MINIMAL.to_owned(),
            format!("{MINIMAL}paths: {{}}\ncomponents:\n"),
            format!("{MINIMAL}paths: {{}}\ncomponents: !tagged {{}}\n"),
            format!("{MINIMAL}paths: {{}}\nx-extra: 1\n"),
            format!("{MINIMAL}paths: {{}}\n1: one\n"),
            format!("{MINIMAL}paths: {{}}\nexternalDocs:\n"),
            format!("{MINIMAL}paths: {{}}\npaths: {{}}\n"),
            format!("{MINIMAL}paths: {{}}\ncomponents: {{schemas: {{}}, schemas: {{}}}}\n"),
            format!("{MINIMAL}paths: {{}}\ncomponents: {{responses: {{200: {{description: d}}}}}}\n"),
            format!("{MINIMAL}paths: {{}}\ncomponents: {{x-slack-error: {{}}}}\n"),
            "openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: 1, version: '1'}\npaths: {}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: ~, version: '1'}\npaths: {}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0}\npaths: {}\n".to_owned(),
            format!("{MINIMAL}paths: {{}}\ntags: [{{name: true}}]\n"),
            operation("summary: 123"),
            operation("summary: false"),
            operation("tags: [1]"),
            operation("security: [{token: [2]}]"),
            operation("x-slack-arg-rules: [{rule: all-or-none, args: [1, b]}]"),
            operation("x-slack-rate-limit-tier: '2'"),
            operation("x-slack-idempotent: 'yes'"),
            operation("x-slack-errors: [{code: 1}]"),
            operation("responses: {200: {description: d}}"),
            operation("requestBody: {content: {a: {schema: {type: 1}}}}"),
            operation("requestBody: {content: {a: {schema: {required: [1]}}}}"),
        ];
        for (index, text) in cases.iter().enumerate() {
            assert!(!agrees(text, &format!("case {index}")), "case {index} took the fast path:\n{text}");
        }
    }

    /// The cut falls before a top-level key near the middle, and only where every line at
    /// the left margin is a plain key or a comment.
    #[test]
    fn the_text_is_cut_only_between_plain_top_level_keys() {
        let text = "openapi: 3.0.3\n# note\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let (first, second) = super::halves(text).expect("three plain keys");
        assert!(second.starts_with("info:") || second.starts_with("paths:"), "cut at {second:?}");
        assert_eq!(format!("{first}{second}"), text);
        for refused in ["a: 1\n---\nb: 2\n", "a: 1\n\tb: 2\n", "a: 1\nb:c\n", "a: 1\n", "[a, b]\n"] {
            assert!(super::halves(refused).is_none(), "cut {refused:?}");
        }
    }

    /// A key in both halves would be repeated in the whole text, which is a problem, and a
    /// value cut in two does not read; either way the text goes to the tolerant reader.
    #[test]
    fn a_key_in_both_halves_or_a_broken_half_is_refused() {
        let repeated = format!("{MINIMAL}paths: {{}}\nservers: []\nservers: []\n");
        assert!(super::parse_split_from(&repeated, 0).is_none());
        let quoted = "openapi: 3.0.3\npaths: {}\ninfo: {title: \"t\nservers: x\", version: '1'}\n";
        let (first, _) = super::halves(quoted).expect("three key-like lines");
        assert!(first.ends_with("\"t\n"), "the cut is inside the string: {first:?}");
        assert!(super::read_slots(first).is_none(), "an unterminated half does not read");
        assert!(super::parse_split_from(quoted, 0).is_none());
    }

    /// What the tolerant reader reads cleanly, the fast reader reads the same, including
    /// a present but empty value, which the tolerant reader keeps as present.
    #[test]
    fn the_fast_reader_keeps_present_empty_values() {
        let cases = [
            format!("{MINIMAL}paths: {{}}\nsecurity: ~\nwebhooks:\n"),
            format!("{MINIMAL}paths:\ncomponents: {{parameters: ~, schemas: {{A: {{type: string}}}}}}\n"),
            format!("{MINIMAL}paths: {{}}\nservers:\ntags: []\n"),
            format!("{MINIMAL}paths: {{'/a.b': {{post: {{summary: '123', tags: [a], security: [{{t: []}}]}}}}}}\n"),
        ];
        for (index, text) in cases.iter().enumerate() {
            assert!(agrees(text, &format!("case {index}")), "case {index} did not take the fast path:\n{text}");
        }
    }
}
