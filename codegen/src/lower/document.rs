//! The document as a whole: top-level sections, `components`, the path items that name
//! Slack methods, and the checks that need every path at once.

use std::collections::BTreeSet;

use super::Lowerer;
use crate::ir;
use crate::path::DocPath;
use crate::spec::{self, Checked, OrderedMap};

impl Lowerer<'_> {
    pub(super) fn check_document(&mut self) {
        let document = self.document;
        for problem in &document.problems {
            self.diags.error(problem.path.as_str(), problem.message.clone());
        }
        if let Some(version) = document.openapi.as_deref().filter(|v| !v.starts_with("3.0.")) {
            let message = format!("expected OpenAPI version 3.0.x, found `{version}`");
            self.error(&DocPath::at("openapi"), message);
        }
        if document.security.is_some() {
            let why = "each operation names its own scopes under `security`";
            self.unsupported(&DocPath::at("security"), "top-level `security`", why);
        }
        if document.webhooks.is_some() {
            self.unsupported(&DocPath::at("webhooks"), "`webhooks`", "Slack methods are paths");
        }
        if document.paths.as_ref().is_some_and(|paths| paths.0.is_empty()) {
            self.error(&DocPath::at("paths"), "expected at least one Slack method under `paths`");
        }
        self.check_components();
    }

    pub(super) fn check_components(&mut self) {
        let components = &self.document.components;
        let at = DocPath::at("components");
        let arguments = "arguments are described by the request body schema";
        let found = [
            ("parameters", components.parameters.is_some(), arguments),
            ("requestBodies", components.request_bodies.is_some(), arguments),
            ("headers", components.headers.is_some(), "the runtime reads the headers it needs itself"),
            ("examples", components.examples.is_some(), "put one `example` next to each schema or body"),
            ("links", components.links.is_some(), "Slack methods have no links"),
            ("callbacks", components.callbacks.is_some(), "Slack methods have no callbacks"),
        ];
        self.reject_present(&at, &found, |key| format!("`components.{key}`"));
        for (name, scheme) in components.security_schemes.iter() {
            self.check_security_scheme(&at.key("securitySchemes").key(name), scheme);
        }
        for (name, schema) in components.schemas.iter() {
            self.checked(&at.key("schemas").key(name), schema);
        }
        for (name, response) in components.responses.iter() {
            self.checked(&at.key("responses").key(name), response);
        }
        self.check_shared_rows();
    }

    pub(super) fn check_security_scheme(&mut self, at: &DocPath, scheme: &Checked<spec::SecurityScheme>) {
        let Some(scheme) = self.checked(at, scheme) else { return };
        let bearer = scheme.kind == "http" && scheme.scheme.as_deref() == Some("bearer");
        if !bearer {
            let why = "Slack tokens travel as `Authorization: Bearer`; expected `type: http, scheme: bearer`";
            let scheme_name = scheme.scheme.as_deref().unwrap_or("none");
            self.unsupported(at, &format!("the security scheme `type: {}, scheme: {scheme_name}`", scheme.kind), why);
        }
    }

    pub(super) fn lower_path(
        &mut self,
        at: &DocPath,
        path: &str,
        item: &Checked<spec::PathItem>,
    ) -> Option<ir::Method> {
        let item = self.checked(at, item)?;
        self.check_path_item(at, item);
        let wire = self.method_name(at, path)?;
        let Some(operation) = &item.post else {
            self.error(at, "expected a `post` operation: Slack takes every method as a POST");
            return None;
        };
        let at = at.key("post");
        let operation = self.checked(&at, operation)?;
        self.lower_operation(&at, &wire, operation)
    }

    pub(super) fn check_path_item(&mut self, at: &DocPath, item: &spec::PathItem) {
        let post = "Slack methods are called with POST";
        let verbs = [
            ("get", item.get.is_some(), post),
            ("put", item.put.is_some(), post),
            ("delete", item.delete.is_some(), post),
            ("patch", item.patch.is_some(), post),
            ("head", item.head.is_some(), post),
            ("options", item.options.is_some(), post),
            ("trace", item.trace.is_some(), post),
        ];
        self.reject_present(at, &verbs, |verb| format!("the `{verb}` operation"));
        let in_full = "describe each method in full under `post`";
        let extras = [
            ("parameters", item.parameters.is_some(), in_full),
            ("servers", item.servers.is_some(), in_full),
            ("$ref", item.reference.is_some(), in_full),
        ];
        self.reject_present(at, &extras, |key| format!("path-level `{key}`"));
    }

    pub(super) fn method_name(&mut self, at: &DocPath, path: &str) -> Option<String> {
        let wire = path.strip_prefix('/').unwrap_or("");
        let valid = !wire.is_empty()
            && wire.split('.').all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            && wire.starts_with(|c: char| c.is_ascii_alphabetic());
        if !valid {
            let message = format!(
                "expected a path named after a Slack method, such as `/admin.users.session.reset`, found `{path}`"
            );
            self.error(at, message);
            return None;
        }
        Some(wire.to_owned())
    }

    /// Two methods whose names collide after conversion are reported by `finish`; here
    /// the `operationId`s, which are not converted, must simply differ.
    pub(super) fn check_unique_ids(&mut self) {
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for (path, item) in self.document.paths.iter().flat_map(OrderedMap::iter) {
            let Checked::Ok(item) = item else { continue };
            let Some(Checked::Ok(op)) = &item.post else { continue };
            let Some(id) = op.operation_id.as_deref() else { continue };
            if !ids.insert(id) {
                let at = DocPath::at("paths").key(path).key("post").key("operationId");
                self.diags.error(at.as_str(), format!("the operationId `{id}` is used twice"));
            }
        }
    }
}
