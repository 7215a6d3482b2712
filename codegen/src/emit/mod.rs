//! Turns the IR into code: one `quote!` template per kind of item, for each Slack method's
//! file, the shared types and the index.
//!
//! Each submodule emits one kind of item, as a template that reads like the code it emits. Emitted code names runtime items through
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

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::docs::Doc;
use crate::ir::{Api, Method, Ty};
use crate::plan::FileJob;

/// Generates the code of one planned file.
pub(crate) fn emit_file(job: FileJob<'_>, api: &Api) -> TokenStream {
    match job {
        FileJob::Method(method) => emit_method(method, api),
        FileJob::Shared => index::emit_shared(api),
        FileJob::Index => index::emit_index(api),
    }
}

/// Generates the whole file for one Slack method: its request, response and error types,
/// its `Method` implementation and its client method.
fn emit_method(method: &Method, api: &Api) -> TokenStream {
    // The summary is one line (checked in `lower`), so the module's doc is one line too.
    let mut doc = Doc::new();
    let summary = crate::docs::sanitize_line(method.summary.trim());
    doc.trusted(&format!("Bindings for the `{}` Slack method: {summary}", method.wire));
    let doc = doc.inner();
    let shared = shared_imports(method, api);
    let request = request::emit_request(method);
    let response = response::emit_response(method);
    let error = error::emit_error_enum(method);
    let (batched_impl, batched_fn) = batch::emit_batched(method);
    let client = client::emit_client_method(method, batched_fn);
    quote! {
        #doc
        use crate::method::{ArgumentError, ErrorCategory, Method, RetryClass, Tier, UnknownCode};
        use serde::{Deserialize, Serialize};
        #shared
        #request
        #response
        #error
        #client
        #batched_impl
    }
}

/// The `use` line for the shared types (response objects and enums) this method's file names.
fn shared_imports(method: &Method, api: &Api) -> TokenStream {
    let mut used = BTreeSet::new();
    let structs = [&method.request, &method.response].into_iter().chain(&method.nested);
    for field in structs.flat_map(|s| &s.fields) {
        if let Some(name) = field.ty.named() {
            if api.shared.iter().any(|s| s.name == name) || api.enums.iter().any(|e| e.name == name) {
                used.insert(ident(name));
            }
        }
    }
    if used.is_empty() {
        return TokenStream::new();
    }
    let used = used.into_iter();
    quote! { use super::types::{ #(#used),* }; }
}

/// An identifier from a name the `naming` module already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
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
}

impl ToTokens for Ty {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Ty::String => quote!(String),
            Ty::Bool => quote!(bool),
            Ty::I32 => quote!(i32),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Vec(item) => quote!(Vec<#item>),
            Ty::Named(name) => ident(name).into_token_stream(),
            Ty::Json => quote!(serde_json::Value),
            Ty::Map(value) => quote!(std::collections::BTreeMap<String, #value>),
            Ty::Enum(name) => ident(name).into_token_stream(),
        });
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
pub(crate) fn rename_attr(field: &crate::ir::Field) -> TokenStream {
    if field.wire == field.ident {
        TokenStream::new()
    } else {
        let wire = &field.wire;
        quote! { #[serde(rename = #wire)] }
    }
}
