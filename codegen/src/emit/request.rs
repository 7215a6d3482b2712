//! Emits request structs, their constructors and setters, and their `Method` implementations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{field_doc, ident, rename_attr};
use crate::docs::Doc;
use crate::ir::{Field, Method, RuleKind, Ty};

/// Generates the `…Request` struct with its constructor, setters and `Method` impl.
pub(crate) fn emit_request(method: &Method) -> TokenStream {
    let name = ident(&method.request.name);
    let doc = request_doc(method);
    let fields = method.request.fields.iter().map(emit_field);
    let derive_default = if required_fields(method).next().is_none() { quote!(Default,) } else { quote!() };
    let constructor = emit_constructor(method);
    let setters = method.request.fields.iter().filter(|f| f.is_optional()).map(emit_setter);
    let method_impl = emit_method_impl(method);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields ),*
        }

        impl #name {
            #constructor
            #( #setters )*
        }

        #method_impl
    }
}

fn request_doc(method: &Method) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!("The arguments of `{}`: {}", method.wire, method.summary.trim()));
    doc.paragraph(&method.request.description);
    let rules = method.rules.iter().filter(|rule| !rule.description.trim().is_empty());
    for rule in rules {
        doc.paragraph(&rule.description);
    }
    doc.trusted("Build it with `new`, set optional arguments with the setters, and send it with the matching `Client` method.");
    doc
}

fn required_fields(method: &Method) -> impl Iterator<Item = &Field> {
    method.request.fields.iter().filter(|f| !f.is_optional())
}

fn emit_field(field: &Field) -> TokenStream {
    let doc = field_doc(field);
    let rename = rename_attr(field);
    let name = ident(&field.ident);
    let ty = &field.ty;
    if field.is_optional() {
        quote! {
            #doc
            #rename
            #[serde(skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>
        }
    } else {
        quote! { #doc #rename pub #name: #ty }
    }
}

/// The parameter type and conversion for a value the caller hands in.
fn parameter(field: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&field.ident);
    match &field.ty {
        Ty::String => (quote!(impl Into<String>), quote!(#name.into())),
        Ty::Vec(item) if **item == Ty::String => {
            (quote!(impl IntoIterator<Item = impl Into<String>>), quote!(#name.into_iter().map(Into::into).collect()))
        }
        ty => (quote!(#ty), quote!(#name)),
    }
}

/// Generates `new`, which takes the required arguments and leaves optional ones unset.
fn emit_constructor(method: &Method) -> TokenStream {
    let params = required_fields(method).map(|field| {
        let name = ident(&field.ident);
        let (ty, _) = parameter(field);
        quote!(#name: #ty)
    });
    let inits = method.request.fields.iter().map(|field| {
        let name = ident(&field.ident);
        if field.is_optional() {
            return quote!(#name: None);
        }
        match parameter(field) {
            (_, value) if name == value.to_string() => quote!(#name),
            (_, value) => quote!(#name: #value),
        }
    });
    quote! {
        /// Builds the request from its required arguments; optional ones start unset.
        pub fn new( #( #params ),* ) -> Self {
            Self { #( #inits ),* }
        }
    }
}

/// Generates a by-value setter for one optional argument.
fn emit_setter(field: &Field) -> TokenStream {
    let name = ident(&field.ident);
    let (ty, value) = parameter(field);
    let wire = &field.wire;
    let summary = field.description.trim().lines().next().map(crate::docs::sanitize_line).unwrap_or_default();
    let doc = if summary.is_empty() { format!(" Sets `{wire}`.") } else { format!(" Sets `{wire}`: {summary}") };
    let deprecated = if field.deprecated {
        let note = format!("Slack deprecated `{wire}`; see the field's documentation for what replaces it");
        quote!(#[deprecated(note = #note)])
    } else {
        TokenStream::new()
    };
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// Generates the `Method` impl: the metadata constants, `validate` and `form_fields`.
fn emit_method_impl(method: &Method) -> TokenStream {
    let request = ident(&method.request.name);
    let response = ident(&method.response.name);
    let error = format_ident!("{}Error", method.type_stem);
    let wire = &method.wire;
    let scopes = &method.scopes;
    let tier = format_ident!("Tier{}", method.tier);
    let idempotent = method.idempotent;
    let validate = emit_validate_body(method);
    let form = emit_form_body(method);
    quote! {
        impl Method for #request {
            const NAME: &'static str = #wire;
            const SCOPES: &'static [&'static str] = &[ #( #scopes ),* ];
            const TIER: Tier = Tier::#tier;
            const IDEMPOTENT: bool = #idempotent;

            type Response = #response;
            type Error = #error;

            fn validate(&self) -> Result<(), ArgumentError> {
                #validate
            }

            fn form_fields(&self) -> Vec<(&'static str, String)> {
                #form
            }
        }
    }
}

/// The body of `validate`: one check per bounded argument, then one per rule.
fn emit_validate_body(method: &Method) -> TokenStream {
    let bounds = method.request.fields.iter().filter_map(emit_bounds_check);
    let rules = method.rules.iter().map(|rule| {
        let check = match rule.kind {
            RuleKind::AllOrNone => quote!(all_or_none),
            RuleKind::AtLeastOne => quote!(at_least_one),
            RuleKind::ExactlyOne => quote!(exactly_one),
        };
        let names = rule.args.iter().map(|(wire, _)| wire);
        let present = rule.args.iter().map(|(_, field)| {
            let field = ident(field);
            quote!(self.#field.is_some())
        });
        quote! { crate::validate::#check(Self::NAME, &[ #( #names ),* ], &[ #( #present ),* ])?; }
    });
    quote! {
        #( #bounds )*
        #( #rules )*
        Ok(())
    }
}

fn emit_bounds_check(field: &Field) -> Option<TokenStream> {
    let name = ident(&field.ident);
    let wire = &field.wire;
    let bounds = &field.bounds;
    // Optional lists are borrowed and optional integers copied, so `value` reads the same
    // in both arms; a required argument is read from `self` directly.
    let (value, check) = match &field.ty {
        Ty::Vec(_) if bounds.min_items.is_some() || bounds.max_items.is_some() => {
            let (min, max) = (bound(bounds.min_items), bound(bounds.max_items));
            let value = if field.is_optional() { quote!(value) } else { quote!(self.#name) };
            (quote!(&self.#name), quote!(crate::validate::item_count(Self::NAME, #wire, #value.len(), #min, #max)?;))
        }
        Ty::I64 | Ty::I32 if bounds.minimum.is_some() || bounds.maximum.is_some() => {
            let (min, max) = (bound(bounds.minimum), bound(bounds.maximum));
            let value = if field.is_optional() { quote!(value) } else { quote!(self.#name) };
            let value = if field.ty == Ty::I32 { quote!(i64::from(#value)) } else { value };
            (quote!(self.#name), quote!(crate::validate::int_range(Self::NAME, #wire, #value, #min, #max)?;))
        }
        _ => return None,
    };
    Some(if field.is_optional() {
        quote! { if let Some(value) = #value { #check } }
    } else {
        check
    })
}

/// `Some(n)` or `None` for one bound, with the literal typed as the check expects.
fn bound<T: quote::ToTokens>(bound: Option<T>) -> TokenStream {
    match bound {
        Some(bound) => quote!(Some(#bound)),
        None => quote!(None),
    }
}

/// The body of `form_fields`: required arguments first, then each optional one that is set.
fn emit_form_body(method: &Method) -> TokenStream {
    let required: Vec<TokenStream> = required_fields(method).map(|field| {
        let name = ident(&field.ident);
        let wire = &field.wire;
        quote!((#wire, crate::encode::FormValue::to_form(&self.#name)))
    }).collect();
    let optional: Vec<TokenStream> = method
        .request
        .fields
        .iter()
        .filter(|f| f.is_optional())
        .map(|field| {
            let name = ident(&field.ident);
            let wire = &field.wire;
            quote! {
                if let Some(value) = &self.#name {
                    fields.push((#wire, crate::encode::FormValue::to_form(value)));
                }
            }
        })
        .collect();
    // `Vec::from([...])` rather than `vec![...]`: prettyplease cannot format the inside
    // of a macro call, and the output should read as if rustfmt had been over it.
    let initial = if required.is_empty() { quote!(Vec::new()) } else { quote!(Vec::from([ #( #required ),* ])) };
    if optional.is_empty() {
        initial
    } else {
        quote! {
            let mut fields = #initial;
            #( #optional )*
            fields
        }
    }
}
