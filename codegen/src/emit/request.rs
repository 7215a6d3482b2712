//! Emits request structs, their constructors and setters, and their `Method` implementations.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::field::{field_doc, rename_attr};
use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::{ArgRule, Field, Method, RateLimit, RuleKind, Ty};

/// Generates the `…Request` struct with its constructor, setters and `Method` impl.
pub(crate) fn emit_request(method: &Method) -> TokenStream {
    let name = ident(&method.request.name);
    let doc = request_doc(method);
    let fields = method.request.fields.iter().map(emit_field);
    // `Default` would be the natural way to start a request without required arguments,
    // unless a rule demands one of several; then the constructors below are the way in.
    let has_choice = choice_rule(method).is_some();
    let derive_default =
        if required_fields(method).next().is_none() && !has_choice { quote!(Default,) } else { quote!() };
    let constructor = emit_constructors(method);
    let setters = method
        .request
        .fields
        .iter()
        .filter(|f| {
            f.is_optional() && !in_rule(method, f, RuleKind::ExactlyOne) && !in_rule(method, f, RuleKind::AllOrNone)
        })
        .map(emit_setter);
    let joint_setters = method.rules.iter().filter_map(|rule| {
        let name = rule.joint_setter.as_deref()?;
        Some(emit_joint_setter(method, rule, name))
    });
    let method_impl = emit_method_impl(method);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default Serialize)]
        #[cfg_attr(feature = "fake", derive(serde::Deserialize))]
        #[non_exhaustive]
        pub struct #name {
            #( #fields ),*
        }

        impl #name {
            #constructor
            #( #setters )*
            #( #joint_setters )*
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
    let constructors: Vec<String> = method.constructors.iter().map(|c| format!("`{}`", c.name)).collect();
    doc.trusted(&format!(
        "Build it with {}, set optional arguments with the setters, and send it with the matching `Client` method.",
        crate::docs::or_list(&constructors)
    ));
    doc
}

fn required_fields(method: &Method) -> impl Iterator<Item = &Field> {
    method.request.fields.iter().filter(|f| !f.is_optional())
}

fn emit_field(field: &Field) -> TokenStream {
    let mut doc = field_doc(field);
    if field.ty == Ty::Json {
        doc.trusted("A JSON body carries it as it is; a form body carries it as JSON text in the one field.");
    }
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

/// The first `exactly-one` or `at-least-one` rule, whose arguments pick between ways of
/// calling the method.
fn choice_rule(method: &Method) -> Option<&ArgRule> {
    method.rules.iter().find(|rule| rule.kind.is_choice())
}

fn in_rule(method: &Method, field: &Field, kind: RuleKind) -> bool {
    method.rules.iter().any(|rule| rule.kind == kind && rule.args.iter().any(|(_, ident)| *ident == field.ident))
}

fn field_named<'m>(method: &'m Method, ident: &str) -> Option<&'m Field> {
    method.request.fields.iter().find(|f| f.ident == ident)
}

/// Generates the constructors `lower` planned: `new`, which takes the required arguments,
/// or, when an `exactly-one` or `at-least-one` rule picks between arguments, one
/// `new_with_<argument>` per alternative.
fn emit_constructors(method: &Method) -> TokenStream {
    method
        .constructors
        .iter()
        .map(|constructor| {
            let chosen = constructor.chosen.as_ref().and_then(|(_, ident)| field_named(method, ident));
            emit_constructor(method, &constructor.name, chosen)
        })
        .collect()
}

fn emit_constructor(method: &Method, name: &str, chosen: Option<&Field>) -> TokenStream {
    let params = required_fields(method).chain(chosen).map(|field| {
        let name = ident(&field.ident);
        let (ty, _) = parameter(field);
        quote!(#name: #ty)
    });
    let inits = method.request.fields.iter().map(|field| {
        let name = ident(&field.ident);
        let (_, value) = parameter(field);
        let is_chosen = chosen.is_some_and(|c| c.ident == field.ident);
        match (field.is_optional(), is_chosen) {
            (true, true) => quote!(#name: Some(#value)),
            (true, false) => quote!(#name: None),
            _ if name == value.to_string() => quote!(#name),
            _ => quote!(#name: #value),
        }
    });
    let name = ident(name);
    let (doc, deprecated) = match chosen {
        None => (
            " Builds the request from its required arguments; optional ones start unset.".to_owned(),
            TokenStream::new(),
        ),
        Some(field) => {
            let rule = choice_rule(method);
            let choices: Vec<String> =
                rule.map(|r| r.args.iter().map(|(wire, _)| format!("`{wire}`")).collect()).unwrap_or_default();
            let need = match rule.map(|r| r.kind) {
                Some(RuleKind::AtLeastOne) => "one or more of",
                _ => "the one of",
            };
            let doc = format!(
                " Builds the request with `{}`, {need} {} that Slack needs; other optional arguments start unset.",
                field.wire,
                crate::docs::and_list(&choices)
            );
            (doc, deprecation(field))
        }
    };
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #name( #( #params ),* ) -> Self {
            Self { #( #inits ),* }
        }
    }
}

/// Generates one setter for the arguments of an `all-or-none` rule, which can then only
/// be set together.
fn emit_joint_setter(method: &Method, rule: &ArgRule, name: &str) -> TokenStream {
    let fields: Vec<&Field> = rule.args.iter().filter_map(|(_, ident)| field_named(method, ident)).collect();
    let name = ident(name);
    let wires: Vec<String> = fields.iter().map(|f| format!("`{}`", f.wire)).collect();
    let doc = format!(" Sets {} together: Slack takes them all or none of them.", crate::docs::and_list(&wires));
    let params = fields.iter().map(|field| {
        let name = ident(&field.ident);
        let (ty, _) = parameter(field);
        quote!(#name: #ty)
    });
    let assigns = fields.iter().map(|field| {
        let name = ident(&field.ident);
        let (_, value) = parameter(field);
        quote!(self.#name = Some(#value);)
    });
    quote! {
        #[doc = #doc]
        pub fn #name(mut self, #( #params ),*) -> Self {
            #( #assigns )*
            self
        }
    }
}

fn deprecation(field: &Field) -> TokenStream {
    if !field.deprecated {
        return TokenStream::new();
    }
    let note = format!("Slack deprecated `{}`; see the field's documentation for what replaces it", field.wire);
    quote!(#[deprecated(note = #note)])
}

/// Generates a by-value setter for one optional argument.
fn emit_setter(field: &Field) -> TokenStream {
    let name = ident(&field.ident);
    let (ty, value) = parameter(field);
    let wire = &field.wire;
    let summary = field.description.trim().lines().next().map(crate::docs::sanitize_line).unwrap_or_default();
    let doc = if summary.is_empty() { format!(" Sets `{wire}`.") } else { format!(" Sets `{wire}`: {summary}") };
    let deprecated = deprecation(field);
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
    let error = ident(&method.error_name);
    let wire = &method.wire;
    let scopes = &method.scopes;
    let tier = match method.rate {
        RateLimit::Tier(tier) => ident(&crate::naming::tier_variant(tier)).into_token_stream(),
        RateLimit::PerMinute { calls, burst } => {
            let burst = bound(burst);
            quote!(PerMinute { calls: #calls, burst: #burst })
        }
    };
    let idempotent = method.idempotent;
    let encodings = method.encodings.iter().map(|encoding| ident(encoding.variant()));
    let validate = emit_validate_body(method);
    let form = emit_form_body(method);
    quote! {
        impl Method for #request {
            const NAME: &'static str = #wire;
            const SCOPES: &'static [&'static str] = &[ #( #scopes ),* ];
            const TIER: Tier = Tier::#tier;
            const IDEMPOTENT: bool = #idempotent;
            const ENCODINGS: &'static [crate::runtime::Encoding] = &[ #( crate::runtime::Encoding::#encodings ),* ];

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
        quote! { crate::runtime::#check(Self::NAME, &[ #( #names ),* ], &[ #( #present ),* ])?; }
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
        Ty::Vec(_) if bounds.min_items.is_some() || bounds.max_items.is_some() || bounds.unique_items => {
            let value = if field.is_optional() { quote!(value) } else { quote!(self.#name) };
            let count = (bounds.min_items.is_some() || bounds.max_items.is_some()).then(|| {
                let (min, max) = (bound(bounds.min_items), bound(bounds.max_items));
                quote!(crate::runtime::item_count(Self::NAME, #wire, #value.len(), #min, #max)?;)
            });
            let unique =
                bounds.unique_items.then(|| quote!(crate::runtime::unique_items(Self::NAME, #wire, &#value)?;));
            (quote!(&self.#name), quote!(#count #unique))
        }
        Ty::I64 | Ty::I32 if bounds.minimum.is_some() || bounds.maximum.is_some() => {
            let (min, max) = (bound(bounds.minimum), bound(bounds.maximum));
            let value = if field.is_optional() { quote!(value) } else { quote!(self.#name) };
            let value = if field.ty == Ty::I32 { quote!(i64::from(#value)) } else { value };
            (quote!(self.#name), quote!(crate::runtime::int_range(Self::NAME, #wire, #value, #min, #max)?;))
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

/// The body of `form_fields`: required arguments first, then the optional ones, each as
/// its name and its text; `encode::form_fields` leaves out the optional ones not set.
fn emit_form_body(method: &Method) -> TokenStream {
    let optional = method.request.fields.iter().filter(|f| f.is_optional());
    let fields = required_fields(method).chain(optional).map(|field| {
        let name = ident(&field.ident);
        let wire = &field.wire;
        quote!((#wire, crate::runtime::field(&self.#name)))
    });
    quote!(crate::runtime::form_fields([ #( #fields ),* ]))
}
