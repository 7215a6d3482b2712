//! Emits the per-method error enum: one variant per documented code, plus a fallback.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::{ErrorCode, Method, Retry};
use crate::naming::FALLBACK_VARIANT;

/// Generates `…Error`: the flat enum and the `const` tables its methods index (codes,
/// variants with retry classes and categories, descriptions, all in the spec's order, and
/// the method's name). The runtime's `documented_error!` writes the methods, which are the
/// same for every enum, so no code string sits in a `match` arm.
pub(crate) fn emit_error_enum(method: &Method) -> TokenStream {
    let name = ident(&method.error_name);
    let doc = enum_doc(method);
    let variants = method.errors.iter().map(|code| {
        let doc = variant_doc(code);
        let variant = ident(&code.variant);
        quote!(#doc #variant,)
    });
    let fallback = ident(FALLBACK_VARIANT);
    let wire = &method.wire;
    let count = Literal::usize_unsuffixed(method.errors.len());
    let codes = method.errors.iter().map(|code| &code.wire);
    let rows = method.errors.iter().map(|code| {
        let variant = ident(&code.variant);
        let retry = ident(retry_class(code.retry));
        let category = ident(code.category.variant());
        quote!((Self::#variant, RetryClass::#retry, ErrorCategory::#category))
    });
    let descriptions = method.errors.iter().map(|code| code.description.trim());
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A code the spec does not document for this method; [`code`](Self::code) names it.
            #fallback(UnknownCode),
        }

        impl #name {
            /// The codes Slack documents for this method, in the order of its errors table.
            pub const DOCUMENTED_CODES: &'static [&'static str] = &[ #( #codes ),* ];

            /// Each documented code's variant, retry class and category, in the same order.
            const ROWS: [(Self, RetryClass, ErrorCategory); #count] = [ #( #rows ),* ];

            /// What Slack's documentation says each documented code means, in the same order.
            const DESCRIPTIONS: [&'static str; #count] = [ #( #descriptions ),* ];

            /// The Slack method whose errors these are.
            const METHOD: &'static str = #wire;
        }

        crate::runtime::documented_error!(#name, super::shared_errors::SHARED_CATEGORIES);
    }
}

/// A variant's documentation: its code and what Slack says the code means.
fn variant_doc(code: &ErrorCode) -> Doc {
    let description = code.description.trim();
    let (first, rest) = description.split_once('\n').unwrap_or((description, ""));
    let mut doc = Doc::new();
    doc.trusted(&format!("`{}`: {}", code.wire, crate::docs::sanitize_line(first)));
    doc.paragraph(rest);
    doc
}

fn enum_doc(method: &Method) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!(
        "The errors Slack documents for `{}`, which it reports as \
         `{{\"ok\": false, \"error\": \"<code>\"}}`; a code it does not document lands in the \
         fallback variant, so a new code never fails a call's decoding.",
        method.wire
    ));
    doc
}

/// The `RetryClass` variant of a retry mark.
fn retry_class(retry: Retry) -> &'static str {
    match retry {
        Retry::Never => "Never",
        Retry::Transient => "Transient",
        Retry::RateLimited => "RateLimited",
        Retry::PartialSuccess => "PartialSuccess",
    }
}
