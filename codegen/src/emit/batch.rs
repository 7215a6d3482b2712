//! Emits the batched form of a method whose array argument may be split across calls.

use proc_macro2::Literal;
use syn::ImplItem;

use crate::docs::Doc;
use crate::ir::Method;
use crate::syntax::{self, FnSpec, SelfArg};

/// Generates the `Batched` impl of the request type and `Client::<method>_batched`, for
/// methods the spec marks with `x-slack-batch`; nothing for the others. The client method
/// comes back on its own so that it joins the method's one `impl Client` block.
pub(crate) fn emit_batched(method: &Method) -> (Option<syn::Item>, Option<ImplItem>) {
    let Some(batch) = &method.batch else {
        return (None, None);
    };
    let request = &method.request.name;
    let with_ids = FnSpec {
        params: vec![(syntax::ident("ids"), syntax::generic_ty("Vec", [syntax::ty("String")]))],
        ..FnSpec::new(
            "with_ids",
            SelfArg::Ref(None),
            Some(syntax::ty("Self")),
            vec![syntax::tail(syntax::struct_expr(
                "Self",
                [syntax::field_value(&batch.ident, Some(syntax::expr_path("ids")))],
                Some(syntax::method_call(syntax::expr_path("self"), "clone", [])),
            ))],
        )
    };
    let items = vec![
        syntax::impl_const(Vec::new(), false, "SPLIT_ARG", syntax::static_str(), syntax::lit_str(&batch.wire)),
        syntax::impl_const(
            Vec::new(),
            false,
            "MAX_PER_CALL",
            syntax::ty("usize"),
            syntax::lit_int(Literal::u32_unsuffixed(batch.max_per_call)),
        ),
        ImplItem::Fn(with_ids.build()),
    ];
    let batched_impl =
        syntax::impl_block(syn::Generics::default(), Some(syntax::path("crate::Batched")), syntax::ty(request), items);
    let ids = syntax::assoc("Item", syntax::impl_into_string());
    let outcome = syntax::generic_ty("crate::BatchOutcome", [syntax::ty(request)]);
    let stream = syntax::generic_path(
        "crate::BatchStream",
        [syn::GenericArgument::Lifetime(syntax::lifetime("a")), syn::GenericArgument::Type(outcome)],
    );
    let mut client_fn = FnSpec {
        attrs: batched_doc(method, &batch.wire, batch.max_per_call).attrs(),
        public: true,
        name: &batch.fn_name,
        receiver: SelfArg::Ref(Some("a")),
        params: vec![
            (
                syntax::ident(&batch.ident),
                syntax::impl_trait([syntax::bound(syntax::generic_path("IntoIterator", [ids]))]),
            ),
            (syntax::ident("template"), syntax::ty(request)),
        ],
        output: Some(syntax::path_type(stream)),
        body: vec![syntax::tail(syntax::method_call(
            syntax::expr_path("self"),
            "batched",
            [syntax::expr_path(&batch.ident), syntax::expr_path("template")],
        ))],
    }
    .build();
    client_fn.sig.generics = syntax::generics([syntax::lifetime_param("a")]);
    (Some(batched_impl), Some(ImplItem::Fn(client_fn)))
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
