//! Builds attributes, functions and items.

use proc_macro2::{Ident, Literal, TokenStream};
use syn::{
    AttrStyle, Attribute, Expr, Field, Fields, FieldsNamed, FnArg, Generics, ImplItem, Item, Lit, Meta, Pat, PatIdent,
    PatType, Path, Receiver, ReceiverKind, ReturnType, Signature, Stmt, Type, UseTree, Visibility,
};

use super::{block, expr::mac, ident, lifetime, lit, path, visibility};

/// `#[name]`.
pub(crate) fn attr_word(name: &str) -> Attribute {
    outer(Meta::Path(path(name)))
}

/// `#[name(tokens…)]`, such as a `derive` or `serde` attribute.
pub(crate) fn attr_list(name: &str, tokens: TokenStream) -> Attribute {
    outer(Meta::List(syn::MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = "…"]`, or `#![doc = "…"]` when `inner`, from the literal token of its value.
pub(crate) fn doc_attr(value: Literal, inner: bool) -> Attribute {
    let meta = Meta::NameValue(syn::MetaNameValue {
        path: path("doc"),
        eq_token: Default::default(),
        value: lit(Lit::new(value)),
    });
    let mut attr = outer(meta);
    if inner {
        attr.style = AttrStyle::Inner(Default::default());
    }
    attr
}

fn outer(meta: Meta) -> Attribute {
    Attribute { pound_token: Default::default(), style: AttrStyle::Outer, bracket_token: Default::default(), meta }
}

/// How a function takes `self`, if it does.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SelfArg<'a> {
    /// No `self`: an associated function.
    None,
    /// `&self`, or `&'a self` with a lifetime.
    Ref(Option<&'a str>),
    /// `&mut self`.
    RefMut,
    /// `self`, or `mut self`.
    Value { mutable: bool },
}

/// A function in an `impl` block: attributes, `pub`, name, parameters, return type, body.
/// The caller sets anything rarer (`async`, generics) on the returned node.
pub(crate) struct FnSpec<'a> {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) public: bool,
    pub(crate) name: &'a str,
    pub(crate) receiver: SelfArg<'a>,
    pub(crate) params: Vec<(Ident, Type)>,
    pub(crate) output: Option<Type>,
    pub(crate) body: Vec<Stmt>,
}

impl<'a> FnSpec<'a> {
    /// A private function without attributes that takes nothing but its receiver; set the
    /// other fields with struct update syntax.
    pub(crate) fn new(name: &'a str, receiver: SelfArg<'a>, output: Option<Type>, body: Vec<Stmt>) -> Self {
        FnSpec { attrs: Vec::new(), public: false, name, receiver, params: Vec::new(), output, body }
    }

    /// The function as an item of an `impl` block.
    pub(crate) fn item(self) -> ImplItem {
        ImplItem::Fn(self.build())
    }

    /// The function as an `impl` block's function, for a caller that sets more on it.
    pub(crate) fn build(self) -> syn::ImplItemFn {
        let receiver = receiver(self.receiver).map(FnArg::Receiver);
        let params = self.params.into_iter().map(|(name, ty)| {
            FnArg::Typed(PatType {
                attrs: Vec::new(),
                pat: Box::new(Pat::Ident(PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: name,
                    subpat: None,
                })),
                colon_token: Default::default(),
                ty: Box::new(ty),
            })
        });
        let sig = Signature {
            constness: None,
            asyncness: None,
            safety: Default::default(),
            abi: None,
            fn_token: Default::default(),
            ident: ident(self.name),
            generics: Generics::default(),
            paren_token: Default::default(),
            inputs: receiver.into_iter().chain(params).collect(),
            variadic: None,
            output: match self.output {
                Some(ty) => ReturnType::Type(Default::default(), Box::new(ty)),
                None => ReturnType::Default,
            },
        };
        syn::ImplItemFn {
            attrs: self.attrs,
            vis: visibility(self.public),
            modifiers: Default::default(),
            sig,
            block: block(self.body),
        }
    }
}

fn receiver(arg: SelfArg<'_>) -> Option<Receiver> {
    let (mutability, kind) = match arg {
        SelfArg::None => return None,
        SelfArg::Ref(name) => (None, ReceiverKind::Reference(Default::default(), name.map(lifetime), None)),
        SelfArg::RefMut => (None, ReceiverKind::Reference(Default::default(), None, Some(Default::default()))),
        SelfArg::Value { mutable } => (mutable.then(Default::default), ReceiverKind::Value),
    };
    Some(Receiver { attrs: Vec::new(), mutability, self_token: Default::default(), kind })
}

/// `const NAME: Ty = expr;` inside an `impl` block.
pub(crate) fn impl_const(attrs: Vec<Attribute>, public: bool, name: &str, ty: Type, expr: Expr) -> ImplItem {
    ImplItem::Const(syn::ImplItemConst {
        attrs,
        vis: visibility(public),
        modifiers: Default::default(),
        const_token: Default::default(),
        ident: ident(name),
        generics: Generics::default(),
        colon_token: Default::default(),
        ty,
        eq_token: Default::default(),
        expr,
        semi_token: Default::default(),
    })
}

/// `type Name = Ty;` inside an `impl` block.
pub(crate) fn impl_type(name: &str, ty: Type) -> ImplItem {
    ImplItem::Type(syn::ImplItemType {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        modifiers: Default::default(),
        type_token: Default::default(),
        ident: ident(name),
        generics: Generics::default(),
        eq_token: Default::default(),
        ty,
        semi_token: Default::default(),
    })
}

/// `impl Ty { … }`, or `impl Trait for Ty { … }`.
pub(crate) fn impl_block(generics: Generics, trait_path: Option<Path>, self_ty: Type, items: Vec<ImplItem>) -> Item {
    Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        modifiers: Default::default(),
        unsafety: None,
        impl_token: Default::default(),
        generics,
        trait_: trait_path.map(|path| (path, Default::default())),
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
}

/// A public field of a struct with named fields.
pub(crate) fn public_field(attrs: Vec<Attribute>, name: &str, ty: Type) -> Field {
    Field {
        attrs,
        vis: visibility(true),
        modifiers: Default::default(),
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `pub struct Name { fields… }`.
pub(crate) fn public_struct(attrs: Vec<Attribute>, name: &str, fields: impl IntoIterator<Item = Field>) -> Item {
    Item::Struct(syn::ItemStruct {
        attrs,
        vis: visibility(true),
        struct_token: Default::default(),
        ident: ident(name),
        generics: Generics::default(),
        fields: Fields::Named(FieldsNamed { brace_token: Default::default(), named: fields.into_iter().collect() }),
        semi_token: None,
    })
}

/// One variant of an enum: a unit variant, or one that holds a value of `field`.
pub(crate) fn variant(attrs: Vec<Attribute>, name: &str, field: Option<Type>) -> syn::Variant {
    let fields = match field {
        None => Fields::Unit,
        Some(ty) => Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(Field {
                attrs: Vec::new(),
                vis: Visibility::Inherited,
                modifiers: Default::default(),
                ident: None,
                colon_token: None,
                ty,
                default: None,
            })
            .collect(),
        }),
    };
    syn::Variant { attrs, ident: ident(name), fields, discriminant: None }
}

/// `pub enum Name { variants… }`.
pub(crate) fn public_enum(attrs: Vec<Attribute>, name: &str, variants: impl IntoIterator<Item = syn::Variant>) -> Item {
    Item::Enum(syn::ItemEnum {
        attrs,
        vis: visibility(true),
        enum_token: Default::default(),
        ident: ident(name),
        generics: Generics::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    })
}

/// `use prefix::{names…};`, and `pub` when `public`.
pub(crate) fn use_item<'a>(public: bool, prefix: &str, names: impl IntoIterator<Item = &'a str>) -> Item {
    let names = names.into_iter().map(|name| UseTree::Name(syn::UseName { ident: ident(name) }));
    let group = UseTree::Group(syn::UseGroup { brace_token: Default::default(), items: names.collect() });
    use_tree(public, prefix.rsplit("::"), group)
}

/// `use a::b::Name;`.
pub(crate) fn use_path(text: &str) -> Item {
    let (prefix, name) = text.rsplit_once("::").unwrap_or(("", text));
    let name = UseTree::Name(syn::UseName { ident: ident(name) });
    use_tree(false, prefix.rsplit("::").filter(|segment| !segment.is_empty()), name)
}

/// A `use` item of `last` under the path whose segments `reversed` gives, last first.
fn use_tree<'a>(public: bool, reversed: impl Iterator<Item = &'a str>, last: UseTree) -> Item {
    let tree = reversed.fold(last, |tree, segment| {
        UseTree::Path(syn::UsePath { ident: ident(segment), colon2_token: Default::default(), tree: Box::new(tree) })
    });
    Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: visibility(public),
        use_token: Default::default(),
        leading_colon: None,
        tree,
        semi_token: Default::default(),
    })
}

/// `mod name;`.
pub(crate) fn mod_decl(name: &str) -> Item {
    Item::Mod(syn::ItemMod {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        unsafety: None,
        mod_token: Default::default(),
        ident: ident(name),
        content: None,
        semi: Some(Default::default()),
    })
}

/// `const NAME: Ty = expr;` at the top of a module, `pub` when `public`.
pub(crate) fn const_item(attrs: Vec<Attribute>, public: bool, name: &str, ty: Type, expr: Expr) -> Item {
    Item::Const(syn::ItemConst {
        attrs,
        vis: visibility(public),
        modifiers: Default::default(),
        const_token: Default::default(),
        ident: ident(name),
        generics: Generics::default(),
        colon_token: Default::default(),
        ty: Box::new(ty),
        eq_token: Default::default(),
        expr: Box::new(expr),
        semi_token: Default::default(),
    })
}

/// `path!(tokens…);` as an item.
pub(crate) fn macro_item(path_text: &str, tokens: TokenStream) -> Item {
    Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: mac(path_text, tokens),
        semi_token: Some(Default::default()),
    })
}
