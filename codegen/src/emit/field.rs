//! What the request and response structs' fields share: their documentation and their
//! wire-name attribute.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::Doc;
use crate::ir::{Field, Ty};

/// Documentation for one field: its description, then its example and default. A
/// one-line description takes them as trailing sentences, which keeps the generated files
/// short; a longer one, which may end in a list or a code block, gets them as a paragraph.
pub(crate) fn field_doc(field: &Field) -> Doc {
    let mut facts: Vec<String> = Vec::new();
    if let Some(example) = &field.example {
        facts.push(format!("Example: {}.", code_span(example)));
    }
    if let Some(default) = &field.default {
        facts.push(format!("Slack's default: {}.", code_span(default)));
    }
    if field.ty == Ty::Json {
        facts.push("Any JSON value.".to_owned());
    }
    let facts = facts.join(" ");
    let mut doc = Doc::new();
    // Every field is a documented item of a crate that denies missing docs, so a field
    // the spec left undescribed says so rather than breaking the build.
    let fallback;
    let text = if field.description.trim().is_empty() {
        fallback = format!("The `{}` field; the spec gives no description.", field.wire);
        &fallback
    } else {
        &field.description
    };
    let description = crate::docs::sanitize(text.trim());
    // A lone backtick in the description would pair up with the example's code span.
    match description.as_slice() {
        [line] if !facts.is_empty() && line.matches('`').count() % 2 == 0 => {
            doc.trusted(&format!("{line} {facts}"));
        }
        _ => {
            doc.paragraph(text);
            if !facts.is_empty() {
                doc.trusted(&facts);
            }
        }
    }
    if field.deprecated {
        doc.trusted("**Deprecated** by Slack: prefer the replacement the description names.");
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

/// `#[serde(rename = "…")]` when the wire name differs from the Rust name.
pub(crate) fn rename_attr(field: &Field) -> TokenStream {
    if field.wire == field.ident {
        TokenStream::new()
    } else {
        let wire = &field.wire;
        quote! { #[serde(rename = #wire)] }
    }
}
