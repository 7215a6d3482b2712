//! Turns the IR into code: one `quote!` template per kind of item, for each Slack method's
//! file, the shared types and the index.
//!
//! Each submodule emits one kind of item, as a template that reads like the code it
//! emits. Emitted code names the hand-written runtime through one path,
//! `crate::runtime::…`, the crate's contract module for generated code, so the runtime
//! can move its items between modules without a change here or a regeneration.

mod batch;
mod client;
mod enums;
mod error;
mod field;
mod index;
mod request;
mod response;
mod tokens;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use self::tokens::ident;

use crate::docs::Doc;
use crate::ir::{Api, Method, Ty};
use crate::plan::FileJob;

/// Generates the code of one planned file.
pub(crate) fn emit_file(job: FileJob<'_>, api: &Api) -> TokenStream {
    match job {
        FileJob::Method(method) => emit_method(method, api),
        FileJob::Shared => index::emit_shared(api),
        FileJob::SharedErrors => index::emit_shared_errors(api),
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
        use crate::runtime::{ArgumentError, ErrorCategory, Method, RetryClass, Tier, UnknownCode};
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
