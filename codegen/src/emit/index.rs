//! Emits the index module that declares every method file, and the shared types file.

use super::response::emit_nested_struct;
use super::Emitted;
use crate::docs::{line_attr, Doc};
use crate::ir::Api;
use crate::syntax;

/// Generates `mod.rs`: a module per method, the shared types, and their re-exports.
pub(super) fn emit_index(api: &Api) -> Emitted {
    let mut doc = Doc::new();
    doc.trusted("The generated bindings: one module per Slack method, plus the types their responses share.");
    let mut file = Emitted::new(&doc);
    file.extend(api.methods.iter().map(|m| syntax::mod_decl(&m.fn_name)));
    if !api.shared.is_empty() || !api.enums.is_empty() {
        let mut names: Vec<&str> = api.shared.iter().map(|s| s.name.as_str()).collect();
        names.extend(api.enums.iter().map(|e| e.name.as_str()));
        names.sort_unstable();
        file.push(syntax::mod_decl("types"));
        file.push(syntax::use_item(true, "self::types", names));
    }
    file.extend(api.methods.iter().map(|method| {
        let mut names = vec![method.request.name.as_str(), method.response.name.as_str(), method.error_name.as_str()];
        names.extend(method.nested.iter().map(|s| s.name.as_str()));
        names.sort_unstable();
        syntax::use_item(true, &format!("self::{}", method.fn_name), names)
    }));
    let wires = syntax::array(api.methods.iter().map(|m| syntax::lit_str(&m.wire)));
    file.push(syntax::const_item(
        vec![line_attr("Every Slack method this crate binds, sorted by name.")],
        true,
        "METHOD_NAMES",
        syntax::ty_ref(None, syntax::ty_slice(syntax::ty_ref(None, syntax::ty("str")))),
        syntax::reference(wires),
    ));
    file
}

/// Generates `types.rs`: the object types that responses of several methods share.
pub(super) fn emit_shared(api: &Api) -> Emitted {
    let mut doc = Doc::new();
    doc.trusted("Object types shared by the responses of several Slack methods.");
    if !api.enums.is_empty() {
        doc.append(" Also the string enums of arguments and responses.");
    }
    let mut file = Emitted::new(&doc);
    // Only structs derive `Deserialize`; the import would be unused without them.
    if !api.shared.is_empty() {
        file.push(syntax::use_path("serde::Deserialize"));
    }
    file.extend(api.shared.iter().flat_map(emit_nested_struct));
    file.extend(api.enums.iter().flat_map(super::enums::emit_enum));
    file
}
