//! Checks that need the whole lowered API, and the clean-up of free text before emitting.
//!
//! Names are checked per method while lowering; what only shows once every method is
//! lowered lives here: two methods (or a method and a shared schema) that would emit the
//! same Rust item, and names that would clash with what the runtime already defines.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::ir::{Api, Method, RuleKind, Struct};
use crate::path::DocPath;

/// Names the generated method files import or use unqualified: the runtime items each file
/// imports, serde's derives, and the prelude types the emitted fields and signatures name.
/// A generated type of one of these names would shadow or clash with it.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "ApiError",
    "ArgumentError",
    "Method",
    "RetryClass",
    "Tier",
    "UnknownCode",
    "Serialize",
    "Deserialize",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
];

/// The runtime's own `Client` methods. A Slack method whose client method would take one of
/// these names cannot be generated into the same `impl Client`. The tests keep this list in
/// step with `generated/src/`.
pub const RESERVED_CLIENT_FNS: &[&str] = &[
    "new",
    "builder",
    "call",
    "call_with",
    "call_answered",
    "call_inner",
    "call_unless_stopped",
    "send_isolating",
    "pace",
    "list_sessions",
    "list_scope",
    "with_rotation",
    "run",
    "attempt",
    "pause",
    "give_up",
    "fetch_page",
    "batched",
    "bulk_pacer",
    "base_url",
    "job_owner",
    "apply_plan",
    "confirm_resets",
    "pacing",
    "sweep",
    "sweep_matches",
    "sweep_with",
    "plan_sweep",
    "run_plan",
    "resume_sweep",
    "resume_sweep_with",
    "batched_journaled",
    "resume_batched",
    "run_batch",
    "send_logged",
    "pages",
    "pages_with",
    "paginate",
    "paginate_with",
];

/// Reports every Rust name the API would define twice, or that the runtime already takes.
/// `shared` is keyed by schema name (`Name`, or `Name/Inner` for an object nested in one).
pub(super) fn check_api(
    diags: &mut Diagnostics,
    methods: &[Method],
    shared: &BTreeMap<String, Option<Struct>>,
    enums: &[(DocPath, crate::ir::Enum)],
) {
    check_type_names(diags, methods, shared, enums);
    check_client_fns(diags, methods);
    for method in methods {
        check_request_fns(diags, method);
    }
}

fn method_path(method: &Method) -> DocPath {
    DocPath::at("paths").key(&format!("/{}", method.wire))
}

fn check_type_names(
    diags: &mut Diagnostics,
    methods: &[Method],
    shared: &BTreeMap<String, Option<Struct>>,
    enums: &[(DocPath, crate::ir::Enum)],
) {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |diags: &mut Diagnostics, name: &str, path: DocPath, what: String| {
        if RESERVED_TYPE_NAMES.contains(&name) {
            let message =
                format!("{what} would be the Rust type `{name}`, which the generated code already uses; rename it");
            diags.error(path, message);
        } else if let Some(other) = owners.insert(name.to_owned(), what.clone()) {
            diags.error(path, format!("{what} and {other} both become the Rust type `{name}`; rename one of them"));
        }
    };
    let mut stems: BTreeMap<&str, &str> = BTreeMap::new();
    for method in methods {
        let stem = &method.type_stem;
        if let Some(other) = stems.insert(stem, &method.wire) {
            // One message for the three types two methods share, rather than three.
            let message = format!(
                "`{}` and `{other}` both become the Rust types `{}`, `{}` and `{}`; rename one of them",
                method.wire, method.request.name, method.response.name, method.error_name
            );
            diags.error(method_path(method), message);
            continue;
        }
        let types =
            [("request", &method.request.name), ("response", &method.response.name), ("error", &method.error_name)];
        for (kind, name) in types {
            let what = format!("the {kind} type of `{}`", method.wire);
            claim(diags, name, method_path(method), what);
        }
        for nested in &method.nested {
            let what = format!("an object nested in the response of `{}`", method.wire);
            claim(diags, &nested.name, method_path(method), what);
        }
    }
    for (key, object) in shared {
        let Some(object) = object else { continue };
        let schema = key.split('/').next().unwrap_or(key);
        let what = format!("the schema `{key}`");
        claim(diags, &object.name, DocPath::at("components").key("schemas").key(schema), what);
    }
    for (at, found) in enums {
        claim(diags, &found.name, at.clone(), format!("the `enum` at `{}`", at.as_str()));
    }
}

fn check_client_fns(diags: &mut Diagnostics, methods: &[Method]) {
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    for method in methods {
        let mut names = vec![method.fn_name.clone()];
        names.extend(method.pagination.as_ref().map(|pagination| pagination.stream_fn.clone()));
        names.extend(method.batch.as_ref().map(|batch| batch.fn_name.clone()));
        for name in names {
            if RESERVED_CLIENT_FNS.contains(&name.as_str()) {
                let message = format!(
                    "`{}` would become `Client::{name}`, which the runtime already defines; rename the method",
                    method.wire
                );
                diags.error(method_path(method), message);
            } else if let Some(other) = owners.insert(name.clone(), &method.wire) {
                if other != method.wire {
                    let message = format!("`{}` and `{other}` both become `Client::{name}`", method.wire);
                    diags.error(method_path(method), message);
                }
            }
        }
    }
}

/// The request type gets a constructor, one setter per free optional argument and one joint
/// setter per `all-or-none` rule (see `emit::request`); their names must not clash.
fn check_request_fns(diags: &mut Diagnostics, method: &Method) {
    let in_rule = |ident: &str, kind: RuleKind| {
        method.rules.iter().any(|rule| rule.kind == kind && rule.args.iter().any(|(_, i)| i == ident))
    };
    let mut names: Vec<(String, String)> = Vec::new();
    for constructor in &method.constructors {
        let what = match &constructor.chosen {
            None => "the constructor".to_owned(),
            Some((wire, _)) => format!("the constructor for `{wire}`"),
        };
        names.push((constructor.name.clone(), what));
    }
    for field in &method.request.fields {
        let free = !in_rule(&field.ident, RuleKind::ExactlyOne) && !in_rule(&field.ident, RuleKind::AllOrNone);
        if field.is_optional() && free {
            names.push((field.ident.clone(), format!("the setter for `{}`", field.wire)));
        }
    }
    for setter in method.rules.iter().filter_map(|rule| rule.joint_setter.as_ref()) {
        names.push((setter.clone(), "a joint setter of an `all-or-none` rule".to_owned()));
    }
    let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, what) in &names {
        if let Some(other) = owners.insert(name, what) {
            let message =
                format!("in `{}`, {what} and {other} are both named `{name}`; rename the argument", method.wire);
            diags.error(method_path(method).key("post").key("requestBody"), message);
        }
    }
}

/// Normalizes every piece of free text the emitters put into documentation: line breaks
/// become `\n`, and other control characters, which would make a doc comment unparsable
/// (a bare carriage return) or invisible, are dropped, as are the codepoints that change
/// the direction of text, which rustc rejects in comments and string literals.
pub(super) fn clean_text(api: &mut Api) {
    for method in &mut api.methods {
        clean(&mut method.summary);
        clean(&mut method.description);
        for object in std::iter::once(&mut method.request).chain(Some(&mut method.response)).chain(&mut method.nested) {
            clean_struct(object);
        }
        method.errors.iter_mut().for_each(|code| clean(&mut code.description));
        method.warnings.iter_mut().for_each(|warning| clean(&mut warning.description));
        method.rules.iter_mut().for_each(|rule| clean(&mut rule.description));
    }
    api.shared.iter_mut().for_each(clean_struct);
}

fn clean_struct(object: &mut Struct) {
    clean(&mut object.description);
    for field in &mut object.fields {
        clean(&mut field.description);
    }
}

fn clean(text: &mut String) {
    let unwanted = |c: char| (c.is_control() && c != '\n' && c != '\t') || crate::docs::is_bidi_control(c);
    if !text.chars().any(unwanted) {
        return;
    }
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    *text = normalized.chars().filter(|&c| !unwanted(c) || c == '\n').collect();
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn control_characters_leave_descriptions() {
        let cases = [
            ("plain", "plain"),
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\nb"),
            ("bell\u{7} and nul\u{0}", "bell and nul"),
            ("tab\tstays", "tab\tstays"),
            ("right\u{202e}to-left \u{2066}isolate\u{2069}", "rightto-left isolate"),
            ("ünïcödé ✓", "ünïcödé ✓"),
            ("© 2026 — “quoted” · next\u{85}line\u{9f}", "© 2026 — “quoted” · nextline"),
        ];
        for (input, expected) in cases {
            let mut text = input.to_owned();
            clean(&mut text);
            assert_eq!(text, expected, "cleaning {input:?}");
        }
    }
}
