//! The tokens of the IR's names and types, which every emitter's template splices in.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::ir::Ty;

/// An identifier from a name the `naming` module already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
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
