//! Emits the Rust enums of the spec's string `enum`s, into the shared types file.

use syn::{Expr, ImplItem, Item};

use crate::docs::{line_attr, Doc};
use crate::ir::Enum;
use crate::naming::FALLBACK_VARIANT;
use crate::syntax::{self, FnSpec, SelfArg};

/// Generates one enum with its string conversions. Values travel as plain strings, so
/// `Serialize`, `Deserialize` and the form encoding all go through `as_str` and
/// `from_documented`. An open enum (one a response reads) keeps any other string in the
/// fallback variant, because Slack adds values; a closed one (arguments only) rejects it.
///
/// The emitted shape, for an open enum of the values `a` and `b`:
///
/// ```text
/// pub enum E { A, B, Other(String) }
/// impl E {
///     pub const VALUES: &'static [&'static str] = &["a", "b"];
///     pub fn as_str(&self) -> &str { match self { Self::A => "a", …, Self::Other(value) => value } }
///     fn from_documented(value: &str) -> Option<Self> { match value { "a" => Some(Self::A), …, _ => None } }
/// }
/// impl std::fmt::Display for E { … }
/// impl serde::Serialize for E { … }
/// impl<'de> serde::Deserialize<'de> for E { … }
/// impl crate::encode::FormValue for E { … }
/// ```
pub(super) fn emit_enum(found: &Enum) -> Vec<Item> {
    let name = &found.name;
    vec![
        declaration(found),
        syntax::impl_block(
            syn::Generics::default(),
            None,
            syntax::ty(name),
            vec![values(found), as_str(found), from_documented(found)],
        ),
        display(name),
        serialize(name),
        deserialize(found),
        form_value(name),
    ]
}

fn declaration(found: &Enum) -> Item {
    let mut doc = Doc::new();
    let listed: Vec<String> = found.values.iter().map(|(wire, _)| format!("`{wire}`")).collect();
    doc.trusted(&format!("One of the values the spec lists: {}.", super::or_list(&listed)));
    if found.open {
        doc.trusted(
            "A value the spec does not list arrives as the fallback variant, so a new value never fails decoding.",
        );
    }
    let mut attrs = doc.attrs();
    attrs.push(super::derive(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]));
    attrs.push(syntax::attr_word("non_exhaustive"));
    let mut variants: Vec<syn::Variant> = found
        .values
        .iter()
        .map(|(wire, variant)| syntax::variant(vec![line_attr(&format!("`{wire}`."))], variant, None))
        .collect();
    if found.open {
        let doc = line_attr("A value the spec does not list, exactly as Slack sent it.");
        variants.push(syntax::variant(vec![doc], FALLBACK_VARIANT, Some(syntax::ty("String"))));
    }
    syntax::public_enum(attrs, &found.name, variants)
}

fn values(found: &Enum) -> ImplItem {
    let wires = syntax::array(found.values.iter().map(|(wire, _)| syntax::lit_str(wire)));
    syntax::impl_const(
        vec![line_attr("Every value the spec lists, as Slack spells it, in the spec's order.")],
        true,
        "VALUES",
        syntax::ty_ref(Some("static"), syntax::ty_slice(syntax::static_str())),
        syntax::reference(wires),
    )
}

fn as_str(found: &Enum) -> ImplItem {
    let mut arms: Vec<_> = found
        .values
        .iter()
        .map(|(wire, variant)| (syntax::pat_path(&format!("Self::{variant}")), syntax::lit_str(wire)))
        .collect();
    if found.open {
        let fallback = syntax::pat_tuple_struct(&format!("Self::{FALLBACK_VARIANT}"), "value");
        arms.push((fallback, syntax::expr_path("value")));
    }
    let spec = FnSpec {
        attrs: vec![line_attr("The value as Slack spells it.")],
        public: true,
        name: "as_str",
        receiver: SelfArg::Ref(None),
        params: Vec::new(),
        output: Some(syntax::ty_ref(None, syntax::ty("str"))),
        body: vec![syntax::tail(syntax::match_expr(syntax::expr_path("self"), arms))],
    };
    spec.item()
}

fn from_documented(found: &Enum) -> ImplItem {
    let arms = found
        .values
        .iter()
        .map(|(wire, variant)| (syntax::pat_str(wire), syntax::some(syntax::expr_path(&format!("Self::{variant}")))));
    let arms = arms.chain(std::iter::once((syntax::pat_wild(), syntax::expr_path("None"))));
    let spec = FnSpec {
        attrs: vec![line_attr("The variant of a listed value, or `None` for any other string.")],
        public: false,
        name: "from_documented",
        receiver: SelfArg::None,
        params: vec![(syntax::ident("value"), syntax::ty_ref(None, syntax::ty("str")))],
        output: Some(syntax::generic_ty("Option", [syntax::ty("Self")])),
        body: vec![syntax::tail(syntax::match_expr(syntax::expr_path("value"), arms))],
    };
    spec.item()
}

/// `self.as_str()`, which every conversion to text starts from.
fn self_as_str() -> Expr {
    syntax::method_call(syntax::expr_path("self"), "as_str", [])
}

/// An impl of a trait with one method.
fn trait_impl(name: &str, trait_path: syn::Path, method: syn::ImplItemFn) -> Item {
    syntax::impl_block(syn::Generics::default(), Some(trait_path), syntax::ty(name), vec![ImplItem::Fn(method)])
}

fn display(name: &str) -> Item {
    let lifetime = syn::GenericArgument::Lifetime(syntax::lifetime("_"));
    let formatter = syntax::path_type(syntax::generic_path("std::fmt::Formatter", [lifetime]));
    let body = syntax::method_call(syntax::expr_path("f"), "write_str", [self_as_str()]);
    let method = FnSpec {
        params: vec![(syntax::ident("f"), syntax::ty_mut(formatter))],
        ..FnSpec::new("fmt", SelfArg::Ref(None), Some(syntax::ty("std::fmt::Result")), vec![syntax::tail(body)])
    };
    trait_impl(name, syntax::path("std::fmt::Display"), method.build())
}

fn serialize(name: &str) -> Item {
    let output = syntax::generic_ty("Result", [syntax::ty("S::Ok"), syntax::ty("S::Error")]);
    let body = syntax::method_call(syntax::expr_path("serializer"), "serialize_str", [self_as_str()]);
    let mut method = FnSpec {
        params: vec![(syntax::ident("serializer"), syntax::ty("S"))],
        ..FnSpec::new("serialize", SelfArg::Ref(None), Some(output), vec![syntax::tail(body)])
    }
    .build();
    method.sig.generics = syntax::generics([syntax::type_param("S", syntax::path("serde::Serializer"))]);
    trait_impl(name, syntax::path("serde::Serialize"), method)
}

fn deserialize(found: &Enum) -> Item {
    let de = || syn::GenericArgument::Lifetime(syntax::lifetime("de"));
    let read = syntax::call_expr(
        syntax::qualified_path(syntax::ty("String"), "serde::Deserialize", "deserialize"),
        [syntax::expr_path("deserializer")],
    );
    let documented = syntax::call("Self::from_documented", [syntax::reference(syntax::expr_path("value"))]);
    let decode = if found.open {
        let fallback = syntax::call(&format!("Self::{FALLBACK_VARIANT}"), [syntax::expr_path("value")]);
        syntax::call("Ok", [syntax::method_call(documented, "unwrap_or", [fallback])])
    } else {
        let unknown = syntax::call(
            "serde::de::Error::unknown_variant",
            [syntax::reference(syntax::expr_path("value")), syntax::expr_path("Self::VALUES")],
        );
        syntax::method_call(documented, "ok_or_else", [syntax::closure(unknown)])
    };
    let mut method = FnSpec {
        params: vec![(syntax::ident("deserializer"), syntax::ty("D"))],
        ..FnSpec::new(
            "deserialize",
            SelfArg::None,
            Some(syntax::generic_ty("Result", [syntax::ty("Self"), syntax::ty("D::Error")])),
            vec![syntax::let_stmt("value", syntax::question(read)), syntax::tail(decode)],
        )
    }
    .build();
    let deserializer = syntax::generic_path("serde::Deserializer", [de()]);
    method.sig.generics = syntax::generics([syntax::type_param("D", deserializer)]);
    let trait_path = syntax::generic_path("serde::Deserialize", [de()]);
    let generics = syntax::generics([syntax::lifetime_param("de")]);
    syntax::impl_block(generics, Some(trait_path), syntax::ty(&found.name), vec![ImplItem::Fn(method)])
}

fn form_value(name: &str) -> Item {
    let body = syntax::method_call(syntax::expr_path("out"), "push_str", [self_as_str()]);
    let method = FnSpec {
        params: vec![(syntax::ident("out"), syntax::ty_mut(syntax::ty("String")))],
        ..FnSpec::new("write_form", SelfArg::Ref(None), None, vec![syntax::semi(body)])
    };
    trait_impl(name, syntax::path("crate::encode::FormValue"), method.build())
}
