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

use proc_macro2::{Ident, Literal, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{
    AngleBracketedGenericArguments, AssocType, AttrStyle, Attribute, Block, Expr, Field, Fields, FieldsNamed, FnArg,
    GenericArgument, GenericParam, Generics, ImplItem, Item, Lifetime, Lit, Member, Meta, Pat, PatIdent, PatType, Path,
    PathArguments, PathSegment, Receiver, ReceiverKind, ReturnType, Signature, Stmt, TraitBound, Type, TypeParamBound,
    UseTree, Visibility,
};

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

// Paths and types.

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

// Expressions and statements.

/// `<Ty as Trait>::name`, a trait's associated function called on a type.
pub(crate) fn qualified_path(self_ty: Type, trait_path: &str, name: &str) -> Expr {
    let mut path = path(trait_path);
    let position = path.segments.len();
    path.segments.push(PathSegment::from(ident(name)));
    let qself = syn::QSelf {
        lt_token: Default::default(),
        ty: Box::new(self_ty),
        position,
        as_token: Some(Default::default()),
        gt_token: Default::default(),
    };
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: Some(qself), path })
}

/// An expression naming a path, such as `Self::NAME` or `None`.
pub(crate) fn expr_path(text: &str) -> Expr {
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: path(text) })
}

/// A literal expression.
pub(crate) fn lit(lit: Lit) -> Expr {
    Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit })
}

/// A string literal, escaped as `Literal::string` escapes it.
pub(crate) fn lit_str(text: &str) -> Expr {
    lit(Lit::Str(syn::LitStr::new(text, Span::call_site())))
}

/// An integer literal, exactly as its token spells it (`1000`, `1000u64`).
pub(crate) fn lit_int(token: Literal) -> Expr {
    lit(Lit::new(token))
}

/// `true` or `false`.
pub(crate) fn lit_bool(value: bool) -> Expr {
    lit(Lit::Bool(syn::LitBool::new(value, Span::call_site())))
}

/// `func(args…)`, calling a function named by a path.
pub(crate) fn call(func: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    call_expr(expr_path(func), args)
}

/// `func(args…)`, calling whatever `func` evaluates to.
pub(crate) fn call_expr(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args…)`.
pub(crate) fn method_call(receiver: Expr, method: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `base.name`.
pub(crate) fn field(base: Expr, name: &str) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: Member::Named(ident(name)),
    })
}

/// `self.name`.
pub(crate) fn self_field(name: &str) -> Expr {
    field(expr_path("self"), name)
}

/// `&expr`.
pub(crate) fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `expr?`.
pub(crate) fn question(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry { attrs: Vec::new(), expr: Box::new(expr), question_token: Default::default() })
}

/// `expr.await`.
pub(crate) fn awaited(expr: Expr) -> Expr {
    Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(expr),
        dot_token: Default::default(),
        await_token: Default::default(),
    })
}

/// `left = right`.
pub(crate) fn assign(left: Expr, right: Expr) -> Expr {
    Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(left),
        eq_token: Default::default(),
        right: Box::new(right),
    })
}

/// `[a, b]`.
pub(crate) fn array(elems: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `(a, b)`, or `()` with no elements.
pub(crate) fn tuple(elems: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `Some(expr)`.
pub(crate) fn some(expr: Expr) -> Expr {
    call("Some", [expr])
}

/// One field of a struct expression: `name: value`, or the shorthand `name` with no value.
pub(crate) fn field_value(name: &str, value: Option<Expr>) -> syn::FieldValue {
    let member = Member::Named(ident(name));
    match value {
        Some(expr) => syn::FieldValue { attrs: Vec::new(), member, colon_token: Some(Default::default()), expr },
        None => syn::FieldValue { attrs: Vec::new(), member, colon_token: None, expr: expr_path(name) },
    }
}

/// `Self { fields…, ..rest }`.
pub(crate) fn struct_expr(
    path_text: &str,
    fields: impl IntoIterator<Item = syn::FieldValue>,
    rest: Option<Expr>,
) -> Expr {
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(path_text),
        brace_token: Default::default(),
        fields: fields.into_iter().collect(),
        dot2_token: rest.as_ref().map(|_| Default::default()),
        rest: rest.map(Box::new),
    })
}

/// `if let Some(binding) = scrutinee { then… }`.
pub(crate) fn if_let_some(binding: &str, scrutinee: Expr, then: Vec<Stmt>) -> Expr {
    let pattern = pat_tuple_struct("Some", binding);
    let condition = Expr::Let(syn::ExprLet {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: Box::new(pattern),
        eq_token: Default::default(),
        expr: Box::new(scrutinee),
    });
    Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(condition),
        then_branch: block(then),
        else_branch: None,
    })
}

/// `match scrutinee { arms… }`, each arm a pattern and the value it gives.
pub(crate) fn match_expr(scrutinee: Expr, arms: impl IntoIterator<Item = (Pat, Expr)>) -> Expr {
    let arms = arms.into_iter().map(|(pat, body)| syn::Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    });
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms: arms.collect(),
    })
}

/// A pattern naming a path, such as `Self::Active`.
pub(crate) fn pat_path(text: &str) -> Pat {
    Pat::Path(syn::PatPath { attrs: Vec::new(), qself: None, path: path(text) })
}

/// A pattern `Path(binding)`, such as `Some(value)`.
pub(crate) fn pat_tuple_struct(text: &str, binding: &str) -> Pat {
    Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(text),
        paren_token: Default::default(),
        elems: std::iter::once(pat_ident(binding, false)).collect(),
    })
}

/// A string literal pattern.
pub(crate) fn pat_str(text: &str) -> Pat {
    Pat::Lit(syn::PatLit { attrs: Vec::new(), lit: Lit::Str(syn::LitStr::new(text, Span::call_site())) })
}

/// `_`.
pub(crate) fn pat_wild() -> Pat {
    Pat::Wild(syn::PatWild { attrs: Vec::new(), underscore_token: Default::default() })
}

/// `|| body`.
pub(crate) fn closure(body: Expr) -> Expr {
    Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        modifiers: Default::default(),
        constness: None,
        asyncness: None,
        capture: None,
        inputs_begin: Default::default(),
        inputs: Punctuated::new(),
        inputs_end: Default::default(),
        output: ReturnType::Default,
        body: Box::new(body),
    })
}

/// `let name = init;`.
pub(crate) fn let_stmt(name: &str, init: Expr) -> Stmt {
    Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        modifiers: Default::default(),
        pat: pat_ident(name, false),
        init: Some(syn::LocalInit { eq_token: Default::default(), expr: Box::new(init), diverge: None }),
        semi_token: Default::default(),
    })
}

/// A macro call in expression position, such as `matches!(…)`.
pub(crate) fn macro_expr(path_text: &str, tokens: TokenStream) -> Expr {
    Expr::Macro(syn::ExprMacro { attrs: Vec::new(), mac: mac(path_text, tokens) })
}

fn mac(path_text: &str, tokens: TokenStream) -> syn::Macro {
    syn::Macro {
        path: path(path_text),
        bang_token: Default::default(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }
}

/// `expr;`.
pub(crate) fn semi(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// `expr` as a block's value.
pub(crate) fn tail(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

/// `{ stmts… }`.
pub(crate) fn block(stmts: Vec<Stmt>) -> Block {
    Block { brace_token: Default::default(), stmts }
}

fn pat_ident(name: &str, mutable: bool) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident: ident(name),
        subpat: None,
    })
}

// Attributes.

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

// Functions.

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

// Items.

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
