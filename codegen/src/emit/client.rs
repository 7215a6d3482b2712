//! Emits the `Client` methods that send one Slack method's requests.

use syn::{Expr, ImplItem, Type};

use crate::docs::{line_attr, Doc};
use crate::ir::{Method, Pagination};
use crate::syntax::{self, FnSpec, SelfArg};

/// Generates `Client::<method>` and, for paginated methods, `Client::<method>_stream`:
///
/// ```text
/// impl crate::Client {
///     pub async fn x_y(&self, request: &XYRequest) -> Result<XYResponse, crate::Error<XYError>> {
///         self.call(request).await
///     }
///     pub fn x_y_stream(&self, request: XYRequest) -> impl futures_core::Stream<…> + Send + '_ { … }
/// }
/// impl crate::method::Paginated for XYRequest { … }
/// ```
///
/// `batched` is the method's batched form, when it has one (see `emit::batch`); every client
/// method of a Slack method goes into one `impl Client` block.
pub(crate) fn emit_client_method(method: &Method, batched: Option<ImplItem>) -> Vec<syn::Item> {
    let mut attrs = call_doc(method).attrs();
    if method.deprecated {
        attrs.push(syntax::attr_list("deprecated", quote::quote!(note = "Slack has deprecated this method")));
    }
    let output = syntax::generic_ty("Result", [syntax::ty(&method.response.name), error_ty(method)]);
    let call = syntax::awaited(syntax::method_call(syntax::expr_path("self"), "call", [syntax::expr_path("request")]));
    let mut call = FnSpec {
        attrs,
        public: true,
        name: &method.fn_name,
        receiver: SelfArg::Ref(None),
        params: vec![(syntax::ident("request"), syntax::ty_ref(None, syntax::ty(&method.request.name)))],
        output: Some(output),
        body: vec![syntax::tail(call)],
    }
    .build();
    call.sig.asyncness = Some(Default::default());
    let mut fns = vec![ImplItem::Fn(call)];
    fns.extend(emit_stream_method(method));
    fns.extend(batched);
    let mut items = vec![syntax::impl_block(syn::Generics::default(), None, syntax::ty("crate::Client"), fns)];
    items.extend(emit_paginated_impl(method));
    items
}

/// `crate::Error<…Error>`, the error of every call of `method`.
fn error_ty(method: &Method) -> Type {
    syntax::generic_ty("crate::Error", [syntax::ty(&method.error_name)])
}

fn call_doc(method: &Method) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!("Calls `{}`: {}", method.wire, method.summary.trim()));
    doc.paragraph(&method.description);
    let scopes: Vec<String> = method.scopes.iter().map(|s| format!("`{s}`")).collect();
    let mut facts = format!(
        "Needs the {} scope{}; rate limited at {}.",
        scopes.join(", "),
        if scopes.len() == 1 { "" } else { "s" },
        method.rate
    );
    if let Some(url) = &method.docs_url {
        facts.push_str(&format!(" Slack's reference: <{url}>."));
    }
    doc.paragraph(&facts);
    // Appended after sanitizing: the intra-doc links must stay links.
    doc.append(&format!(
        " Arguments are checked before anything is sent, and a Slack error arrives as [`{}`] inside \
         [`crate::Error`].",
        method.error_name
    ));
    if let Some(pagination) = method.pagination.as_ref().filter(|p| !p.empty_codes.is_empty()) {
        let codes: Vec<String> = pagination.empty_codes.iter().map(|(wire, _)| format!("`{wire}`")).collect();
        let (verb, pronoun) = if codes.len() == 1 { ("means", "it") } else { ("mean", "them") };
        doc.trusted(&format!(
            "{} {verb} there is nothing to list: this call returns {pronoun} as an error, \
             while [`{stream}`](crate::Client::{stream}) ends cleanly, with no items, on {pronoun}.",
            super::and_list(&codes),
            stream = pagination.stream_fn,
        ));
    }
    doc
}

/// Generates the stream over every item of every page, for methods the spec marks paginated.
fn emit_stream_method(method: &Method) -> Option<ImplItem> {
    let pagination = method.pagination.as_ref()?;
    let doc = format!(
        "Streams every item of `{}`, following the cursor from page to page until Slack \
         returns an empty one. Each page goes through the same checks, retries and pacing \
         as a single call; the first error ends the stream.",
        method.wire
    );
    let item = syntax::generic_ty("Result", [pagination.item_ty.syntax(), error_ty(method)]);
    let stream = syntax::generic_path("futures_core::Stream", [syntax::assoc("Item", item)]);
    let output =
        syntax::impl_trait([syntax::bound(stream), syntax::bound(syntax::path("Send")), syntax::lifetime_bound("_")]);
    let spec = FnSpec {
        attrs: vec![line_attr(&doc)],
        public: true,
        name: &pagination.stream_fn,
        receiver: SelfArg::Ref(None),
        params: vec![(syntax::ident("request"), syntax::ty(&method.request.name))],
        output: Some(output),
        body: vec![syntax::tail(syntax::method_call(
            syntax::expr_path("self"),
            "paginate",
            [syntax::expr_path("request")],
        ))],
    };
    Some(ImplItem::Fn(spec.build()))
}

/// Generates the `Paginated` impl that tells the runtime where the cursor and items are.
fn emit_paginated_impl(method: &Method) -> Option<syn::Item> {
    let pagination = method.pagination.as_ref()?;
    let (param, empty) = empty_result(method, pagination);
    // Each of these takes one argument and returns the value of one expression.
    let fn_item = |name, param: (&str, Type), output, body| {
        let params = vec![(syntax::ident(param.0), param.1)];
        FnSpec { params, ..FnSpec::new(name, SelfArg::None, Some(output), vec![syntax::tail(body)]) }.item()
    };
    let set_cursor = FnSpec {
        params: vec![(syntax::ident("cursor"), syntax::ty("String"))],
        ..FnSpec::new(
            "set_cursor",
            SelfArg::RefMut,
            None,
            vec![syntax::semi(syntax::assign(
                syntax::self_field(&pagination.cursor_field),
                syntax::some(syntax::expr_path("cursor")),
            ))],
        )
    };
    let items = vec![
        syntax::impl_type("Item", pagination.item_ty.syntax()),
        set_cursor.item(),
        fn_item(
            "next_cursor",
            ("response", syntax::ty_ref(None, syntax::ty("Self::Response"))),
            syntax::generic_ty("Option", [syntax::ty_ref(None, syntax::ty("str"))]),
            next_cursor(pagination),
        ),
        fn_item(
            "into_items",
            ("response", syntax::ty("Self::Response")),
            syntax::generic_ty("Vec", [syntax::ty("Self::Item")]),
            syntax::field(syntax::expr_path("response"), &pagination.items_field),
        ),
        fn_item("is_empty_result", (param, syntax::ty_ref(None, syntax::ty("Self::Error"))), syntax::ty("bool"), empty),
    ];
    let trait_path = syntax::path("crate::method::Paginated");
    Some(syntax::impl_block(syn::Generics::default(), Some(trait_path), syntax::ty(&method.request.name), items))
}

/// The parameter of `is_empty_result` and the test on it: whether the error is one of the
/// codes that mean there is nothing to list. With no such codes the error goes unread,
/// and the parameter's name says so.
fn empty_result(method: &Method, pagination: &Pagination) -> (&'static str, Expr) {
    if pagination.empty_codes.is_empty() {
        return ("_error", syntax::lit_bool(false));
    }
    let error = syntax::ident(&method.error_name);
    let variants = pagination.empty_codes.iter().map(|(_, variant)| syntax::ident(variant));
    ("error", syntax::macro_expr("matches", quote::quote!(error, #( #error::#variants )|*)))
}

/// The expression that reads the next page's cursor from `response`, through the
/// fields the spec names, optional ones included.
fn next_cursor(pagination: &Pagination) -> Expr {
    let mut next = syntax::expr_path("response");
    let last = pagination.next_cursor.len().saturating_sub(1);
    for (index, (field, optional)) in pagination.next_cursor.iter().enumerate() {
        let field = syntax::field(next, field);
        next = match (index == last, optional) {
            (false, true) => syntax::question(syntax::method_call(field, "as_ref", [])),
            (false, false) => field,
            (true, true) => syntax::method_call(field, "as_deref", []),
            (true, false) => syntax::some(syntax::method_call(field, "as_str", [])),
        };
    }
    next
}
