//! Emits response structs: the method's success body and the objects nested in it.

use super::{derive, fake_derive, field_doc, rename_attr};
use crate::docs::{line_attr, Doc};
use crate::ir::{Field, Method, Struct, Ty};
use crate::syntax::{self, FnSpec, SelfArg};

/// Generates the `…Response` struct and the structs nested inside it.
pub(crate) fn emit_response(method: &Method) -> Vec<syn::Item> {
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
    let mut items = emit_struct(&method.response, &doc).to_vec();
    items.extend(method.nested.iter().flat_map(emit_nested_struct));
    items
}

/// Generates a struct for an object nested in a response or shared between responses.
pub(crate) fn emit_nested_struct(object: &Struct) -> [syn::Item; 2] {
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
/// which is why the struct gets a constructor: callers cannot write a literal. The fake
/// Slack (feature `fake`) sends these structs, so they serialize under that feature.
fn emit_struct(object: &Struct, doc: &Doc) -> [syn::Item; 2] {
    let mut attrs = doc.attrs();
    // A struct whose fields all start empty gets `Default` too, as clippy asks of a
    // type with an argument-free `new`.
    attrs.push(if object.fields.iter().any(|f| f.required && !f.nullable) {
        derive(&["Debug", "Clone", "PartialEq", "Deserialize"])
    } else {
        derive(&["Debug", "Clone", "PartialEq", "Default", "Deserialize"])
    });
    attrs.push(fake_derive("serde::Serialize"));
    attrs.push(syntax::attr_word("non_exhaustive"));
    let declaration = syntax::public_struct(attrs, &object.name, object.fields.iter().map(emit_field));
    let constructor = syn::ImplItem::Fn(emit_constructor(object));
    [declaration, syntax::impl_block(syn::Generics::default(), None, syntax::ty(&object.name), vec![constructor])]
}

/// `new` takes the fields the spec requires and cannot be null; the others start
/// empty and are set through their public fields.
fn emit_constructor(object: &Struct) -> syn::ImplItemFn {
    let needed = |f: &&Field| f.required && !f.nullable;
    let params = object.fields.iter().filter(needed).map(|f| {
        let ty = if f.ty == Ty::String { syntax::impl_into_string() } else { f.ty.syntax() };
        (syntax::ident(&f.ident), ty)
    });
    let inits = object.fields.iter().map(|f| {
        let value = match needed(&f) {
            true if f.ty == Ty::String => Some(syntax::method_call(syntax::expr_path(&f.ident), "into", [])),
            true => None,
            false => Some(syntax::call("Default::default", [])),
        };
        syntax::field_value(&f.ident, value)
    });
    FnSpec {
        attrs: vec![line_attr("Builds the value from the fields Slack always sends; the others start empty.")],
        public: true,
        name: "new",
        receiver: SelfArg::None,
        params: params.collect(),
        output: Some(syntax::ty("Self")),
        body: vec![syntax::tail(syntax::struct_expr("Self", inits, None))],
    }
    .build()
}

fn emit_field(field: &Field) -> syn::Field {
    let mut attrs = field_doc(field).attrs();
    attrs.extend(rename_attr(field));
    let ty = field.ty.syntax();
    // A missing or empty list or map reads as empty; a nullable one keeps `None` apart
    // from empty, because `null` cannot become a `Vec` or a map. A whole-body field takes
    // every key of the object it sits in.
    let ty = match &field.ty {
        _ if field.flatten => {
            attrs.push(syntax::attr_list("serde", quote::quote!(flatten)));
            ty
        }
        Ty::Vec(_) | Ty::Map(_) if !field.nullable => {
            attrs.push(syntax::attr_list("serde", quote::quote!(default)));
            ty
        }
        _ if field.is_optional() => syntax::generic_ty("Option", [ty]),
        _ => ty,
    };
    syntax::public_field(attrs, &field.ident, ty)
}
