//! Emits the per-method error enum: one variant per documented code, plus a fallback.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, path_expr, str_array, Tables};
use crate::docs::Doc;
use crate::ir::{Method, Retry};
use crate::naming::FALLBACK_VARIANT;

/// Generates `…Error`: the flat enum, the `const` tables its methods index (codes,
/// variants with retry classes and categories, descriptions, all in the spec's order), and its
/// `ApiError`, `Display` and `Error` impls.
///
/// The emitted shape, for a method with codes `a` and `b`:
///
/// ```text
/// pub enum XError { A, B, Unknown(UnknownCode) }
/// impl XError {
///     pub const DOCUMENTED_CODES: &'static [&'static str] = &["a", "b"];
///     const ROWS: [(Self, RetryClass, ErrorCategory); 2] = [(Self::A, …), (Self::B, …)];
///     const DESCRIPTIONS: [&'static str; 2] = ["…", "…"];
///     fn row(&self) -> Option<usize> { /* position in ROWS */ }
///     pub fn code(&self) -> &str { /* DOCUMENTED_CODES[row], or the unknown code */ }
///     pub fn description(&self) -> Option<&'static str> { /* DESCRIPTIONS[row] */ }
/// }
/// ```
///
/// The three tables are built as syn expressions and kept in `tables`, not quoted: they
/// are most of the file's expressions, and parsing them back from tokens was the largest
/// single cost of formatting.
pub(crate) fn emit_error_enum(method: &Method, tables: &mut Tables) -> TokenStream {
    let name = ident(&method.error_name);
    let fallback = ident(FALLBACK_VARIANT);
    // Wire names are letters, digits and dots (checked in `lower`), so they are safe
    // inside a format string.
    let display = format!("{} failed: {{}}", method.wire);
    let doc = enum_doc(method);
    let variants: Vec<_> = method.errors.iter().map(|code| ident(&code.variant)).collect();
    let variant_docs = method.errors.iter().map(|code| {
        let mut doc = Doc::new();
        doc.trusted(&format!("`{}`: {}", code.wire, first_line(&code.description)));
        doc.paragraph(rest_lines(&code.description));
        doc
    });
    let count = proc_macro2::Literal::usize_unsuffixed(method.errors.len());
    let codes = str_array(method.errors.iter().map(|code| code.wire.as_str()));
    let codes = tables.defer(syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(codes),
    }));
    let descriptions = tables.defer(str_array(method.errors.iter().map(|code| code.description.trim())));
    let rows = method.errors.iter().map(|code| {
        let elems = [
            path_expr("Self", &code.variant),
            path_expr("RetryClass", retry_class(code.retry)),
            path_expr("ErrorCategory", code.category.variant()),
        ];
        syn::Expr::Tuple(syn::ExprTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems: elems.into_iter().collect(),
        })
    });
    let rows = tables.defer(syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: rows.collect(),
    }));
    // With no documented codes the fallback is the only variant, and a catch-all arm
    // after it would be unreachable.
    let documented_arm = if method.errors.is_empty() {
        TokenStream::new()
    } else {
        quote!(_ => self.row().map_or("", |row| Self::DOCUMENTED_CODES[row]),)
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A code the spec does not document for this method; [`code`](Self::code) names it.
            #fallback(UnknownCode),
        }

        impl #name {
            /// The codes Slack documents for this method, in the order of its errors table.
            pub const DOCUMENTED_CODES: &'static [&'static str] = #codes;

            /// Each documented code's variant, retry class and category, in the same order.
            const ROWS: [(Self, RetryClass, ErrorCategory); #count] = #rows;

            /// What Slack's documentation says each documented code means, in the same order.
            const DESCRIPTIONS: [&'static str; #count] = #descriptions;

            /// The variant's row in the tables, or `None` for an undocumented code.
            fn row(&self) -> Option<usize> {
                Self::ROWS.iter().position(|(documented, ..)| documented == self)
            }

            /// The wire code, exactly as Slack sent it.
            pub fn code(&self) -> &str {
                match self {
                    Self::#fallback(code) => code.as_str(),
                    #documented_arm
                }
            }

            /// What Slack's documentation says the code means, when it is documented.
            pub fn description(&self) -> Option<&'static str> {
                self.row().map(|row| Self::DESCRIPTIONS[row])
            }
        }

        impl ApiError for #name {
            fn from_code(code: &str) -> Self {
                match Self::DOCUMENTED_CODES.iter().position(|documented| *documented == code) {
                    Some(row) => Self::ROWS[row].0.clone(),
                    None => Self::#fallback(UnknownCode::new(code)),
                }
            }

            fn code(&self) -> &str {
                #name::code(self)
            }

            fn retry_class(&self) -> RetryClass {
                self.row().map_or(RetryClass::Never, |row| Self::ROWS[row].1)
            }

            fn category(&self) -> ErrorCategory {
                self.row().map_or(ErrorCategory::Undocumented, |row| Self::ROWS[row].2)
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

fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    crate::docs::sanitize_line(line)
}

fn rest_lines(text: &str) -> &str {
    let text = text.trim();
    text.split_once('\n').map_or("", |(_, rest)| rest)
}
