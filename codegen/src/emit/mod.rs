//! Turns the IR into token streams: one per Slack method file, the shared types and the index.
//!
//! Each submodule emits one kind of item. Emitted code names runtime items through
//! `crate::…` paths, so the generated files depend only on the hand-written runtime of the
//! crate they live in.

mod batch;
mod client;
mod enums;
mod error;
mod index;
mod request;
mod response;

use std::collections::BTreeSet;

use quote::quote;

use crate::docs::Doc;
use crate::ir::{Api, Method, Ty};
use crate::layout::Verbatim;
use crate::syntax;

use crate::plan::FileJob;

/// One planned file's code: its syntax tree, plus the text laid out directly that the
/// tree names by placeholder (see [`Verbatim`]).
pub(crate) struct Emitted {
    pub(crate) file: syn::File,
    pub(crate) verbatim: Verbatim,
}

impl Emitted {
    /// A file with `doc` as its own documentation and no items yet.
    fn new(doc: &Doc) -> Emitted {
        let file = syn::File { shebang: None, frontmatter: None, attrs: doc.inner(), items: Vec::new() };
        Emitted { file, verbatim: Verbatim::default() }
    }

    fn push(&mut self, item: syn::Item) {
        self.file.items.push(item);
    }

    fn extend(&mut self, items: impl IntoIterator<Item = syn::Item>) {
        self.file.items.extend(items);
    }
}

/// Generates the code of one planned file.
pub(crate) fn emit_file(job: FileJob<'_>, api: &Api) -> Emitted {
    match job {
        FileJob::Method(method) => emit_method(method, api),
        FileJob::Shared => index::emit_shared(api),
        FileJob::Index => index::emit_index(api),
    }
}

/// Generates the whole file for one Slack method: its request, response and error types,
/// its `Method` implementation and its client method.
fn emit_method(method: &Method, api: &Api) -> Emitted {
    // The summary is one line (checked in `lower`), so the module's doc is one line too.
    let mut doc = Doc::new();
    let summary = crate::docs::sanitize_line(method.summary.trim());
    doc.trusted(&format!("Bindings for the `{}` Slack method: {summary}", method.wire));
    let mut file = Emitted::new(&doc);
    file.push(syntax::use_item(
        false,
        "crate::method",
        ["ArgumentError", "ErrorCategory", "Method", "RetryClass", "Tier", "UnknownCode"],
    ));
    file.push(syntax::use_item(false, "serde", ["Deserialize", "Serialize"]));
    file.extend(shared_imports(method, api));
    file.extend(request::emit_request(method));
    file.extend(response::emit_response(method));
    let error = error::emit_error_enum(method, &mut file.verbatim);
    file.extend(error);
    let (batched_impl, batched_fn) = batch::emit_batched(method);
    file.extend(client::emit_client_method(method, batched_fn));
    file.extend(batched_impl);
    file
}

/// The `use` line for the shared types (response objects and enums) this method's file names.
fn shared_imports(method: &Method, api: &Api) -> Option<syn::Item> {
    let mut used = BTreeSet::new();
    let structs = [&method.request, &method.response].into_iter().chain(&method.nested);
    for field in structs.flat_map(|s| &s.fields) {
        if let Some(name) = field.ty.named() {
            if api.shared.iter().any(|s| s.name == name) || api.enums.iter().any(|e| e.name == name) {
                used.insert(name);
            }
        }
    }
    (!used.is_empty()).then(|| syntax::use_item(false, "super::types", used))
}

impl Ty {
    /// The struct this type names, looking through `Vec`.
    pub(crate) fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(name) | Ty::Enum(name) => Some(name),
            Ty::Vec(item) | Ty::Map(item) => item.named(),
            _ => None,
        }
    }

    /// The Rust type.
    pub(crate) fn syntax(&self) -> syn::Type {
        match self {
            Ty::String => syntax::ty("String"),
            Ty::Bool => syntax::ty("bool"),
            Ty::I32 => syntax::ty("i32"),
            Ty::I64 => syntax::ty("i64"),
            Ty::F64 => syntax::ty("f64"),
            Ty::Vec(item) => syntax::generic_ty("Vec", [item.syntax()]),
            Ty::Named(name) | Ty::Enum(name) => syntax::ty(name),
            Ty::Json => syntax::ty("serde_json::Value"),
            Ty::Map(value) => syntax::generic_ty("std::collections::BTreeMap", [syntax::ty("String"), value.syntax()]),
        }
    }
}

/// Documentation for one field: its description, then its example and default. A
/// one-line description takes them as trailing sentences, which keeps the generated files
/// short; a longer one, which may end in a list or a code block, gets them as a paragraph.
pub(crate) fn field_doc(field: &crate::ir::Field) -> Doc {
    let mut facts: Vec<String> = Vec::new();
    if let Some(example) = &field.example {
        facts.push(format!("Example: {}.", code_span(example)));
    }
    if let Some(default) = &field.default {
        facts.push(format!("Slack's default: {}.", code_span(default)));
    }
    if field.ty == Ty::Json {
        facts.push("Any JSON value.".to_owned());
    }
    let facts = facts.join(" ");
    let mut doc = Doc::new();
    // Every field is a documented item of a crate that denies missing docs, so a field
    // the spec left undescribed says so rather than breaking the build.
    let fallback;
    let text = if field.description.trim().is_empty() {
        fallback = format!("The `{}` field; the spec gives no description.", field.wire);
        &fallback
    } else {
        &field.description
    };
    let description = crate::docs::sanitize(text.trim());
    // A lone backtick in the description would pair up with the example's code span.
    match description.as_slice() {
        [line] if !facts.is_empty() && line.matches('`').count() % 2 == 0 => {
            doc.trusted(&format!("{line} {facts}"));
        }
        _ => {
            doc.paragraph(text);
            if !facts.is_empty() {
                doc.trusted(&facts);
            }
        }
    }
    if field.deprecated {
        doc.trusted("**Deprecated** by Slack: prefer the replacement the description names.");
    }
    doc
}

/// A value as inline code. An empty value would render as nothing at all, so it is
/// shown as the empty string literal instead; backticks inside would end the span.
fn code_span(value: &str) -> String {
    if value.is_empty() {
        "`\"\"`".to_owned()
    } else {
        format!("`{}`", value.replace('`', "'"))
    }
}

/// `a`, `a and b`, `a, b and c`: a list of names as a sentence says it.
pub(crate) fn and_list(items: &[String]) -> String {
    joined_list(items, "and")
}

/// `a`, `a or b`, `a, b or c`: a choice between names as a sentence says it.
pub(crate) fn or_list(items: &[String]) -> String {
    joined_list(items, "or")
}

fn joined_list(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// `#[serde(rename = "…")]` when the wire name differs from the Rust name.
pub(crate) fn rename_attr(field: &crate::ir::Field) -> Option<syn::Attribute> {
    let wire = &field.wire;
    (field.wire != field.ident).then(|| syntax::attr_list("serde", quote!(rename = #wire)))
}

/// `#[derive(…)]` with the given traits.
pub(crate) fn derive(traits: &[&str]) -> syn::Attribute {
    let traits = traits.iter().map(|name| syntax::ident(name));
    syntax::attr_list("derive", quote!(#( #traits ),*))
}

/// `#[cfg_attr(feature = "fake", derive(…))]`: the other serde direction, for the fake Slack.
pub(crate) fn fake_derive(path: &str) -> syn::Attribute {
    let path = syntax::path(path);
    syntax::attr_list("cfg_attr", quote!(feature = "fake", derive(#path)))
}
