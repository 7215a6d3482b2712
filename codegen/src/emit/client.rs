//! Emits the `Client` methods that send one Slack method's requests.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::Method;

/// Generates `Client::<method>` and, for paginated methods, `Client::<method>_stream`.
/// `batched` is the method's batched form, when it has one (see `emit::batch`); every client
/// method of a Slack method goes into one `impl Client` block.
pub(crate) fn emit_client_method(method: &Method, batched: TokenStream) -> TokenStream {
    let name = ident(&method.fn_name);
    let request = ident(&method.request.name);
    let response = ident(&method.response.name);
    let error = ident(&method.error_name);
    let doc = call_doc(method);
    let deprecated = if method.deprecated {
        quote!(#[deprecated(note = "Slack has deprecated this method")])
    } else {
        TokenStream::new()
    };
    let stream = emit_stream_method(method);
    let paginated = emit_paginated_impl(method);
    quote! {
        impl crate::runtime::Client {
            #doc
            #deprecated
            pub async fn #name(&self, request: &#request) -> Result<#response, crate::runtime::Error<#error>> {
                self.call(request).await
            }

            #stream
            #batched
        }

        #paginated
    }
}

fn call_doc(method: &Method) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!("Calls `{}`: {}", method.wire, method.summary.trim()));
    doc.paragraph(&method.description);
    let scopes: Vec<String> = method.scopes.iter().map(|s| format!("`{s}`")).collect();
    let mut facts = match scopes.len() {
        0 => format!("Any token may call it, whatever its scopes; rate limited at {}.", method.rate),
        n => format!(
            "Needs the {} scope{}; rate limited at {}.",
            scopes.join(", "),
            if n == 1 { "" } else { "s" },
            method.rate
        ),
    };
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
            crate::docs::and_list(&codes),
            stream = pagination.stream_fn,
        ));
    }
    doc
}

/// Generates the stream over every item of every page, for methods the spec marks paginated.
fn emit_stream_method(method: &Method) -> TokenStream {
    let Some(pagination) = &method.pagination else {
        return TokenStream::new();
    };
    let name = ident(&pagination.stream_fn);
    let request = ident(&method.request.name);
    let error = ident(&method.error_name);
    let item = &pagination.item_ty;
    let doc = format!(
        " Streams every item of `{}`, following the cursor from page to page until Slack \
         returns an empty one. Each page goes through the same checks, retries and pacing \
         as a single call; the first error ends the stream.",
        method.wire
    );
    quote! {
        #[doc = #doc]
        pub fn #name(&self, request: #request)
            -> impl futures_core::Stream<Item = Result<#item, crate::runtime::Error<#error>>> + Send + '_ {
            self.paginate(request)
        }
    }
}

/// Generates the `Paginated` impl that tells the runtime where the cursor and items are.
fn emit_paginated_impl(method: &Method) -> TokenStream {
    let Some(pagination) = &method.pagination else {
        return TokenStream::new();
    };
    let request = ident(&method.request.name);
    let cursor = ident(&pagination.cursor_field);
    let items = ident(&pagination.items_field);
    let item = &pagination.item_ty;
    let error = ident(&method.error_name);
    // With no empty codes the error goes unread, and the parameter says so.
    let (param, empty) = if pagination.empty_codes.is_empty() {
        (quote!(_error), quote!(false))
    } else {
        let variants = pagination.empty_codes.iter().map(|(_, variant)| ident(variant));
        (quote!(error), quote!(matches!(error, #( #error::#variants )|*)))
    };
    let mut next = quote!(response);
    let last = pagination.next_cursor.len().saturating_sub(1);
    for (index, (field, optional)) in pagination.next_cursor.iter().enumerate() {
        let field = ident(field);
        next = match (index == last, optional) {
            (false, true) => quote!(#next.#field.as_ref()?),
            (false, false) => quote!(#next.#field),
            (true, true) => quote!(#next.#field.as_deref()),
            (true, false) => quote!(Some(#next.#field.as_str())),
        };
    }
    quote! {
        impl crate::runtime::Paginated for #request {
            type Item = #item;

            fn set_cursor(&mut self, cursor: String) {
                self.#cursor = Some(cursor);
            }

            fn next_cursor(response: &Self::Response) -> Option<&str> {
                #next
            }

            fn into_items(response: Self::Response) -> Vec<Self::Item> {
                response.#items
            }

            fn is_empty_result(#param: &Self::Error) -> bool {
                #empty
            }
        }
    }
}
