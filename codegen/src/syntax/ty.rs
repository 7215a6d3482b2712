//! Builds paths, types and generic parameters.

use proc_macro2::Literal;
use syn::punctuated::Punctuated;
use syn::{
    AngleBracketedGenericArguments, AssocType, GenericArgument, GenericParam, Generics, Path, PathArguments,
    PathSegment, TraitBound, Type, TypeParamBound,
};

use super::{ident, lifetime, lit_int};

/// A path without generic arguments, such as `crate::encode::field`.
pub(crate) fn path(text: &str) -> Path {
    Path { leading_colon: None, segments: text.split("::").map(|name| PathSegment::from(ident(name))).collect() }
}

/// A path whose last segment takes generic arguments, such as `crate::Error<E>`.
pub(crate) fn generic_path(text: &str, args: impl IntoIterator<Item = GenericArgument>) -> Path {
    let mut path = path(text);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().collect(),
            gt_token: Default::default(),
        });
    }
    path
}

/// A type named by a path, such as `String` or `crate::Encoding`.
pub(crate) fn ty(text: &str) -> Type {
    path_type(path(text))
}

/// A type with generic type arguments, such as `Vec<String>` or `Result<A, B>`.
pub(crate) fn generic_ty(text: &str, args: impl IntoIterator<Item = Type>) -> Type {
    path_type(generic_path(text, args.into_iter().map(GenericArgument::Type)))
}

/// The type a path names.
pub(crate) fn path_type(path: Path) -> Type {
    Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// `&T`, or `&'a T` with a lifetime.
pub(crate) fn ty_ref(lifetime_name: Option<&str>, elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        lifetime: lifetime_name.map(lifetime),
        mutability: None,
        elem: Box::new(elem),
    })
}

/// `&mut T`.
pub(crate) fn ty_mut(elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        lifetime: None,
        mutability: Some(Default::default()),
        elem: Box::new(elem),
    })
}

/// `[T]`.
pub(crate) fn ty_slice(elem: Type) -> Type {
    Type::Slice(syn::TypeSlice { attrs: Vec::new(), bracket_token: Default::default(), elem: Box::new(elem) })
}

/// `[T; N]`.
pub(crate) fn ty_array(elem: Type, len: usize) -> Type {
    Type::Array(syn::TypeArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elem: Box::new(elem),
        semi_token: Default::default(),
        len: lit_int(Literal::usize_unsuffixed(len)),
    })
}

/// `(A, B)`, or `()` with no elements.
pub(crate) fn ty_tuple(elems: impl IntoIterator<Item = Type>) -> Type {
    Type::Tuple(syn::TypeTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `&'static str`.
pub(crate) fn static_str() -> Type {
    ty_ref(Some("static"), ty("str"))
}

/// `impl A + B`.
pub(crate) fn impl_trait(bounds: impl IntoIterator<Item = TypeParamBound>) -> Type {
    Type::ImplTrait(syn::TypeImplTrait {
        attrs: Vec::new(),
        impl_token: Default::default(),
        bounds: bounds.into_iter().collect(),
    })
}

/// A trait bound such as `Send` or `Into<String>`.
pub(crate) fn bound(path: Path) -> TypeParamBound {
    TypeParamBound::Trait(TraitBound {
        paren_token: None,
        lifetimes: None,
        modifiers: Default::default(),
        maybe: None,
        path,
    })
}

/// A lifetime bound such as `'_`.
pub(crate) fn lifetime_bound(name: &str) -> TypeParamBound {
    TypeParamBound::Lifetime(lifetime(name))
}

/// `impl Into<String>`.
pub(crate) fn impl_into_string() -> Type {
    impl_trait([bound(generic_path("Into", [GenericArgument::Type(ty("String"))]))])
}

/// `impl IntoIterator<Item = impl Into<String>>`, which takes any list of strings.
pub(crate) fn impl_into_strings() -> Type {
    let item = assoc("Item", impl_into_string());
    impl_trait([bound(generic_path("IntoIterator", [item]))])
}

/// An associated type binding such as `Item = T`, inside generic arguments.
pub(crate) fn assoc(name: &str, ty: Type) -> GenericArgument {
    GenericArgument::AssocType(AssocType { ident: ident(name), generics: None, eq_token: Default::default(), ty })
}

/// Generic parameters: lifetimes first, as written.
pub(crate) fn generics(params: impl IntoIterator<Item = GenericParam>) -> Generics {
    let params: Punctuated<GenericParam, syn::Token![,]> = params.into_iter().collect();
    if params.is_empty() {
        return Generics::default();
    }
    Generics { lt_token: Some(Default::default()), params, gt_token: Some(Default::default()), where_clause: None }
}

/// A lifetime parameter such as `'a`.
pub(crate) fn lifetime_param(name: &str) -> GenericParam {
    GenericParam::Lifetime(syn::LifetimeParam {
        attrs: Vec::new(),
        lifetime: lifetime(name),
        colon_token: None,
        bounds: Punctuated::new(),
    })
}

/// A type parameter with one bound, such as `S: serde::Serializer`.
pub(crate) fn type_param(name: &str, bound_path: Path) -> GenericParam {
    GenericParam::Type(syn::TypeParam {
        attrs: Vec::new(),
        ident: ident(name),
        colon_token: Some(Default::default()),
        bounds: std::iter::once(bound(bound_path)).collect(),
        default: None,
    })
}
