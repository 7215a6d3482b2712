//! Turns the IR into token streams: one per Slack method file, the shared types and the index.
//!
//! Each submodule emits one kind of item. Emitted code names runtime items through
//! `crate::…` paths, so the generated files depend only on the hand-written runtime of the
//! crate they live in.

mod batch;
mod client;
mod error;
mod index;
mod request;
mod response;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::docs::Doc;
use crate::ir::{Api, Method, Ty};

pub use index::{emit_index, emit_shared};

/// Generates the whole file for one Slack method: its request, response and error types,
/// its `Method` implementation and its client method.
pub fn emit_method(method: &Method, api: &Api) -> TokenStream {
    let mut doc = Doc::new();
    doc.trusted(&format!("Bindings for the `{}` Slack method.", method.wire));
    doc.paragraph(&method.summary);
    let doc = doc.inner();
    let shared = shared_imports(method, api);
    let request = request::emit_request(method);
    let response = response::emit_response(method);
    let error = error::emit_error_enum(method);
    let client = client::emit_client_method(method);
    let batch = batch::emit_batched(method);
    quote! {
        #doc
        use crate::method::{ApiError, ArgumentError, ErrorCategory, Method, RetryClass, Tier, UnknownCode};
        use serde::{Deserialize, Serialize};
        #shared
        #request
        #response
        #error
        #client
        #batch
    }
}

/// The `use` line for shared response types this method's file names.
fn shared_imports(method: &Method, api: &Api) -> TokenStream {
    let mut used = BTreeSet::new();
    let structs = std::iter::once(&method.response).chain(&method.nested);
    for field in structs.flat_map(|s| &s.fields) {
        if let Some(name) = field.ty.named() {
            if api.shared.iter().any(|s| s.name == name) {
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
            Ty::Named(name) => Some(name),
            Ty::Vec(item) => item.named(),
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
        });
    }
}

/// Documentation for one field: its description, then its example and default.
pub(crate) fn field_doc(field: &crate::ir::Field) -> Doc {
    let mut doc = Doc::new();
    doc.paragraph(&field.description);
    if field.deprecated {
        doc.trusted("**Deprecated** by Slack: prefer the replacement the description names.");
    }
    if let Some(example) = &field.example {
        doc.trusted(&format!("Example: {}", code_span(example)));
    }
    if let Some(default) = &field.default {
        doc.trusted(&format!("Slack's default: {}", code_span(default)));
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
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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
