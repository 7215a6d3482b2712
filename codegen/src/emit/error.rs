//! Emits the per-method error enum: one variant per documented code, plus a fallback.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::docs::Doc;
use crate::ir::{Category, Method, Retry};
use crate::naming::FALLBACK_VARIANT;

/// Generates `…Error` with `code`, `description`, `ApiError`, `Display` and `Error`.
pub(crate) fn emit_error_enum(method: &Method) -> TokenStream {
    let name = format_ident!("{}Error", method.type_stem);
    let fallback = ident(FALLBACK_VARIANT);
    // Wire names are letters, digits and dots (checked in `lower`), so they are safe
    // inside a format string.
    let display = format!("{} failed: {{}}", method.wire);
    let doc = enum_doc(method);
    let variants = method.errors.iter().map(|code| {
        let variant = ident(&code.variant);
        let mut doc = Doc::new();
        doc.trusted(&format!("`{}`: {}", code.wire, first_line(&code.description)));
        doc.paragraph(rest_lines(&code.description));
        quote! { #doc #variant }
    });
    let variant_idents: Vec<_> = method.errors.iter().map(|code| ident(&code.variant)).collect();
    let codes: Vec<&str> = method.errors.iter().map(|code| code.wire.as_str()).collect();
    let descriptions = method.errors.iter().map(|code| code.description.trim());
    let retry_arms = emit_retry_arms(method);
    let category_arms = emit_category_arms(method);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants, )*
            /// A code the spec does not document for this method. Slack adds codes over
            /// time; match on [`code`](Self::code) to handle one before this crate names it.
            #fallback(UnknownCode),
        }

        impl #name {
            /// The codes Slack documents for this method, in the order of its errors table.
            pub const DOCUMENTED_CODES: &'static [&'static str] = &[ #( #codes ),* ];

            /// The wire code, exactly as Slack sent it.
            pub fn code(&self) -> &str {
                match self {
                    #( Self::#variant_idents => #codes, )*
                    Self::#fallback(code) => code.as_str(),
                }
            }

            /// What Slack's documentation says the code means, when it is documented.
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #( Self::#variant_idents => Some(#descriptions), )*
                    Self::#fallback(_) => None,
                }
            }
        }

        impl ApiError for #name {
            fn from_code(code: &str) -> Self {
                match code {
                    #( #codes => Self::#variant_idents, )*
                    other => Self::#fallback(UnknownCode::new(other)),
                }
            }

            fn code(&self) -> &str {
                #name::code(self)
            }

            fn retry_class(&self) -> RetryClass {
                #retry_arms
            }

            fn category(&self) -> ErrorCategory {
                #category_arms
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, #display, self.code())
            }
        }

        impl std::error::Error for #name {}
    }
}

fn enum_doc(method: &Method) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!("The errors Slack documents for `{}`.", method.wire));
    doc.trusted(
        "Slack reports these as `{\"ok\": false, \"error\": \"<code>\"}`. The enum is \
         `#[non_exhaustive]` and keeps undocumented codes in its fallback variant, so a new \
         code never fails a call's decoding.",
    );
    doc
}

/// The `retry_class` body: one arm per retry class the spec marks, `Never` for the rest.
fn emit_retry_arms(method: &Method) -> TokenStream {
    let classes = [
        (Retry::Transient, quote!(Transient)),
        (Retry::RateLimited, quote!(RateLimited)),
        (Retry::PartialSuccess, quote!(PartialSuccess)),
    ];
    let arms: Vec<TokenStream> = classes
        .iter()
        .filter_map(|(retry, class)| {
            let variants: Vec<_> =
                method.errors.iter().filter(|code| code.retry == *retry).map(|code| ident(&code.variant)).collect();
            (!variants.is_empty()).then(|| quote! { #( Self::#variants )|* => RetryClass::#class, })
        })
        .collect();
    if arms.is_empty() {
        return quote!(RetryClass::Never);
    }
    quote! {
        match self {
            #( #arms )*
            _ => RetryClass::Never,
        }
    }
}

/// The `category` body: one arm per category the spec uses, in the order of the first
/// code of each, and `Undocumented` for the fallback.
fn emit_category_arms(method: &Method) -> TokenStream {
    let mut categories: Vec<Category> = Vec::new();
    for code in &method.errors {
        if !categories.contains(&code.category) {
            categories.push(code.category);
        }
    }
    let arms = categories.iter().map(|category| {
        let variants = method.errors.iter().filter(|code| code.category == *category).map(|code| ident(&code.variant));
        let class = ident(category.variant());
        quote! { #( Self::#variants )|* => ErrorCategory::#class, }
    });
    let fallback = ident(FALLBACK_VARIANT);
    quote! {
        match self {
            #( #arms )*
            Self::#fallback(_) => ErrorCategory::Undocumented,
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    crate::docs::sanitize_line(line)
}

fn rest_lines(text: &str) -> &str {
    let text = text.trim();
    text.split_once('\n').map_or("", |(_, rest)| rest)
}
