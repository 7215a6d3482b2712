//! A snapshot of the real spec's API surface: one line per method, type, field and error
//! variant. A spec change shows up here as a short diff that a reviewer can read.

use codegen::ir::{self, Retry, Ty};
use xtask::DEFAULT_SPEC;

#[test]
fn api_surface() {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join(DEFAULT_SPEC)).expect("the spec is readable");
    let api = codegen::lower_spec(&text, DEFAULT_SPEC).unwrap_or_else(|diags| panic!("{diags}"));
    insta::assert_snapshot!(surface(&api));
}

fn surface(api: &ir::Api) -> String {
    let mut out = String::new();
    for method in &api.methods {
        out.push_str(&method_lines(method));
    }
    for shared in &api.shared {
        out.push_str(&struct_lines(shared, Side::Response));
    }
    out
}

fn method_lines(method: &ir::Method) -> String {
    let mut out = format!(
        "method {} -> Client::{} tier={} scopes=[{}] idempotent={}{}{}\n",
        method.wire,
        method.fn_name,
        method.tier,
        method.scopes.join(", "),
        method.idempotent,
        if method.async_job { " async-job" } else { "" },
        if method.pagination.is_some() { " paginated" } else { "" },
    );
    out.push_str(&struct_lines(&method.request, Side::Request));
    for rule in &method.rules {
        let args: Vec<&str> = rule.args.iter().map(|(wire, _)| wire.as_str()).collect();
        out.push_str(&format!("  rule {:?} [{}]\n", rule.kind, args.join(", ")));
    }
    out.push_str(&struct_lines(&method.response, Side::Response));
    for nested in &method.nested {
        out.push_str(&struct_lines(nested, Side::Response));
    }
    out.push_str(&format!("  enum {}Error\n", method.type_stem));
    for code in &method.errors {
        let retry = match code.retry {
            Retry::Never => "",
            Retry::Transient => " [transient]",
            Retry::RateLimited => " [rate-limited]",
            Retry::PartialSuccess => " [partial-success]",
        };
        out.push_str(&format!("    {} = {}{retry}\n", code.variant, code.wire));
    }
    out
}

/// Requests and responses map optional lists differently: a response list that is not
/// nullable reads as an empty `Vec` when absent.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Request,
    Response,
}

fn struct_lines(object: &ir::Struct, side: Side) -> String {
    let mut out = format!("  struct {}\n", object.name);
    for field in &object.fields {
        let ty = rust_type(&field.ty);
        let plain_list = side == Side::Response && matches!(field.ty, Ty::Vec(_)) && !field.nullable;
        let ty = if field.is_optional() && !plain_list { format!("Option<{ty}>") } else { ty };
        let rename = if field.wire == field.ident { String::new() } else { format!(" (wire `{}`)", field.wire) };
        let mut notes = Vec::new();
        if field.deprecated {
            notes.push("deprecated".to_owned());
        }
        let bounds = &field.bounds;
        if let Some(range) = range_text(bounds.min_items, bounds.max_items) {
            notes.push(format!("items {range}"));
        }
        if let Some(range) = range_text(bounds.minimum, bounds.maximum) {
            notes.push(format!("range {range}"));
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" [{}]", notes.join(", ")) };
        out.push_str(&format!("    {}: {ty}{rename}{notes}\n", field.ident));
    }
    out
}

/// `1..=1000`, `1..` or `..=10`, like a Rust range pattern.
fn range_text<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> Option<String> {
    match (min, max) {
        (None, None) => None,
        (min, max) => {
            let min = min.map(|n| n.to_string()).unwrap_or_default();
            let max = max.map(|n| format!("={n}")).unwrap_or_default();
            Some(format!("{min}..{max}"))
        }
    }
}

fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Vec(item) => format!("Vec<{}>", rust_type(item)),
        Ty::Named(name) => name.clone(),
    }
}
