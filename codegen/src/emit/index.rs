//! Emits the index module that declares every method file, and the shared types file.

use proc_macro2::TokenStream;
use quote::quote;

use super::response::emit_nested_struct;
use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::Api;

/// Generates `mod.rs`: a module per method, the shared types, and their re-exports.
pub(super) fn emit_index(api: &Api) -> TokenStream {
    let mut doc = Doc::new();
    doc.trusted("The generated bindings: one module per Slack method, plus the types their responses share.");
    let doc = doc.inner();
    let modules: Vec<_> = api.methods.iter().map(|m| ident(&m.fn_name)).collect();
    let exports = api.methods.iter().map(|method| {
        let module = ident(&method.fn_name);
        let mut names = vec![method.request.name.clone(), method.response.name.clone(), method.error_name.clone()];
        names.extend(method.nested.iter().map(|s| s.name.clone()));
        names.sort();
        let names = names.iter().map(|n| ident(n));
        quote! { pub use self::#module::{ #( #names ),* }; }
    });
    let shared = if api.shared.is_empty() && api.enums.is_empty() {
        TokenStream::new()
    } else {
        let mut names: Vec<&str> = api.shared.iter().map(|s| s.name.as_str()).collect();
        names.extend(api.enums.iter().map(|e| e.name.as_str()));
        names.sort_unstable();
        let names = names.into_iter().map(ident);
        quote! {
            mod types;
            pub use self::types::{ #( #names ),* };
        }
    };
    let wires = api.methods.iter().map(|m| &m.wire);
    quote! {
        #doc

        #( mod #modules; )*
        mod shared_errors;
        #shared
        #( #exports )*

        /// Every Slack method this crate binds, sorted by name.
        pub const METHOD_NAMES: &[&str] = &[ #( #wires ),* ];
    }
}

/// Generates `shared_errors.rs`: the category of every error row the spec shares
/// between methods. It is a file of its own, beside the methods' files, so that they
/// read it from a sibling rather than from the index that declares them.
pub(super) fn emit_shared_errors(api: &Api) -> TokenStream {
    let mut doc = Doc::new();
    doc.trusted("The categories of the error rows the spec shares between methods.");
    let doc = doc.inner();
    let shared_codes = api.shared_categories.iter().map(|(code, _)| code);
    let shared_categories = api.shared_categories.iter().map(|(_, category)| ident(category.variant()));
    quote! {
        #doc
        use crate::runtime::ErrorCategory;

        /// The category of every error row the spec shares between methods, sorted by
        /// code. A method's error enum falls back to it for a code its own table does not
        /// list, since Slack can answer codes such as `token_expired` on any method.
        /// The runtime never reads it: each error enum hands it to `documented_error!`.
        pub(super) const SHARED_CATEGORIES: &[(&str, ErrorCategory)] = &[
            #( (#shared_codes, ErrorCategory::#shared_categories) ),*
        ];
    }
}

/// Generates `types.rs`: the object types that responses of several methods share.
pub(super) fn emit_shared(api: &Api) -> TokenStream {
    let mut doc = Doc::new();
    doc.trusted("Object types shared by the responses of several Slack methods.");
    if !api.enums.is_empty() {
        doc.append(" Also the string enums of arguments and responses.");
    }
    let doc = doc.inner();
    let structs = api.shared.iter().map(emit_nested_struct);
    let enums = api.enums.iter().map(super::enums::emit_enum);
    // Only structs derive `Deserialize` and `Serialize`; the import would be unused
    // without them.
    let import = if api.shared.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    };
    quote! {
        #doc
        #import
        #( #structs )*
        #( #enums )*
    }
}
