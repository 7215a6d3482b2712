//! A snapshot of the real spec's API surface: one line per method, type, field and error
//! variant, so that a spec change shows up as a short diff a reviewer can read without
//! wading through the generated code.
//!
//! The structure comes from the validated IR (`codegen::lower_spec`). Each field's Rust
//! type is read from the generated code itself, because the emitters decide the final
//! shape (an optional response list is a bare `Vec` that reads as empty when absent),
//! and a surface that guessed would drift from the code it describes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use codegen::ir::{self, Retry, RuleKind, Ty};
use xtask::DEFAULT_SPEC;

#[test]
fn api_surface() {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join(DEFAULT_SPEC)).expect("the spec is readable");
    let api = codegen::lower_spec(&text, DEFAULT_SPEC).unwrap_or_else(|diags| panic!("{diags}"));
    let files = codegen::generate(&text, DEFAULT_SPEC).unwrap_or_else(|diags| panic!("{diags}"));
    let types = FieldTypes::from_files(&files);
    insta::assert_snapshot!(surface(&api, &types));
}

/// The whole surface: methods in the IR's order (sorted by wire name), then shared types.
fn surface(api: &ir::Api, types: &FieldTypes) -> String {
    let mut out = String::new();
    for method in &api.methods {
        method_lines(&mut out, method, types);
    }
    for shared in &api.shared {
        struct_lines(&mut out, "shared", shared, types, 0);
    }
    out
}

fn method_lines(out: &mut String, method: &ir::Method, types: &FieldTypes) {
    let _ = writeln!(
        out,
        "method {} fn={} tier={} scopes=[{}] idempotent={} paginated={} async_job={} deprecated={}",
        method.wire,
        method.fn_name,
        method.tier,
        method.scopes.join(", "),
        method.idempotent,
        method.pagination.is_some(),
        method.async_job,
        method.deprecated,
    );
    struct_lines(out, "request", &method.request, types, 2);
    for rule in &method.rules {
        let kind = match rule.kind {
            RuleKind::AllOrNone => "all-or-none",
            RuleKind::AtLeastOne => "at-least-one",
            RuleKind::ExactlyOne => "exactly-one",
        };
        let args: Vec<&str> = rule.args.iter().map(|(wire, _)| wire.as_str()).collect();
        let _ = writeln!(out, "  rule {kind} [{}]", args.join(", "));
    }
    if let Some(p) = &method.pagination {
        let next: Vec<&str> = p.next_cursor.iter().map(|(ident, _)| ident.as_str()).collect();
        let _ = writeln!(
            out,
            "  paginate cursor={} next={} items={}: {} empty=[{}]",
            p.cursor_field,
            next.join("."),
            p.items_field,
            ty_text(&p.item_ty),
            p.empty_codes.iter().map(|(wire, _)| wire.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    if let Some(batch) = &method.batch {
        let _ = writeln!(out, "  batch {} max-per-call={} fn={}", batch.wire, batch.max_per_call, batch.fn_name);
    }
    struct_lines(out, "response", &method.response, types, 2);
    for nested in &method.nested {
        struct_lines(out, "nested", nested, types, 2);
    }
    let _ = writeln!(out, "  error {}Error", method.type_stem);
    for code in &method.errors {
        let retry = match code.retry {
            Retry::Never => "",
            Retry::Transient => " [transient]",
            Retry::RateLimited => " [rate-limited]",
            Retry::PartialSuccess => " [partial-success]",
        };
        let _ = writeln!(out, "    {} = {} {{{}}}{retry}", code.variant, code.wire, code.category.spec_name());
    }
    let warnings: Vec<&str> = method.warnings.iter().map(|w| w.wire.as_str()).collect();
    let _ = writeln!(out, "  warnings [{}]", warnings.join(", "));
}

/// One line for the struct, then one per field: `name: Type required|optional`, plus
/// whatever else about the field is part of the contract (nullability, deprecation, the
/// wire name when it differs, bounds and Slack's default).
fn struct_lines(out: &mut String, kind: &str, object: &ir::Struct, types: &FieldTypes, indent: usize) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{kind} {}", object.name);
    for field in &object.fields {
        let ty = types.get(&object.name, &field.ident);
        let mut notes = vec![if field.required { "required" } else { "optional" }.to_owned()];
        if field.nullable {
            notes.push("nullable".to_owned());
        }
        if field.deprecated {
            notes.push("deprecated".to_owned());
        }
        if field.wire != field.ident {
            notes.push(format!("wire={}", field.wire));
        }
        let bounds = &field.bounds;
        if let Some(range) = range_text(bounds.min_items, bounds.max_items) {
            notes.push(format!("items={range}"));
        }
        if let Some(range) = range_text(bounds.minimum, bounds.maximum) {
            notes.push(format!("range={range}"));
        }
        if let Some(default) = &field.default {
            notes.push(format!("default={default}"));
        }
        let _ = writeln!(out, "{pad}  {}: {ty} {}", field.ident, notes.join(" "));
    }
}

/// `1..=1000`, `1..` or `..=10`, like a Rust range pattern.
fn range_text<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> Option<String> {
    if min.is_none() && max.is_none() {
        return None;
    }
    let min = min.map(|n| n.to_string()).unwrap_or_default();
    let max = max.map(|n| format!("={n}")).unwrap_or_default();
    Some(format!("{min}..{max}"))
}

/// The IR's type before any `Option`, for the pagination line.
fn ty_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Vec(item) => format!("Vec<{}>", ty_text(item)),
        Ty::Named(name) => name.clone(),
    }
}

/// Every struct field's Rust type as written in the generated code, by struct and field.
struct FieldTypes(BTreeMap<(String, String), String>);

impl FieldTypes {
    fn from_files(files: &[codegen::GeneratedFile]) -> FieldTypes {
        let mut map = BTreeMap::new();
        for file in files {
            let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
            for item in parsed.items {
                let syn::Item::Struct(item) = item else { continue };
                for field in &item.fields {
                    let Some(ident) = &field.ident else { continue };
                    map.insert((item.ident.to_string(), ident.to_string()), type_text(&field.ty));
                }
            }
        }
        FieldTypes(map)
    }

    #[track_caller]
    fn get(&self, object: &str, field: &str) -> &str {
        let key = (object.to_owned(), field.to_owned());
        self.0.get(&key).unwrap_or_else(|| panic!("the generated code has no field `{object}::{field}`"))
    }
}

/// A path type such as `Option<Vec<String>>`, written without spaces. Generated fields
/// use nothing else, so anything else fails loudly rather than printing something vague.
fn type_text(ty: &syn::Type) -> String {
    let syn::Type::Path(path) = ty else { panic!("a generated field has a non-path type") };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| {
            let name = segment.ident.to_string();
            match &segment.arguments {
                syn::PathArguments::None => name,
                syn::PathArguments::AngleBracketed(args) => {
                    let args: Vec<String> = args
                        .args
                        .iter()
                        .map(|arg| match arg {
                            syn::GenericArgument::Type(inner) => type_text(inner),
                            _ => panic!("a generated field type has a non-type generic argument"),
                        })
                        .collect();
                    format!("{name}<{}>", args.join(", "))
                }
                syn::PathArguments::Parenthesized(_) => panic!("a generated field has a function type"),
            }
        })
        .collect();
    segments.join("::")
}
