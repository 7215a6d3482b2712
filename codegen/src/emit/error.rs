//! Emits the per-method error enum: one variant per documented code, plus a fallback.

use std::fmt::Write as _;

use syn::{ImplItem, Type};

use crate::docs::{line_attr, literal_text, Doc};
use crate::ir::{Method, Retry};
use crate::layout::{self, Table, Verbatim};
use crate::naming::FALLBACK_VARIANT;
use crate::syntax;

/// The fallback variant's documentation.
const FALLBACK_DOC: &str = "A code the spec does not document for this method; [`code`](Self::code) names it.";

/// Generates `…Error`: the flat enum and the `const` tables its methods index (codes,
/// variants with retry classes and categories, descriptions, all in the spec's order, and
/// the method's name). The runtime's `documented_error!` writes the methods, which are the
/// same for every enum.
///
/// The emitted shape, for a method with codes `a` and `b`:
///
/// ```text
/// pub enum XError { A, B, Unknown(UnknownCode) }
/// impl XError {
///     pub const DOCUMENTED_CODES: &'static [&'static str] = &["a", "b"];
///     const ROWS: [(Self, RetryClass, ErrorCategory); 2] = [(Self::A, …), (Self::B, …)];
///     const DESCRIPTIONS: [&'static str; 2] = ["…", "…"];
///     const METHOD: &'static str = "x.method";
/// }
/// crate::method::documented_error!(XError);
/// ```
///
/// The enum and the three tables are laid out as text (see [`layout`]), not quoted: they
/// grow with the number of codes, and the rest of the file does not.
pub(crate) fn emit_error_enum(method: &Method, verbatim: &mut Verbatim) -> [syn::Item; 3] {
    let item = enum_item(method, verbatim);
    let count = method.errors.len();
    let codes = verbatim.table(Table::Strings(method.errors.iter().map(|code| literal_text(&code.wire)).collect()));
    let descriptions = verbatim
        .table(Table::Strings(method.errors.iter().map(|code| literal_text(code.description.trim())).collect()));
    let rows = method.errors.iter().map(|code| {
        vec![
            ["Self::", &code.variant].concat(),
            ["RetryClass::", retry_class(code.retry)].concat(),
            ["ErrorCategory::", code.category.variant()].concat(),
        ]
    });
    let rows = verbatim.table(Table::Tuples(rows.collect()));
    let row = syntax::ty_tuple([syntax::ty("Self"), syntax::ty("RetryClass"), syntax::ty("ErrorCategory")]);
    let constant = |doc: &str, public: bool, name: &str, ty: Type, value: syn::Expr| -> ImplItem {
        syntax::impl_const(vec![line_attr(doc)], public, name, ty, value)
    };
    let items = vec![
        constant(
            "The codes Slack documents for this method, in the order of its errors table.",
            true,
            "DOCUMENTED_CODES",
            syntax::ty_ref(Some("static"), syntax::ty_slice(syntax::static_str())),
            syntax::reference(codes),
        ),
        constant(
            "Each documented code's variant, retry class and category, in the same order.",
            false,
            "ROWS",
            syntax::ty_array(row, count),
            rows,
        ),
        constant(
            "What Slack's documentation says each documented code means, in the same order.",
            false,
            "DESCRIPTIONS",
            syntax::ty_array(syntax::static_str(), count),
            descriptions,
        ),
        constant(
            "The Slack method whose errors these are.",
            false,
            "METHOD",
            syntax::static_str(),
            syntax::lit_str(&method.wire),
        ),
    ];
    let name = syntax::ident(&method.error_name);
    let methods = syntax::impl_block(syn::Generics::default(), None, syntax::ty(&method.error_name), items);
    [item, methods, syntax::macro_item("crate::method::documented_error", quote::quote!(#name))]
}

/// The enum itself, laid out as text.
fn enum_item(method: &Method, verbatim: &mut Verbatim) -> syn::Item {
    let doc = enum_doc(method);
    verbatim.item(enum_text(method, &doc))
}

/// The enum as prettyplease prints it: its docs and attributes, then a line per variant.
fn enum_text(method: &Method, doc: &Doc) -> String {
    let mut out = String::with_capacity(256 * (method.errors.len() + 2));
    layout::doc_comment(doc, 0, &mut out);
    out.push_str("#[derive(Debug, Clone, PartialEq, Eq)]\n#[non_exhaustive]\n");
    let _ = writeln!(out, "pub enum {} {{", method.error_name);
    for code in &method.errors {
        variant_doc(code, &mut out);
        let _ = writeln!(out, "    {},", code.variant);
    }
    let _ = writeln!(out, "    /// {FALLBACK_DOC}\n    {FALLBACK_VARIANT}(UnknownCode),\n}}");
    out
}

/// Writes a variant's documentation: its code and what Slack says the code means. This is
/// `layout::doc_comment` of a `Doc` holding the same lines, written straight into the
/// text, because an enum has a variant for every documented code.
fn variant_doc(code: &crate::ir::ErrorCode, out: &mut String) {
    let description = code.description.trim();
    out.push_str("    /// `");
    out.push_str(&code.wire);
    out.push_str("`: ");
    crate::docs::sanitize_line_into(description.lines().next().unwrap_or_default(), out);
    // prettyplease trims a doc line's trailing spaces.
    out.truncate(out.trim_end_matches(' ').len());
    out.push('\n');
    let rest = description.split_once('\n').map_or("", |(_, rest)| rest);
    let mut doc = Doc::new();
    doc.paragraph(rest);
    if !doc.lines().is_empty() {
        out.push_str("    ///\n");
        layout::doc_comment(&doc, 4, out);
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
