//! Emits the batched form of a method whose array argument may be split across calls.

use proc_macro2::Literal;
use syn::ImplItem;

use crate::docs::Doc;
use crate::ir::{Batch, Method};
use crate::syntax::{self, FnSpec, SelfArg};

/// Generates the `Batched` impl of the request type and `Client::<method>_batched`, for
/// methods the spec marks with `x-slack-batch`; nothing for the others. The client method
/// comes back on its own so that it joins the method's one `impl Client` block:
///
/// ```text
/// impl crate::Batched for XRequest {
///     const SPLIT_ARG: &'static str = "user_ids";
///     const MAX_PER_CALL: usize = 1000;
///     fn with_ids(&self, ids: Vec<String>) -> Self { Self { user_ids: ids, ..self.clone() } }
/// }
/// pub fn x_batched<'a>(&'a self, user_ids: impl IntoIterator<…>, template: XRequest)
///     -> crate::BatchStream<'a, crate::BatchOutcome<XRequest>> { self.batched(user_ids, template) }
/// ```
pub(crate) fn emit_batched(method: &Method) -> (Option<syn::Item>, Option<ImplItem>) {
    match &method.batch {
        Some(batch) => (Some(batched_impl(method, batch)), Some(batched_fn(method, batch))),
        None => (None, None),
    }
}

fn batched_impl(method: &Method, batch: &Batch) -> syn::Item {
    let with_ids = syntax::struct_expr(
        "Self",
        [syntax::field_value(&batch.ident, Some(syntax::expr_path("ids")))],
        Some(syntax::method_call(syntax::expr_path("self"), "clone", [])),
    );
    let with_ids = FnSpec {
        params: vec![(syntax::ident("ids"), syntax::generic_ty("Vec", [syntax::ty("String")]))],
        ..FnSpec::new("with_ids", SelfArg::Ref(None), Some(syntax::ty("Self")), vec![syntax::tail(with_ids)])
    };
    let max = syntax::lit_int(Literal::u32_unsuffixed(batch.max_per_call));
    let items = vec![
        syntax::impl_const(Vec::new(), false, "SPLIT_ARG", syntax::static_str(), syntax::lit_str(&batch.wire)),
        syntax::impl_const(Vec::new(), false, "MAX_PER_CALL", syntax::ty("usize"), max),
        with_ids.item(),
    ];
    let trait_path = Some(syntax::path("crate::Batched"));
    syntax::impl_block(syn::Generics::default(), trait_path, syntax::ty(&method.request.name), items)
}

fn batched_fn(method: &Method, batch: &Batch) -> ImplItem {
    let request = &method.request.name;
    let outcome = syntax::generic_ty("crate::BatchOutcome", [syntax::ty(request)]);
    let lifetime = syn::GenericArgument::Lifetime(syntax::lifetime("a"));
    let stream = syntax::generic_path("crate::BatchStream", [lifetime, syn::GenericArgument::Type(outcome)]);
    let args = [syntax::expr_path(&batch.ident), syntax::expr_path("template")];
    let mut client_fn = FnSpec {
        attrs: batched_doc(method, &batch.wire, batch.max_per_call).attrs(),
        public: true,
        name: &batch.fn_name,
        receiver: SelfArg::Ref(Some("a")),
        params: vec![
            (syntax::ident(&batch.ident), syntax::impl_into_strings()),
            (syntax::ident("template"), syntax::ty(request)),
        ],
        output: Some(syntax::path_type(stream)),
        body: vec![syntax::tail(syntax::method_call(syntax::expr_path("self"), "batched", args))],
    }
    .build();
    client_fn.sig.generics = syntax::generics([syntax::lifetime_param("a")]);
    ImplItem::Fn(client_fn)
}

fn batched_doc(method: &Method, wire: &str, max: u32) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!("Calls `{}` for any number of `{wire}`, {max} to a call.", method.wire));
    doc.trusted(&format!(
        "The IDs are deduplicated and split into calls of at most {max}, sent one at a time and paced at \
         {}, each with the usual argument checks and retry rule. Every other argument comes from \
         `template`, whose own `{wire}` is ignored. The stream yields one outcome per call, and every \
         distinct ID is in exactly one outcome, so counting them is the progress. See \
         [`Client::batched`](crate::Client::batched) for stopping a run.",
        method.rate
    ));
    doc
}
