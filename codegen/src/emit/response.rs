//! Emits response structs: the method's success body and the objects nested in it.

use proc_macro2::TokenStream;
use quote::quote;

use super::field::{field_doc, rename_attr};
use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::{Field, Method, Struct, Ty};

/// Generates the `…Response` struct and the structs nested inside it.
pub(crate) fn emit_response(method: &Method) -> TokenStream {
    let mut doc = Doc::new();
    doc.trusted(&format!("The body of a successful `{}` call.", method.wire));
    doc.paragraph(&method.response.description);
    if method.async_job {
        doc.trusted("A success only means Slack queued the work; it finishes later.");
    }
    if !method.warnings.is_empty() {
        let codes: Vec<String> = method.warnings.iter().map(|w| format!("`{}`", w.wire)).collect();
        let warnings = format!("Slack documents these warnings for the method: {}.", codes.join(", "));
        // A one-line description takes the list as a trailing sentence; after anything
        // longer (a list or a code block may end it) it is a paragraph of its own.
        let one_line = !method.async_job && !method.response.description.trim().contains('\n');
        if one_line && !method.response.description.trim().is_empty() {
            doc.append(&format!(" {warnings}"));
        } else {
            doc.trusted(&warnings);
        }
    }
    let response = emit_struct(&method.response, &doc);
    let nested = method.nested.iter().map(emit_nested_struct);
    quote! {
        #response
        #( #nested )*
    }
}

/// Generates a struct for an object nested in a response or shared between responses.
pub(crate) fn emit_nested_struct(object: &Struct) -> TokenStream {
    let mut doc = Doc::new();
    if object.description.trim().is_empty() {
        doc.trusted(&format!("The `{}` object of a Slack response.", object.name));
    } else {
        doc.paragraph(&object.description);
    }
    emit_struct(object, &doc)
}

/// Generates one deserializable struct. Unknown fields are ignored, so Slack can add
/// fields without breaking callers; `#[non_exhaustive]` lets this crate add them too,
/// which is why the struct gets a constructor: callers cannot write a literal. It
/// serializes too, always: callers write what Slack answered out as JSON or CSV (the
/// `slack-sessions` tool does), and the fake Slack (feature `fake`) sends it.
fn emit_struct(object: &Struct, doc: &Doc) -> TokenStream {
    let name = ident(&object.name);
    let fields = object.fields.iter().map(emit_field);
    let constructor = emit_constructor(object);
    // A struct whose fields all start empty gets `Default` too, as clippy asks of a
    // type with an argument-free `new`.
    let derive_default =
        if object.fields.iter().any(|f| f.required && !f.nullable) { quote!() } else { quote!(Default,) };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default Deserialize, Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields ),*
        }

        impl #name {
            #constructor
        }
    }
}

/// `new` takes the fields the spec requires and cannot be null; the others start
/// empty and are set through their public fields.
fn emit_constructor(object: &Struct) -> TokenStream {
    let needed = |f: &&Field| f.required && !f.nullable;
    let params = object.fields.iter().filter(needed).map(|f| {
        let name = ident(&f.ident);
        let ty = &f.ty;
        if *ty == Ty::String {
            quote!(#name: impl Into<String>)
        } else {
            quote!(#name: #ty)
        }
    });
    let inits = object.fields.iter().map(|f| {
        let name = ident(&f.ident);
        match needed(&f) {
            true if f.ty == Ty::String => quote!(#name: #name.into()),
            true => quote!(#name),
            false => quote!(#name: Default::default()),
        }
    });
    quote! {
        /// Builds the value from the fields Slack always sends; the others start empty.
        pub fn new(#( #params ),*) -> Self {
            Self { #( #inits ),* }
        }
    }
}

fn emit_field(field: &Field) -> TokenStream {
    let doc = field_doc(field);
    let rename = rename_attr(field);
    let name = ident(&field.ident);
    let ty = &field.ty;
    // A missing or empty list or map reads as empty; a nullable one keeps `None` apart
    // from empty, because `null` cannot become a `Vec` or a map. A whole-body field takes
    // every key of the object it sits in.
    let (default, ty) = match ty {
        _ if field.flatten => (quote!(#[serde(flatten)]), quote!(#ty)),
        Ty::Vec(_) | Ty::Map(_) if !field.nullable => (quote!(#[serde(default)]), quote!(#ty)),
        _ if field.is_optional() => (TokenStream::new(), quote!(Option<#ty>)),
        _ => (TokenStream::new(), quote!(#ty)),
    };
    quote! {
        #doc
        #rename
        #default
        pub #name: #ty
    }
}
