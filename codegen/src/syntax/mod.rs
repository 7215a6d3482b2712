//! Builds syn syntax trees directly, for the emitters to hand to prettyplease.
//!
//! Quoting code into tokens only for syn to parse the tokens back into a tree was most of
//! the generator's cost: building the tree it would have parsed is several times cheaper.
//! Each function here builds one kind of node exactly as syn's parser would have built it
//! from the same code, so prettyplease prints the same text either way; the snapshot tests
//! and the fixed-point check in `format` hold the output to that.
//!
//! Paths are written as text (`"crate::encode::field"`) and split on `::`; every segment
//! is an identifier the caller vouches for, like everything `naming` produces.

mod expr;
mod item;
mod ty;

pub(crate) use expr::*;
pub(crate) use item::*;
pub(crate) use ty::*;

use proc_macro2::{Ident, Span};
use syn::{Lifetime, Visibility};

/// An identifier.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A lifetime such as `'a`, from its name without the apostrophe.
pub(crate) fn lifetime(name: &str) -> Lifetime {
    Lifetime { apostrophe: Span::call_site(), ident: ident(name) }
}

/// `pub`, or nothing.
pub(crate) fn visibility(public: bool) -> Visibility {
    if public {
        Visibility::Public(Default::default())
    } else {
        Visibility::Inherited
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::Literal;
    use syn::{GenericArgument, Generics};

    use super::*;

    /// prettyplease's text for a file of `items`.
    fn printed(items: Vec<syn::Item>) -> String {
        prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items })
    }

    /// prettyplease's text for the same code, parsed.
    fn parsed(code: &str) -> String {
        prettyplease::unparse(&syn::parse_file(code).expect("the expected code parses"))
    }

    /// Every builder, used the way the emitters use it, prints exactly what prettyplease
    /// prints for the code it stands for.
    #[test]
    fn built_trees_print_as_the_code_they_stand_for() {
        let body = vec![
            let_stmt(
                "value",
                question(call_expr(qualified_path(ty("String"), "serde::Deserialize", "deserialize"), [])),
            ),
            semi(assign(self_field("a"), some(method_call(expr_path("a"), "into", [])))),
            tail(if_let_some("v", reference(self_field("b")), vec![semi(question(call("f", [lit_str("x\"y")])))])),
            tail(match_expr(expr_path("self"), [(pat_path("Self::A"), lit_str("a")), (pat_wild(), expr_path("None"))])),
            tail(match_expr(
                expr_path("v"),
                [(pat_str("a"), array([])), (pat_tuple_struct("Self::B", "v"), tuple([]))],
            )),
            semi(macro_expr("matches", quote::quote!(e, E::A | E::B))),
            semi(awaited(method_call(expr_path("c"), "call", [closure(field(expr_path("r"), "x"))]))),
            tail(struct_expr(
                "Self",
                [field_value("a", None), field_value("b", Some(lit_int(Literal::u64_suffixed(7))))],
                Some(method_call(expr_path("self"), "clone", [])),
            )),
        ];
        let generic = FnSpec {
            attrs: vec![attr_word("inline")],
            public: true,
            params: vec![
                (ident("x"), impl_trait([bound(generic_path("IntoIterator", [assoc("Item", impl_into_string())]))])),
                (ident("y"), ty_mut(path_type(generic_path("F", [GenericArgument::Lifetime(lifetime("_"))])))),
            ],
            ..FnSpec::new("f", SelfArg::Ref(Some("a")), Some(ty_array(static_str(), 2)), body)
        };
        let mut generic = generic.build();
        generic.sig.generics = generics([lifetime_param("a"), type_param("S", path("serde::Serializer"))]);
        let items = vec![
            use_item(true, "self::m", ["A", "B"]),
            use_path("serde::Deserialize"),
            mod_decl("m"),
            const_item(Vec::new(), true, "N", ty_ref(None, ty_slice(ty_tuple([ty("u8"), static_str()]))), array([])),
            macro_item("crate::m", quote::quote!(X)),
            public_struct(
                vec![attr_list("derive", quote::quote!(Debug, Clone))],
                "S",
                [public_field(Vec::new(), "a", generic_ty("Option", [ty("String")]))],
            ),
            public_enum(
                Vec::new(),
                "E",
                [variant(Vec::new(), "A", None), variant(Vec::new(), "B", Some(ty("String")))],
            ),
            impl_block(
                Generics::default(),
                Some(path("crate::T")),
                ty("S"),
                vec![
                    impl_const(Vec::new(), false, "C", ty("bool"), lit_bool(false)),
                    impl_type("R", ty("S")),
                    syn::ImplItem::Fn(generic),
                    FnSpec::new("g", SelfArg::Value { mutable: true }, None, Vec::new()).item(),
                    FnSpec::new("h", SelfArg::RefMut, None, Vec::new()).item(),
                ],
            ),
        ];
        let expected = r#"
            pub use self::m::{A, B};
            use serde::Deserialize;
            mod m;
            pub const N: &[(u8, &'static str)] = [];
            crate::m!(X);
            #[derive(Debug, Clone)]
            pub struct S { pub a: Option<String> }
            pub enum E { A, B(String) }
            impl crate::T for S {
                const C: bool = false;
                type R = S;
                #[inline]
                pub fn f<'a, S: serde::Serializer>(
                    &'a self,
                    x: impl IntoIterator<Item = impl Into<String>>,
                    y: &mut F<'_>,
                ) -> [&'static str; 2] {
                    let value = <String as serde::Deserialize>::deserialize()?;
                    self.a = Some(a.into());
                    if let Some(v) = &self.b { f("x\"y")?; }
                    match self { Self::A => "a", _ => None, }
                    match v { "a" => [], Self::B(v) => (), }
                    matches!(e, E::A | E::B);
                    c.call(|| r.x).await;
                    Self { a, b: 7u64, ..self.clone() }
                }
                fn g(mut self) {}
                fn h(&mut self) {}
            }
        "#;
        assert_eq!(printed(items), parsed(expected));
    }
}
