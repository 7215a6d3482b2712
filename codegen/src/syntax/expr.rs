//! Builds expressions, statements, blocks and patterns.

use proc_macro2::{Literal, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Block, Expr, Lit, Member, Pat, PatIdent, PathSegment, ReturnType, Stmt, Type};

use super::{ident, path};

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

pub(super) fn mac(path_text: &str, tokens: TokenStream) -> syn::Macro {
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
