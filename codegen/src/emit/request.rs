//! Emits request structs, their constructors and setters, and their `Method` implementations.

use proc_macro2::Literal;
use syn::{Expr, ImplItem, Stmt, Type};

use super::{derive, fake_derive, field_doc, rename_attr};
use crate::docs::{line_attr, Doc};
use crate::ir::{ArgRule, Field, Method, RateLimit, RuleKind, Ty};
use crate::syntax::{self, FnSpec, SelfArg};

/// Generates the `…Request` struct with its constructor, setters and `Method` impl.
///
/// The emitted shape, for a method `x.y` with a required `id` and an optional `limit`:
///
/// ```text
/// pub struct XYRequest { pub id: String, pub limit: Option<i64> }
/// impl XYRequest {
///     pub fn new(id: impl Into<String>) -> Self { Self { id: id.into(), limit: None } }
///     pub fn limit(mut self, limit: i64) -> Self { self.limit = Some(limit); self }
/// }
/// impl Method for XYRequest {
///     const NAME: &'static str = "x.y";
///     …
///     fn validate(&self) -> Result<(), ArgumentError> { …; Ok(()) }
///     fn form_fields(&self) -> Vec<(&'static str, String)> { crate::encode::form_fields([…]) }
/// }
/// ```
pub(crate) fn emit_request(method: &Method) -> [syn::Item; 3] {
    let name = &method.request.name;
    let mut attrs = request_doc(method).attrs();
    // `Default` would be the natural way to start a request without required arguments,
    // unless a rule demands one of several; then the constructors below are the way in.
    let has_choice = choice_rule(method).is_some();
    attrs.push(if required_fields(method).next().is_none() && !has_choice {
        derive(&["Debug", "Clone", "PartialEq", "Default", "Serialize"])
    } else {
        derive(&["Debug", "Clone", "PartialEq", "Serialize"])
    });
    attrs.push(fake_derive("serde::Deserialize"));
    attrs.push(syntax::attr_word("non_exhaustive"));
    let fields = method.request.fields.iter().map(emit_field);
    let request = syntax::public_struct(attrs, name, fields);
    let mut fns: Vec<ImplItem> = emit_constructors(method);
    let setters = method.request.fields.iter().filter(|f| {
        f.is_optional() && !in_rule(method, f, RuleKind::ExactlyOne) && !in_rule(method, f, RuleKind::AllOrNone)
    });
    fns.extend(setters.map(emit_setter));
    fns.extend(method.rules.iter().filter_map(|rule| {
        let name = rule.joint_setter.as_deref()?;
        Some(emit_joint_setter(method, rule, name))
    }));
    let methods = syntax::impl_block(syn::Generics::default(), None, syntax::ty(name), fns);
    [request, methods, emit_method_impl(method)]
}

fn request_doc(method: &Method) -> Doc {
    let mut doc = Doc::new();
    doc.trusted(&format!("The arguments of `{}`: {}", method.wire, method.summary.trim()));
    doc.paragraph(&method.request.description);
    let rules = method.rules.iter().filter(|rule| !rule.description.trim().is_empty());
    for rule in rules {
        doc.paragraph(&rule.description);
    }
    let constructors: Vec<String> = method.constructors.iter().map(|c| format!("`{}`", c.name)).collect();
    doc.trusted(&format!(
        "Build it with {}, set optional arguments with the setters, and send it with the matching `Client` method.",
        super::or_list(&constructors)
    ));
    doc
}

fn required_fields(method: &Method) -> impl Iterator<Item = &Field> {
    method.request.fields.iter().filter(|f| !f.is_optional())
}

fn emit_field(field: &Field) -> syn::Field {
    let mut doc = field_doc(field);
    if field.ty == Ty::Json {
        doc.trusted("A JSON body carries it as it is; a form body carries it as JSON text in the one field.");
    }
    let mut attrs = doc.attrs();
    attrs.extend(rename_attr(field));
    let ty = field.ty.syntax();
    if field.is_optional() {
        attrs.push(syntax::attr_list("serde", quote::quote!(skip_serializing_if = "Option::is_none")));
        syntax::public_field(attrs, &field.ident, syntax::generic_ty("Option", [ty]))
    } else {
        syntax::public_field(attrs, &field.ident, ty)
    }
}

/// The parameter type for a value the caller hands in, and the conversion that makes
/// the field's value of it; `None` when the parameter is the value as it is.
fn parameter(field: &Field) -> (Type, Option<Expr>) {
    let name = syntax::expr_path(&field.ident);
    match &field.ty {
        Ty::String => (syntax::impl_into_string(), Some(syntax::method_call(name, "into", []))),
        Ty::Vec(item) if **item == Ty::String => {
            let ty = syntax::impl_into_strings();
            let iter = syntax::method_call(name, "into_iter", []);
            let converted = syntax::method_call(iter, "map", [syntax::expr_path("Into::into")]);
            (ty, Some(syntax::method_call(converted, "collect", [])))
        }
        ty => (ty.syntax(), None),
    }
}

/// The parameter for `field` and the value its field takes from it.
fn parameter_value(field: &Field) -> ((proc_macro2::Ident, Type), Expr) {
    let (ty, value) = parameter(field);
    let value = value.unwrap_or_else(|| syntax::expr_path(&field.ident));
    ((syntax::ident(&field.ident), ty), value)
}

/// The first `exactly-one` or `at-least-one` rule, whose arguments pick between ways of
/// calling the method.
fn choice_rule(method: &Method) -> Option<&ArgRule> {
    method.rules.iter().find(|rule| rule.kind.is_choice())
}

fn in_rule(method: &Method, field: &Field, kind: RuleKind) -> bool {
    method.rules.iter().any(|rule| rule.kind == kind && rule.args.iter().any(|(_, ident)| *ident == field.ident))
}

fn field_named<'m>(method: &'m Method, ident: &str) -> Option<&'m Field> {
    method.request.fields.iter().find(|f| f.ident == ident)
}

/// Generates the constructors `lower` planned: `new`, which takes the required arguments,
/// or, when an `exactly-one` or `at-least-one` rule picks between arguments, one
/// `new_with_<argument>` per alternative.
fn emit_constructors(method: &Method) -> Vec<ImplItem> {
    method
        .constructors
        .iter()
        .map(|constructor| {
            let chosen = constructor.chosen.as_ref().and_then(|(_, ident)| field_named(method, ident));
            emit_constructor(method, &constructor.name, chosen)
        })
        .collect()
}

fn emit_constructor(method: &Method, name: &str, chosen: Option<&Field>) -> ImplItem {
    let params = required_fields(method).chain(chosen).map(|field| parameter_value(field).0).collect();
    let inits = method.request.fields.iter().map(|field| {
        let is_chosen = chosen.is_some_and(|c| c.ident == field.ident);
        let (_, value) = parameter(field);
        let value = match (field.is_optional(), is_chosen, value) {
            (true, true, value) => Some(syntax::some(value.unwrap_or_else(|| syntax::expr_path(&field.ident)))),
            (true, false, _) => Some(syntax::expr_path("None")),
            (false, _, value) => value,
        };
        syntax::field_value(&field.ident, value)
    });
    let attrs = constructor_attrs(method, chosen);
    let body = vec![syntax::tail(syntax::struct_expr("Self", inits, None))];
    FnSpec { attrs, public: true, params, ..FnSpec::new(name, SelfArg::None, Some(syntax::ty("Self")), body) }.item()
}

/// A constructor's documentation, and its deprecation when the argument it takes is.
fn constructor_attrs(method: &Method, chosen: Option<&Field>) -> Vec<syn::Attribute> {
    let Some(field) = chosen else {
        return vec![line_attr("Builds the request from its required arguments; optional ones start unset.")];
    };
    let rule = choice_rule(method);
    let choices: Vec<String> =
        rule.map(|r| r.args.iter().map(|(wire, _)| format!("`{wire}`")).collect()).unwrap_or_default();
    let need = match rule.map(|r| r.kind) {
        Some(RuleKind::AtLeastOne) => "one or more of",
        _ => "the one of",
    };
    let mut attrs = vec![line_attr(&format!(
        "Builds the request with `{}`, {need} {} that Slack needs; other optional arguments start unset.",
        field.wire,
        super::and_list(&choices)
    ))];
    attrs.extend(deprecation(field));
    attrs
}

/// Generates one setter for the arguments of an `all-or-none` rule, which can then only
/// be set together.
fn emit_joint_setter(method: &Method, rule: &ArgRule, name: &str) -> ImplItem {
    let fields: Vec<&Field> = rule.args.iter().filter_map(|(_, ident)| field_named(method, ident)).collect();
    let wires: Vec<String> = fields.iter().map(|f| format!("`{}`", f.wire)).collect();
    let doc = format!("Sets {} together: Slack takes them all or none of them.", super::and_list(&wires));
    setter(vec![line_attr(&doc)], name, &fields)
}

fn deprecation(field: &Field) -> Option<syn::Attribute> {
    let note = format!("Slack deprecated `{}`; see the field's documentation for what replaces it", field.wire);
    field.deprecated.then(|| syntax::attr_list("deprecated", quote::quote!(note = #note)))
}

/// Generates a by-value setter for one optional argument.
fn emit_setter(field: &Field) -> ImplItem {
    let wire = &field.wire;
    let summary = field.description.trim().lines().next().map(crate::docs::sanitize_line).unwrap_or_default();
    let doc = if summary.is_empty() { format!("Sets `{wire}`.") } else { format!("Sets `{wire}`: {summary}") };
    let mut attrs = vec![line_attr(&doc)];
    attrs.extend(deprecation(field));
    setter(attrs, &field.ident, &[field])
}

/// `pub fn name(mut self, a: A, …) -> Self { self.a = Some(a); …; self }`.
fn setter(attrs: Vec<syn::Attribute>, name: &str, fields: &[&Field]) -> ImplItem {
    let (params, mut body): (Vec<_>, Vec<Stmt>) = fields
        .iter()
        .map(|field| {
            let (param, value) = parameter_value(field);
            (param, syntax::semi(syntax::assign(syntax::self_field(&field.ident), syntax::some(value))))
        })
        .unzip();
    body.push(syntax::tail(syntax::expr_path("self")));
    let output = Some(syntax::ty("Self"));
    FnSpec { attrs, public: true, params, ..FnSpec::new(name, SelfArg::Value { mutable: true }, output, body) }.item()
}

/// Generates the `Method` impl: the metadata constants, `validate` and `form_fields`.
fn emit_method_impl(method: &Method) -> syn::Item {
    let constant = |name, ty, value| syntax::impl_const(Vec::new(), false, name, ty, value);
    let static_slice = |elem| syntax::ty_ref(Some("static"), syntax::ty_slice(elem));
    let scopes = method.scopes.iter().map(|scope| syntax::lit_str(scope));
    let encodings = method.encodings.iter().map(|encoding| format!("crate::Encoding::{}", encoding.variant()));
    let validate_output = syntax::generic_ty("Result", [syntax::ty_tuple([]), syntax::ty("ArgumentError")]);
    let form_output = syntax::generic_ty("Vec", [syntax::ty_tuple([syntax::static_str(), syntax::ty("String")])]);
    let form_body = vec![syntax::tail(emit_form_body(method))];
    let items = vec![
        constant("NAME", syntax::static_str(), syntax::lit_str(&method.wire)),
        constant("SCOPES", static_slice(syntax::static_str()), syntax::reference(syntax::array(scopes))),
        constant("TIER", syntax::ty("Tier"), tier(method.rate)),
        constant("IDEMPOTENT", syntax::ty("bool"), syntax::lit_bool(method.idempotent)),
        constant(
            "ENCODINGS",
            static_slice(syntax::ty("crate::Encoding")),
            syntax::reference(syntax::array(encodings.map(|path| syntax::expr_path(&path)))),
        ),
        syntax::impl_type("Response", syntax::ty(&method.response.name)),
        syntax::impl_type("Error", syntax::ty(&method.error_name)),
        FnSpec::new("validate", SelfArg::Ref(None), Some(validate_output), emit_validate_body(method)).item(),
        FnSpec::new("form_fields", SelfArg::Ref(None), Some(form_output), form_body).item(),
    ];
    syntax::impl_block(syn::Generics::default(), Some(syntax::path("Method")), syntax::ty(&method.request.name), items)
}

/// The `Tier` value of a rate limit: `Tier::Tier2`, or `Tier::PerMinute { … }`.
fn tier(rate: RateLimit) -> Expr {
    match rate {
        RateLimit::Tier(tier) => syntax::expr_path(&format!("Tier::{}", crate::naming::tier_variant(tier))),
        RateLimit::PerMinute { calls, burst } => syntax::struct_expr(
            "Tier::PerMinute",
            [
                syntax::field_value("calls", Some(syntax::lit_int(Literal::u32_suffixed(calls)))),
                syntax::field_value("burst", Some(bound(burst.map(Literal::u32_suffixed)))),
            ],
            None,
        ),
    }
}

/// The body of `validate`: one check per bounded argument, then one per rule.
fn emit_validate_body(method: &Method) -> Vec<Stmt> {
    let mut body: Vec<Stmt> = method.request.fields.iter().flat_map(emit_bounds_check).collect();
    body.extend(method.rules.iter().map(|rule| {
        let check = match rule.kind {
            RuleKind::AllOrNone => "crate::validate::all_or_none",
            RuleKind::AtLeastOne => "crate::validate::at_least_one",
            RuleKind::ExactlyOne => "crate::validate::exactly_one",
        };
        let names = syntax::array(rule.args.iter().map(|(wire, _)| syntax::lit_str(wire)));
        let present = rule.args.iter().map(|(_, field)| syntax::method_call(syntax::self_field(field), "is_some", []));
        let args =
            [syntax::expr_path("Self::NAME"), syntax::reference(names), syntax::reference(syntax::array(present))];
        syntax::semi(syntax::question(syntax::call(check, args)))
    }));
    body.push(syntax::tail(syntax::call("Ok", [syntax::tuple([])])));
    body
}

fn emit_bounds_check(field: &Field) -> Vec<Stmt> {
    let wire = || syntax::lit_str(&field.wire);
    let bounds = &field.bounds;
    // Optional lists are borrowed and optional integers copied, so `value` reads the same
    // in both arms; a required argument is read from `self` directly.
    let value = || if field.is_optional() { syntax::expr_path("value") } else { syntax::self_field(&field.ident) };
    let check = |name: &str, args: Vec<Expr>| {
        let args = [syntax::expr_path("Self::NAME"), wire()].into_iter().chain(args);
        syntax::semi(syntax::question(syntax::call(&format!("crate::validate::{name}"), args)))
    };
    let (scrutinee, checks) = match &field.ty {
        Ty::Vec(_) if bounds.min_items.is_some() || bounds.max_items.is_some() || bounds.unique_items => {
            let mut checks = Vec::new();
            if bounds.min_items.is_some() || bounds.max_items.is_some() {
                let (min, max) =
                    (bounds.min_items.map(Literal::u64_suffixed), bounds.max_items.map(Literal::u64_suffixed));
                checks.push(check("item_count", vec![syntax::method_call(value(), "len", []), bound(min), bound(max)]));
            }
            if bounds.unique_items {
                checks.push(check("unique_items", vec![syntax::reference(value())]));
            }
            (syntax::reference(syntax::self_field(&field.ident)), checks)
        }
        Ty::I64 | Ty::I32 if bounds.minimum.is_some() || bounds.maximum.is_some() => {
            let (min, max) = (bounds.minimum.map(Literal::i64_suffixed), bounds.maximum.map(Literal::i64_suffixed));
            let value = if field.ty == Ty::I32 { syntax::call("i64::from", [value()]) } else { value() };
            (syntax::self_field(&field.ident), vec![check("int_range", vec![value, bound(min), bound(max)])])
        }
        _ => return Vec::new(),
    };
    if field.is_optional() {
        vec![syntax::tail(syntax::if_let_some("value", scrutinee, checks))]
    } else {
        checks
    }
}

/// `Some(n)` or `None` for one bound, with the literal typed as the check expects.
fn bound(bound: Option<Literal>) -> Expr {
    match bound {
        Some(bound) => syntax::some(syntax::lit_int(bound)),
        None => syntax::expr_path("None"),
    }
}

/// The body of `form_fields`: required arguments first, then the optional ones, each as
/// its name and its text; `encode::form_fields` leaves out the optional ones not set.
fn emit_form_body(method: &Method) -> Expr {
    let optional = method.request.fields.iter().filter(|f| f.is_optional());
    let fields = required_fields(method).chain(optional).map(|field| {
        let value = syntax::call("crate::encode::field", [syntax::reference(syntax::self_field(&field.ident))]);
        syntax::tuple([syntax::lit_str(&field.wire), value])
    });
    syntax::call("crate::encode::form_fields", [syntax::array(fields)])
}
