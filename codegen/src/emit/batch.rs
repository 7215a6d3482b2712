//! Emits the batched form of a method whose array argument may be split across calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::Method;

/// Generates the `Batched` impl of the request type and `Client::<method>_batched`, for
/// methods the spec marks with `x-slack-batch`; nothing for the others. The client method
/// comes back on its own so that it joins the method's one `impl Client` block.
pub(crate) fn emit_batched(method: &Method) -> (TokenStream, TokenStream) {
    let Some(batch) = &method.batch else {
        return (TokenStream::new(), TokenStream::new());
    };
    let request = ident(&method.request.name);
    let field = ident(&batch.ident);
    let wire = &batch.wire;
    let max = proc_macro2::Literal::u32_unsuffixed(batch.max_per_call);
    let name = ident(&batch.fn_name);
    let doc = batched_doc(method, wire, batch.max_per_call);
    let batched_impl = quote! {
        impl crate::runtime::Batched for #request {
            const SPLIT_ARG: &'static str = #wire;
            const MAX_PER_CALL: usize = #max;

            fn with_ids(&self, ids: Vec<String>) -> Self {
                Self { #field: ids, ..self.clone() }
            }
        }
    };
    let client_fn = quote! {
        #doc
        pub fn #name<'a>(
            &'a self,
            #field: impl IntoIterator<Item = impl Into<String>>,
            template: #request,
        ) -> crate::runtime::RunStream<'a, crate::runtime::BatchOutcome<#request>> {
            self.batched(#field, template)
        }
    };
    (batched_impl, client_fn)
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
