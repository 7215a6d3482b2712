//! Lowers the parsed spec into the IR: follows `$ref`s, maps types, derives names, and
//! checks everything the emitters rely on. Every problem is recorded, none is fatal on
//! its own, so one run reports all of them.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use crate::diag::Diagnostics;
use crate::ir::{self, Bounds, Field, Struct, Ty};
use crate::naming;
use crate::spec::{self, Checked, Document, OrderedMap, Schema};

mod finish;

pub use finish::{RESERVED_CLIENT_FNS, RESERVED_TYPE_NAMES};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const SCHEMA_PREFIX: &str = "#/components/schemas/";
const ERROR_PREFIX: &str = "#/components/x-slack-errors/";
const WARNING_PREFIX: &str = "#/components/x-slack-warnings/";
const RESPONSE_PREFIX: &str = "#/components/responses/";

/// Schema keywords the generator does not support, with their spellings in the spec.
const UNSUPPORTED_SCHEMA_KEYS: &[&str] = &[
    "enum",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "pattern",
    "minLength",
    "maxLength",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "discriminator",
];

/// Lowers a parsed document. `spec_path` is recorded in the IR for file headers.
pub fn lower(document: &Document, spec_path: &str) -> Result<ir::Api, Diagnostics> {
    let mut cx = Lowerer { document, diags: Diagnostics::default(), shared: BTreeMap::new(), visiting: Vec::new() };
    cx.check_document();
    let mut methods = Vec::new();
    for (path, item) in document.paths.iter().flat_map(OrderedMap::iter) {
        let at = Path::root("paths").key(path);
        if let Some(method) = cx.lower_path(&at, path, item) {
            methods.push(method);
        }
    }
    cx.check_unique_ids();
    methods.sort_by(|a, b| a.wire.cmp(&b.wire));
    finish::check_api(&mut cx.diags, &methods, &cx.shared);
    let shared = cx.shared.into_values().flatten().collect();
    let mut api = ir::Api { spec_path: spec_path.to_owned(), methods, shared };
    finish::clean_text(&mut api);
    cx.diags.finish(api)
}

/// A document path such as `paths./admin.users.session.reset.post.x-slack-errors[3]`.
#[derive(Debug, Clone)]
struct Path(String);

impl Path {
    fn root(key: &str) -> Path {
        Path(key.to_owned())
    }

    fn key(&self, key: &str) -> Path {
        Path(format!("{}.{key}", self.0))
    }

    fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

struct Lowerer<'a> {
    document: &'a Document,
    diags: Diagnostics,
    /// Shared structs by schema name (`Name/Inner` for objects nested in one).
    shared: BTreeMap<String, Option<Struct>>,
    /// The schemas whose `$ref`s are being followed right now, outermost first; meeting
    /// one again means the schema contains itself.
    visiting: Vec<String>,
}

/// What a property may be: arguments take scalars and lists of them, responses also
/// take objects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Argument,
    Response,
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, at: &Path, message: impl Into<String>) {
        self.diags.error(at.as_str(), message);
    }

    fn unsupported(&mut self, at: &Path, what: &str, why: &str) {
        self.error(at, format!("{what} is not supported: {why}"));
    }

    /// Unwraps a [`Checked`] value, recording its parse error at `at`.
    fn checked<'v, T>(&mut self, at: &Path, value: &'v Checked<T>) -> Option<&'v T> {
        match value {
            Checked::Ok(value) => Some(value),
            Checked::Err(invalid) => {
                self.diags.error(spec::join(at.as_str(), &invalid.path), invalid.message.clone());
                None
            }
        }
    }

    fn check_document(&mut self) {
        let document = self.document;
        for problem in &document.problems {
            self.diags.error(problem.path.as_str(), problem.message.clone());
        }
        if let Some(version) = document.openapi.as_deref().filter(|v| !v.starts_with("3.0.")) {
            let message = format!("expected OpenAPI version 3.0.x, found `{version}`");
            self.error(&Path::root("openapi"), message);
        }
        if document.security.is_some() {
            let why = "each operation names its own scopes under `security`";
            self.unsupported(&Path::root("security"), "top-level `security`", why);
        }
        if document.webhooks.is_some() {
            self.unsupported(&Path::root("webhooks"), "`webhooks`", "Slack methods are paths");
        }
        if document.paths.as_ref().is_some_and(|paths| paths.0.is_empty()) {
            self.error(&Path::root("paths"), "expected at least one Slack method under `paths`");
        }
        self.check_components();
    }

    fn check_components(&mut self) {
        let components = &self.document.components;
        let at = Path::root("components");
        let arguments = "arguments are described by the request body schema";
        let unsupported = [
            ("parameters", components.parameters.is_some(), arguments),
            ("requestBodies", components.request_bodies.is_some(), arguments),
            ("headers", components.headers.is_some(), "the runtime reads the headers it needs itself"),
            ("examples", components.examples.is_some(), "put one `example` next to each schema or body"),
            ("links", components.links.is_some(), "Slack methods have no links"),
            ("callbacks", components.callbacks.is_some(), "Slack methods have no callbacks"),
        ];
        for (key, present, why) in unsupported {
            if present {
                self.unsupported(&at.key(key), &format!("`components.{key}`"), why);
            }
        }
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

    fn check_security_scheme(&mut self, at: &Path, scheme: &Checked<spec::SecurityScheme>) {
        let Some(scheme) = self.checked(at, scheme) else { return };
        let bearer = scheme.kind == "http" && scheme.scheme.as_deref() == Some("bearer");
        if !bearer {
            let why = "Slack tokens travel as `Authorization: Bearer`; expected `type: http, scheme: bearer`";
            let scheme_name = scheme.scheme.as_deref().unwrap_or("none");
            self.unsupported(at, &format!("the security scheme `type: {}, scheme: {scheme_name}`", scheme.kind), why);
        }
    }

    fn check_shared_rows(&mut self) {
        let at = Path::root("components").key("x-slack-errors");
        for (key, row) in self.document.components.slack_errors.iter() {
            let at = at.key(key);
            let Some(row) = self.checked(&at, row) else { continue };
            if row.reference.is_some() {
                self.error(
                    &at.key("$ref"),
                    "a shared error row cannot itself be a `$ref`; expected `code` and `description`",
                );
            }
            if row.code.as_deref().is_some_and(|code| code != key) {
                self.error(&at.key("code"), format!("the code must match its key `{key}`"));
            }
            // Checked here as well as where a method uses the row, so that a shared row
            // no method references yet is not left without one.
            if row.reference.is_none() && row.category.is_none() {
                self.missing_category(&at, key);
            }
        }
        let at = Path::root("components").key("x-slack-warnings");
        for (key, row) in self.document.components.slack_warnings.iter() {
            let at = at.key(key);
            let Some(row) = self.checked(&at, row) else { continue };
            if row.code.as_deref().is_some_and(|code| code != key) {
                self.error(&at.key("code"), format!("the code must match its key `{key}`"));
            }
        }
    }

    fn lower_path(&mut self, at: &Path, path: &str, item: &Checked<spec::PathItem>) -> Option<ir::Method> {
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

    fn check_path_item(&mut self, at: &Path, item: &spec::PathItem) {
        let others = [
            ("get", item.get.is_some()),
            ("put", item.put.is_some()),
            ("delete", item.delete.is_some()),
            ("patch", item.patch.is_some()),
            ("head", item.head.is_some()),
            ("options", item.options.is_some()),
            ("trace", item.trace.is_some()),
        ];
        for (verb, present) in others {
            if present {
                self.unsupported(
                    &at.key(verb),
                    &format!("the `{verb}` operation"),
                    "Slack methods are called with POST",
                );
            }
        }
        let extras = [
            ("parameters", item.parameters.is_some()),
            ("servers", item.servers.is_some()),
            ("$ref", item.reference.is_some()),
        ];
        for (key, present) in extras {
            if present {
                self.unsupported(
                    &at.key(key),
                    &format!("path-level `{key}`"),
                    "describe each method in full under `post`",
                );
            }
        }
    }

    fn method_name(&mut self, at: &Path, path: &str) -> Option<String> {
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

    fn lower_operation(&mut self, at: &Path, wire: &str, op: &spec::Operation) -> Option<ir::Method> {
        self.check_operation_extras(at, op);
        let (type_stem, fn_name) = match (naming::type_stem(wire), naming::fn_name(wire)) {
            (Ok(stem), Ok(name)) => (stem, name),
            (Err(error), _) | (_, Err(error)) => {
                self.error(at, format!("`{wire}` cannot become Rust names: {error}"));
                return None;
            }
        };
        let summary = self.required_text(at, "summary", op.summary.as_deref());
        if summary.trim().contains('\n') {
            self.error(&at.key("summary"), "expected a one-line `summary`; longer text belongs in `description`");
        }
        let docs_url = self.lower_docs_url(&at.key("externalDocs").key("url"), op.external_docs.as_ref());
        let scopes = self.lower_security(&at.key("security"), op.security.as_deref());
        let tier = self.lower_tier(at, op.rate_limit_tier.as_ref());
        let idempotent = self.lower_flag(at, "x-slack-idempotent", op.idempotent.as_ref(), true);
        let async_job = self.lower_flag(at, "x-slack-async-job", op.async_job.as_ref(), false);
        let request = self.lower_request(&at.key("requestBody"), &type_stem, op.request_body.as_ref());
        let (response, nested) = self.lower_responses(&at.key("responses"), &type_stem, op.responses.as_ref());
        let errors = self.lower_errors(&at.key("x-slack-errors"), op.slack_errors.as_deref());
        let warnings = self.lower_warnings(&at.key("x-slack-warnings"), op.slack_warnings.as_deref());
        let request = request?;
        let response = response?;
        let rules = self.lower_rules(&at.key("x-slack-arg-rules"), &op.arg_rules, &request);
        let pagination = match &op.pagination {
            Some(p) => self.lower_pagination(&at.key("x-slack-pagination"), p, &request, &response, &nested, &errors),
            None => None,
        };
        let batch = match &op.batch {
            Some(batch) => self.lower_batch(&at.key("x-slack-batch"), batch, &request, &fn_name),
            None => None,
        };
        Some(ir::Method {
            wire: wire.to_owned(),
            type_stem,
            fn_name,
            summary,
            description: op.description.clone().unwrap_or_default(),
            docs_url,
            scopes,
            tier: tier?,
            idempotent,
            async_job,
            deprecated: op.deprecated,
            request,
            response,
            nested,
            errors,
            warnings,
            rules,
            pagination,
            batch,
        })
    }

    /// Checks `x-slack-batch`: the argument is a required array of strings, and one call
    /// takes between 1 and the argument's `maxItems` items.
    fn lower_batch(
        &mut self,
        at: &Path,
        batch: &Checked<spec::Batch>,
        request: &Struct,
        fn_name: &str,
    ) -> Option<ir::Batch> {
        let batch = self.checked(at, batch)?;
        let Some(field) = request.fields.iter().find(|f| f.wire == batch.arg) else {
            self.error(&at.key("arg"), format!("`{}` is not an argument of this method", batch.arg));
            return None;
        };
        if !field.required || field.ty != Ty::Vec(Box::new(Ty::String)) {
            let message = format!("`{}` cannot be split: expected a required array of strings", batch.arg);
            self.error(&at.key("arg"), message);
            return None;
        }
        let limit = field.bounds.max_items.unwrap_or(u64::from(u32::MAX));
        let max_per_call = match u32::try_from(batch.max_per_call) {
            Ok(max) if max >= 1 && u64::from(max) <= limit => max,
            _ => {
                let message = format!("expected `max-per-call` from 1 to {limit}, the argument's `maxItems`");
                self.error(&at.key("max-per-call"), message);
                return None;
            }
        };
        let fn_name = naming::batched_fn_name(fn_name);
        Some(ir::Batch { wire: field.wire.clone(), ident: field.ident.clone(), max_per_call, fn_name })
    }

    fn check_operation_extras(&mut self, at: &Path, op: &spec::Operation) {
        if op.operation_id.as_deref().is_none_or(str::is_empty) {
            self.error(&at.key("operationId"), "expected an `operationId`");
        }
        let extras = [
            (
                "parameters",
                op.parameters.is_some(),
                "Slack arguments travel in the request body; describe them in its schema",
            ),
            ("callbacks", op.callbacks.is_some(), "Slack methods have no callbacks"),
            ("servers", op.servers.is_some(), "every method uses the document's server"),
        ];
        for (key, present, why) in extras {
            if present {
                self.unsupported(&at.key(key), &format!("`{key}`"), why);
            }
        }
    }

    /// The link goes into the docs as `<url>`, so it must be one URL and nothing else.
    fn lower_docs_url(&mut self, at: &Path, docs: Option<&spec::ExternalDocs>) -> Option<String> {
        let url = &docs?.url;
        let is_url = (url.starts_with("https://") || url.starts_with("http://"))
            && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`'));
        if !is_url {
            self.error(at, format!("expected an `https://` link without spaces, found `{}`", url.escape_debug()));
            return None;
        }
        Some(url.clone())
    }

    fn required_text(&mut self, at: &Path, key: &str, text: Option<&str>) -> String {
        match text {
            Some(text) if !text.trim().is_empty() => text.to_owned(),
            _ => {
                self.error(&at.key(key), format!("expected a non-empty `{key}`"));
                String::new()
            }
        }
    }

    fn lower_security(&mut self, at: &Path, security: Option<&[OrderedMap<Vec<String>>]>) -> Vec<String> {
        let expected = "expected `security: [{<scheme>: [<scope>]}]` naming the method's OAuth scope";
        let Some([requirement]) = security else {
            self.error(at, expected);
            return Vec::new();
        };
        let Some(((scheme, scopes), [])) = requirement.0.split_first() else {
            self.error(&at.index(0), expected);
            return Vec::new();
        };
        if self.document.components.security_schemes.get(scheme).is_none() {
            let message = format!("the security scheme `{scheme}` is not defined under `components.securitySchemes`");
            self.error(&at.index(0).key(scheme), message);
        }
        if scopes.is_empty() {
            self.error(&at.index(0).key(scheme), "expected at least one scope");
        }
        for (index, scope) in scopes.iter().enumerate() {
            let plain = !scope.is_empty() && scope.chars().all(|c| c.is_ascii_graphic() && c != '`');
            if !plain {
                let message = format!("expected a scope such as `admin.users:read`, found `{}`", scope.escape_debug());
                self.error(&at.index(0).key(scheme).index(index), message);
            }
        }
        scopes.clone()
    }

    fn lower_tier(&mut self, at: &Path, tier: Option<&Checked<i64>>) -> Option<u8> {
        let at = at.key("x-slack-rate-limit-tier");
        let Some(tier) = tier else {
            self.error(&at, "expected the method's rate-limit tier, an integer from 1 to 4");
            return None;
        };
        let tier = *self.checked(&at, tier)?;
        match u8::try_from(tier) {
            Ok(tier @ 1..=4) => Some(tier),
            _ => {
                self.error(&at, format!("expected a tier from 1 to 4, found {tier}"));
                None
            }
        }
    }

    fn lower_flag(&mut self, at: &Path, key: &str, flag: Option<&Checked<bool>>, required: bool) -> bool {
        let at = at.key(key);
        match flag {
            Some(flag) => self.checked(&at, flag).copied().unwrap_or(false),
            None => {
                if required {
                    self.error(&at, format!("expected `{key}: true` or `{key}: false`"));
                }
                false
            }
        }
    }

    fn lower_request(&mut self, at: &Path, stem: &str, body: Option<&Checked<spec::RequestBody>>) -> Option<Struct> {
        let Some(body) = body else {
            self.error(at, "expected a `requestBody` with the method's arguments");
            return None;
        };
        let body = self.checked(at, body)?;
        let content = at.key("content");
        let mut schemas: Vec<(&str, &Schema)> = Vec::new();
        let mut form_encoding = None;
        for (media, entry) in body.content.iter() {
            let media_at = content.key(media);
            let Some(entry) = self.checked(&media_at, entry) else { continue };
            if media != FORM && media != JSON {
                let why = "Slack methods take `application/x-www-form-urlencoded` or `application/json`";
                self.unsupported(&media_at, &format!("the media type `{media}`"), why);
                continue;
            }
            let Some(schema) = &entry.schema else {
                self.error(&media_at.key("schema"), "expected a `schema`");
                continue;
            };
            if media == FORM {
                form_encoding = Some((media_at.key("encoding"), entry.encoding.as_ref()));
            }
            schemas.push((media, schema));
        }
        let (first_media, first) = *schemas.first().or_else(|| {
            self.error(&content, format!("expected `{FORM}` and `{JSON}` bodies"));
            None
        })?;
        for (media, schema) in &schemas[1..] {
            if schema.reference != first.reference || schema.reference.is_none() {
                let message =
                    format!("expected the `{media}` body to `$ref` the same schema as the `{first_media}` body");
                self.error(&content.key(media).key("schema"), message);
            }
        }
        // Resolved once here: the body checks below read the declared arguments too.
        let (schema_at, schema) = self.resolve(&content.key(first_media).key("schema"), first, &mut Vec::new())?;
        let request = self.lower_resolved_object(
            &schema_at,
            &schema,
            &format!("{stem}Request"),
            Role::Argument,
            &mut Vec::new(),
        )?;
        self.check_body_required(&at.key("required"), body.required, &schema.required);
        if let Some((encoding_at, encoding)) = form_encoding {
            let declared: Vec<&String> =
                schema.properties.iter().flat_map(|p| p.0.iter().map(|(name, _)| name)).collect();
            self.check_form_encoding(&encoding_at, encoding, &request, &declared);
        }
        Some(request)
    }

    /// A body is required exactly when some argument is. A method whose arguments are all
    /// optional can be called with an empty body, and OpenAPI tools (Prism among them)
    /// treat an empty body as a missing one, so such a body must say `required: false`.
    fn check_body_required(&mut self, at: &Path, body_required: bool, required_args: &[String]) {
        match (body_required, required_args.first()) {
            (false, Some(first)) => {
                self.error(
                    at,
                    format!(
                        "expected `required: true`: the argument `{first}` is required, so every call sends a body"
                    ),
                );
            }
            (true, None) => {
                self.error(
                    at,
                    "expected `required: false`: every argument is optional, so a call may send an empty body",
                );
            }
            _ => {}
        }
    }

    /// Checks that every list argument is sent comma-joined in form bodies, which is how
    /// the runtime encodes it, so the spec and the client can never disagree.
    fn check_form_encoding(
        &mut self,
        at: &Path,
        encoding: Option<&OrderedMap<Checked<spec::Encoding>>>,
        request: &Struct,
        declared: &[&String],
    ) {
        let empty = OrderedMap::default();
        let encoding = encoding.unwrap_or(&empty);
        for (name, entry) in encoding.iter() {
            let entry_at = at.key(name);
            let Some(entry) = self.checked(&entry_at, entry) else { continue };
            let Some(field) = request.fields.iter().find(|f| f.wire == *name) else {
                // An argument that failed to lower has been reported already.
                if !declared.contains(&name) {
                    self.error(&entry_at, format!("`{name}` is not an argument of this method"));
                }
                continue;
            };
            let comma_joined = entry.style.as_deref() == Some("form") && entry.explode == Some(false);
            let extras = entry.content_type.is_some() || entry.headers.is_some() || entry.allow_reserved.is_some();
            if !matches!(field.ty, Ty::Vec(_)) || !comma_joined || extras {
                self.error(&entry_at, "expected `{style: form, explode: false}` on a list argument and nothing else");
            }
        }
        for field in &request.fields {
            if matches!(field.ty, Ty::Vec(_)) && encoding.get(&field.wire).is_none() {
                let message = format!(
                    "expected an encoding for the list argument `{}`: `{{style: form, explode: false}}`",
                    field.wire
                );
                self.error(at, message);
            }
        }
    }

    fn lower_responses(
        &mut self,
        at: &Path,
        stem: &str,
        responses: Option<&OrderedMap<Checked<spec::Response>>>,
    ) -> (Option<Struct>, Vec<Struct>) {
        let Some(responses) = responses else {
            self.error(at, "expected `responses` with a '200' entry");
            return (None, Vec::new());
        };
        let mut success = None;
        let mut nested = Vec::new();
        for (status, response) in responses.iter() {
            let status_at = at.key(status);
            let Some(response) = self.checked(&status_at, response) else { continue };
            match status.as_str() {
                "200" => success = self.lower_success(&status_at, stem, response, &mut nested),
                "default" => self.check_error_response(&status_at, response),
                _ => {
                    let why = "Slack reports failures in the body; only '200' and 'default' are read";
                    self.unsupported(&status_at, &format!("the response status `{status}`"), why);
                }
            }
        }
        if success.is_none() && responses.get("200").is_none() {
            self.error(at, "expected a '200' response describing the success body");
        }
        (success, nested)
    }

    fn lower_success(
        &mut self,
        at: &Path,
        stem: &str,
        response: &spec::Response,
        nested: &mut Vec<Struct>,
    ) -> Option<Struct> {
        if response.reference.is_some() {
            self.unsupported(
                &at.key("$ref"),
                "a `$ref` for the success response",
                "describe it inline with a schema `$ref`",
            );
            return None;
        }
        self.check_response_extras(at, response);
        let content_at = at.key("content");
        let Some(media) = response.content.as_ref().and_then(|c| c.get(JSON)) else {
            self.error(&content_at, format!("expected an `{JSON}` body"));
            return None;
        };
        let media_at = content_at.key(JSON);
        let media = self.checked(&media_at, media)?;
        let Some(schema) = &media.schema else {
            self.error(&media_at.key("schema"), "expected a `schema`");
            return None;
        };
        self.lower_object(&media_at.key("schema"), schema, &format!("{stem}Response"), Role::Response, nested)
    }

    fn check_response_extras(&mut self, at: &Path, response: &spec::Response) {
        if response.headers.is_some() {
            self.unsupported(&at.key("headers"), "response `headers`", "the runtime reads the headers it needs itself");
        }
        if response.links.is_some() {
            self.unsupported(&at.key("links"), "response `links`", "Slack methods have no links");
        }
    }

    /// The `default` response documents Slack's error envelope, which the runtime decodes
    /// itself; it only has to point at a shared response that exists.
    fn check_error_response(&mut self, at: &Path, response: &spec::Response) {
        let Some(reference) = &response.reference else {
            self.check_response_extras(at, response);
            return;
        };
        let target = reference.strip_prefix(RESPONSE_PREFIX);
        if target.and_then(|name| self.document.components.responses.get(name)).is_none() {
            self.error(
                &at.key("$ref"),
                format!("unresolved reference `{reference}`; expected `{RESPONSE_PREFIX}<name>`"),
            );
        }
    }

    /// Lowers an object schema (inline or by reference) into a struct named `name`.
    fn lower_object(
        &mut self,
        at: &Path,
        schema: &Schema,
        name: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Struct> {
        let (at, schema) = self.resolve(at, schema, &mut Vec::new())?;
        self.lower_resolved_object(&at, &schema, name, role, nested)
    }

    /// [`Self::lower_object`] for a schema whose `$ref` has been followed already.
    fn lower_resolved_object(
        &mut self,
        at: &Path,
        schema: &Schema,
        name: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Struct> {
        self.check_schema_keys(at, schema);
        if schema.kind.as_deref().is_some_and(|kind| kind != "object") {
            self.error(&at.key("type"), "expected `type: object`");
            return None;
        }
        let Some(properties) = &schema.properties else {
            self.error(at, "expected `properties`: free-form objects are not supported");
            return None;
        };
        self.check_additional_properties(at, schema);
        let fields = self.lower_fields(at, schema, properties, name, role, nested);
        Some(Struct { name: name.to_owned(), description: schema.description.clone().unwrap_or_default(), fields })
    }

    fn check_additional_properties(&mut self, at: &Path, schema: &Schema) {
        match &schema.additional_properties {
            None | Some(Value::Bool(true)) => {}
            Some(_) => {
                let why = "generated types ignore unknown fields so Slack can add new ones; leave it out or set `true`";
                self.unsupported(&at.key("additionalProperties"), "`additionalProperties` other than `true`", why);
            }
        }
    }

    fn lower_fields(
        &mut self,
        at: &Path,
        schema: &Schema,
        properties: &OrderedMap<Checked<Schema>>,
        parent: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Vec<Field> {
        let props_at = at.key("properties");
        for (index, required) in schema.required.iter().enumerate() {
            if properties.get(required).is_none() {
                self.error(
                    &at.key("required").index(index),
                    format!("`{required}` is required but not among the properties"),
                );
            }
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut idents: BTreeMap<String, String> = BTreeMap::new();
        for (wire, property) in properties.iter() {
            let at = props_at.key(wire);
            let Some(property) = self.checked(&at, property) else { continue };
            let ident = match naming::field_name(wire) {
                Ok(ident) => ident,
                Err(error) => {
                    self.error(&at, format!("`{wire}` cannot become a Rust field name: {error}"));
                    continue;
                }
            };
            if let Some(other) = idents.insert(ident.clone(), wire.clone()) {
                self.error(&at, format!("`{wire}` and `{other}` both become the Rust field `{ident}`"));
                continue;
            }
            let required = schema.required.iter().any(|r| r == wire);
            if let Some(field) = self.lower_field(&at, wire, ident, required, property, parent, role, nested) {
                fields.push(field);
            }
        }
        fields
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_field(
        &mut self,
        at: &Path,
        wire: &str,
        ident: String,
        required: bool,
        property: &Schema,
        parent: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Field> {
        let nested_name = match naming::type_name(wire) {
            Ok(name) => format!("{parent}{name}"),
            Err(error) => {
                self.error(at, format!("`{wire}` cannot become part of a Rust type name: {error}"));
                return None;
            }
        };
        let ty = self.lower_type(at, property, &nested_name, role, nested)?;
        let (_, resolved) = self.resolve(at, property, &mut Vec::new())?;
        if role == Role::Argument && resolved.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            self.error(&at.key("description"), "expected a `description` for the argument");
        }
        let bounds = self.lower_bounds(at, &resolved, &ty);
        Some(Field {
            wire: wire.to_owned(),
            ident,
            ty,
            required,
            nullable: resolved.nullable,
            description: resolved.description.clone().unwrap_or_default(),
            example: resolved.example.as_ref().map(render_value),
            default: resolved.default.as_ref().map(render_value),
            deprecated: resolved.deprecated,
            bounds,
        })
    }

    /// Maps a property schema onto a Rust type. Inline objects in responses become nested
    /// structs named `nested_name`; references become shared structs.
    fn lower_type(
        &mut self,
        at: &Path,
        schema: &Schema,
        nested_name: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Ty> {
        if let Some(reference) = &schema.reference {
            return self.lower_reference(at, schema, reference, role);
        }
        if self.check_schema_keys(at, schema) {
            return None;
        }
        match schema.kind.as_deref() {
            Some("string") => Some(Ty::String),
            Some("boolean") => Some(Ty::Bool),
            Some("integer") => self.lower_integer(at, schema),
            Some("number") => Some(Ty::F64),
            Some("array") => self.lower_array(at, schema, nested_name, role, nested),
            Some("object") | None if schema.properties.is_some() => {
                if role == Role::Argument {
                    self.unsupported(at, "an object argument", "Slack arguments here are scalars or lists of scalars");
                    return None;
                }
                if nested_name.is_empty() {
                    let why = "it sits in a schema whose name cannot become a Rust type; give the schema a plain name";
                    self.unsupported(at, "an inline object", why);
                    return None;
                }
                let object = self.lower_object(at, schema, nested_name, role, nested)?;
                nested.push(object);
                Some(Ty::Named(nested_name.to_owned()))
            }
            Some("object") => {
                self.error(at, "expected `properties`: free-form objects are not supported");
                None
            }
            Some(other) => {
                self.error(
                    &at.key("type"),
                    format!("unknown type `{other}`; expected string, boolean, integer, number, array or object"),
                );
                None
            }
            None => {
                self.error(at, "expected a `type` or a `$ref`");
                None
            }
        }
    }

    fn lower_integer(&mut self, at: &Path, schema: &Schema) -> Option<Ty> {
        match schema.format.as_deref() {
            None | Some("int64") => Some(Ty::I64),
            Some("int32") => Some(Ty::I32),
            Some(other) => {
                self.error(&at.key("format"), format!("unknown integer format `{other}`; expected `int32` or `int64`"));
                None
            }
        }
    }

    fn lower_array(
        &mut self,
        at: &Path,
        schema: &Schema,
        nested_name: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Ty> {
        let Some(items) = &schema.items else {
            self.error(at, "expected `items` for an array");
            return None;
        };
        let items_at = at.key("items");
        let items = self.checked(&items_at, items)?;
        let item = self.lower_type(&items_at, items, nested_name, role, nested)?;
        match item {
            Ty::Vec(_) => {
                self.unsupported(&items_at, "an array of arrays", "no Slack method here takes or returns one");
                None
            }
            item => Some(Ty::Vec(Box::new(item))),
        }
    }

    fn lower_reference(&mut self, at: &Path, schema: &Schema, reference: &str, role: Role) -> Option<Ty> {
        let (target_at, target) = self.resolve(at, schema, &mut Vec::new())?;
        let name = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference).to_owned();
        if self.visiting.contains(&name) {
            let chain = self.visiting.join(" → ");
            self.error(&at.key("$ref"), format!("`$ref` cycle: {chain} → {name}; recursive types are not supported"));
            return None;
        }
        self.visiting.push(name.clone());
        let ty = if target.properties.is_none() || role == Role::Argument {
            self.lower_referenced_value(&target_at, &target, &name, role)
        } else {
            self.lower_shared_object(at, &target_at, &target, &name, role)
        };
        self.visiting.pop();
        ty
    }

    /// A reference to a scalar or array schema is just that type. An object inline in it
    /// (the items of an array, say) becomes a shared type named after the schema.
    fn lower_referenced_value(&mut self, at: &Path, target: &Schema, name: &str, role: Role) -> Option<Ty> {
        let nested_name = naming::type_name(name).unwrap_or_default();
        let mut nested = Vec::new();
        let ty = self.lower_type(at, target, &nested_name, role, &mut nested)?;
        for inner in nested {
            self.shared.insert(format!("{name}/{}", inner.name), Some(inner));
        }
        Some(ty)
    }

    /// An object schema referenced from a response becomes one shared struct, lowered the
    /// first time it is met.
    fn lower_shared_object(
        &mut self,
        at: &Path,
        target_at: &Path,
        target: &Schema,
        name: &str,
        role: Role,
    ) -> Option<Ty> {
        let type_name = match naming::type_name(name) {
            Ok(type_name) => type_name,
            Err(error) => {
                self.error(at, format!("the schema `{name}` cannot become a Rust type name: {error}"));
                return None;
            }
        };
        if !self.shared.contains_key(name) {
            let mut nested = Vec::new();
            let object = self.lower_object(target_at, target, &type_name, role, &mut nested)?;
            self.shared.insert(name.to_owned(), Some(object));
            for inner in nested {
                self.shared.insert(format!("{name}/{}", inner.name), Some(inner));
            }
        }
        Some(Ty::Named(type_name))
    }

    /// Follows `$ref`s to the schema they name, returning it with its own path.
    fn resolve(&mut self, at: &Path, schema: &Schema, seen: &mut Vec<String>) -> Option<(Path, Schema)> {
        let Some(reference) = &schema.reference else {
            return Some((at.clone(), schema.clone()));
        };
        let ref_at = at.key("$ref");
        if has_ref_siblings(schema) {
            self.error(&ref_at, "a `$ref` cannot have sibling keys in OpenAPI 3.0; expected `$ref` alone");
        }
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            self.unsupported(
                &ref_at,
                &format!("the reference `{reference}`"),
                "expected `#/components/schemas/<name>`",
            );
            return None;
        };
        if seen.iter().any(|s| s == name) {
            self.error(&ref_at, format!("`$ref` cycle: {} → {name}", seen.join(" → ")));
            return None;
        }
        seen.push(name.to_owned());
        let Some(Checked::Ok(target)) = self.document.components.schemas.get(name) else {
            if self.document.components.schemas.get(name).is_none() {
                self.error(
                    &ref_at,
                    format!("unresolved reference `{reference}`: no schema `{name}` under `components.schemas`"),
                );
            }
            return None;
        };
        let target_at = Path::root("components").key("schemas").key(name);
        self.resolve(&target_at, target, seen)
    }

    /// Reports unsupported keywords; returns whether one of them (`oneOf` and the like)
    /// takes the place of a `type`, so that no follow-on "expected a `type`" is reported.
    fn check_schema_keys(&mut self, at: &Path, schema: &Schema) -> bool {
        let present = [
            schema.enumeration.is_some(),
            schema.one_of.is_some(),
            schema.any_of.is_some(),
            schema.all_of.is_some(),
            schema.not.is_some(),
            schema.pattern.is_some(),
            schema.min_length.is_some(),
            schema.max_length.is_some(),
            schema.unique_items.is_some(),
            schema.exclusive_minimum.is_some(),
            schema.exclusive_maximum.is_some(),
            schema.multiple_of.is_some(),
            schema.discriminator.is_some(),
        ];
        for (key, present) in UNSUPPORTED_SCHEMA_KEYS.iter().zip(present) {
            if present {
                let why = "the generator maps only plain scalars, arrays and objects";
                self.unsupported(&at.key(key), &format!("`{key}`"), why);
            }
        }
        schema.kind.is_none()
            && [&schema.one_of, &schema.any_of, &schema.all_of, &schema.not].iter().any(|k| k.is_some())
    }

    fn lower_bounds(&mut self, at: &Path, schema: &Schema, ty: &Ty) -> Bounds {
        let is_int = matches!(ty, Ty::I32 | Ty::I64);
        let is_list = matches!(ty, Ty::Vec(_));
        Bounds {
            minimum: self.bound(at, "minimum", schema.minimum.as_ref(), is_int, "an integer"),
            maximum: self.bound(at, "maximum", schema.maximum.as_ref(), is_int, "an integer"),
            min_items: self.bound(at, "minItems", schema.min_items.as_ref(), is_list, "an array"),
            max_items: self.bound(at, "maxItems", schema.max_items.as_ref(), is_list, "an array"),
        }
    }

    fn bound<T: TryFrom<i64>>(
        &mut self,
        at: &Path,
        key: &str,
        value: Option<&Value>,
        applies: bool,
        kind: &str,
    ) -> Option<T> {
        let value = value?;
        let at = at.key(key);
        if !applies {
            self.error(&at, format!("`{key}` applies only to {kind}"));
            return None;
        }
        match value.as_i64().and_then(|n| T::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.error(&at, format!("expected a whole number for `{key}`, found `{}`", render_value(value)));
                None
            }
        }
    }

    fn lower_errors(&mut self, at: &Path, rows: Option<&[Checked<spec::ErrorRow>]>) -> Vec<ir::ErrorCode> {
        let Some(rows) = rows.filter(|rows| !rows.is_empty()) else {
            self.error(at, "expected the method's table of documented error codes");
            return Vec::new();
        };
        let mut codes: Vec<ir::ErrorCode> = Vec::new();
        let mut variants: BTreeMap<String, String> = BTreeMap::new();
        for (index, row) in rows.iter().enumerate() {
            let at = at.index(index);
            let Some(row) = self.checked(&at, row) else { continue };
            let Some((row_at, row)) = self.resolve_row(&at, row) else { continue };
            let Some(code) = self.lower_error_row(&row_at, &row) else { continue };
            if codes.iter().any(|c| c.wire == code.wire) {
                self.error(&at, format!("the code `{}` is listed twice", code.wire));
                continue;
            }
            if let Some(other) = variants.insert(code.variant.clone(), code.wire.clone()) {
                self.error(&at, format!("`{}` and `{other}` both become the variant `{}`", code.wire, code.variant));
                continue;
            }
            codes.push(code);
        }
        codes
    }

    fn resolve_row(&mut self, at: &Path, row: &spec::ErrorRow) -> Option<(Path, spec::ErrorRow)> {
        let Some(reference) = &row.reference else {
            return Some((at.clone(), row.clone()));
        };
        if row.code.is_some() || row.description.is_some() || row.retry.is_some() || row.category.is_some() {
            self.error(&at.key("$ref"), "a `$ref` row cannot have sibling keys; expected `$ref` alone");
        }
        let name = reference.strip_prefix(ERROR_PREFIX);
        let Some(name) = name.filter(|name| self.document.components.slack_errors.get(name).is_some()) else {
            self.error(&at.key("$ref"), format!("unresolved reference `{reference}`; expected `{ERROR_PREFIX}<code>`"));
            return None;
        };
        let Some(Checked::Ok(target)) = self.document.components.slack_errors.get(name) else { return None };
        let mut target = target.clone();
        target.code.get_or_insert_with(|| name.to_owned());
        Some((Path::root("components").key("x-slack-errors").key(name), target))
    }

    fn lower_error_row(&mut self, at: &Path, row: &spec::ErrorRow) -> Option<ir::ErrorCode> {
        let Some(code) = row.code.clone() else {
            self.error(&at.key("code"), "expected a `code`");
            return None;
        };
        let variant = match naming::variant_name(&code) {
            Ok(variant) => variant,
            Err(error) => {
                self.error(&at.key("code"), format!("`{code}` cannot become an enum variant: {error}"));
                return None;
            }
        };
        let description = self.required_text(at, "description", row.description.as_deref());
        let retry = match row.retry {
            None => ir::Retry::Never,
            Some(spec::RetryMark::Transient) => ir::Retry::Transient,
            Some(spec::RetryMark::RateLimited) => ir::Retry::RateLimited,
            Some(spec::RetryMark::PartialSuccess) => ir::Retry::PartialSuccess,
        };
        let Some(category) = row.category else {
            self.missing_category(at, &code);
            return None;
        };
        Some(ir::ErrorCode { wire: code, variant, description, retry, category })
    }

    fn missing_category(&mut self, at: &Path, code: &str) {
        let expected = "`authentication`, `permission`, `invalid-request`, `target`, `rate-limited`, \
                        `slack-failure` or `deprecated`";
        self.error(at, format!("expected a `category` for `{code}`: one of {expected}"));
    }

    fn lower_warnings(&mut self, at: &Path, rows: Option<&[Checked<spec::WarningRow>]>) -> Vec<ir::Warning> {
        let mut warnings: Vec<ir::Warning> = Vec::new();
        for (index, row) in rows.unwrap_or_default().iter().enumerate() {
            let at = at.index(index);
            let Some(row) = self.checked(&at, row) else { continue };
            let Some(warning) = self.lower_warning_row(&at, row) else { continue };
            if warnings.iter().any(|w| w.wire == warning.wire) {
                self.error(&at, format!("the warning `{}` is listed twice", warning.wire));
                continue;
            }
            warnings.push(warning);
        }
        warnings
    }

    fn lower_warning_row(&mut self, at: &Path, row: &spec::WarningRow) -> Option<ir::Warning> {
        let (at, row) = match &row.reference {
            None => (at.clone(), row.clone()),
            Some(reference) => {
                let name = reference.strip_prefix(WARNING_PREFIX).unwrap_or("");
                let Some(Checked::Ok(target)) = self.document.components.slack_warnings.get(name) else {
                    if self.document.components.slack_warnings.get(name).is_none() {
                        self.error(
                            &at.key("$ref"),
                            format!("unresolved reference `{reference}`; expected `{WARNING_PREFIX}<code>`"),
                        );
                    }
                    return None;
                };
                let mut target = target.clone();
                target.code.get_or_insert_with(|| name.to_owned());
                (Path::root("components").key("x-slack-warnings").key(name), target)
            }
        };
        let Some(code) = row.code.clone() else {
            self.error(&at.key("code"), "expected a `code`");
            return None;
        };
        // Warning codes appear in the docs as code spans, so they keep to a code's alphabet.
        let plain = code.chars().any(|c| c.is_ascii_alphanumeric())
            && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !plain {
            self.error(
                &at.key("code"),
                format!("expected a code of ASCII letters, digits, `_`, `-` and `.`, found `{}`", code.escape_debug()),
            );
            return None;
        }
        let description = self.required_text(&at, "description", row.description.as_deref());
        Some(ir::Warning { wire: code, description })
    }

    fn lower_rules(&mut self, at: &Path, rules: &[Checked<spec::ArgRule>], request: &Struct) -> Vec<ir::ArgRule> {
        let mut lowered = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let at = at.index(index);
            let Some(rule) = self.checked(&at, rule) else { continue };
            if rule.args.len() < 2 {
                self.error(&at.key("args"), "expected at least two arguments in a rule");
                continue;
            }
            let mut args: Vec<(String, String)> = Vec::new();
            for (i, arg) in rule.args.iter().enumerate() {
                if args.iter().any(|(wire, _)| wire == arg) {
                    self.error(&at.key("args").index(i), format!("`{arg}` is listed twice in this rule"));
                    continue;
                }
                match request.fields.iter().find(|f| f.wire == *arg) {
                    Some(field) if field.is_optional() => args.push((field.wire.clone(), field.ident.clone())),
                    Some(_) => self.error(
                        &at.key("args").index(i),
                        format!("`{arg}` is required, so a rule about it says nothing; expected an optional argument"),
                    ),
                    None => self.error(&at.key("args").index(i), format!("`{arg}` is not an argument of this method")),
                }
            }
            if args.len() == rule.args.len() {
                let kind = match rule.rule {
                    spec::RuleKind::AllOrNone => ir::RuleKind::AllOrNone,
                    spec::RuleKind::AtLeastOne => ir::RuleKind::AtLeastOne,
                    spec::RuleKind::ExactlyOne => ir::RuleKind::ExactlyOne,
                };
                lowered.push(ir::ArgRule { kind, args, description: rule.description.clone().unwrap_or_default() });
            }
        }
        lowered
    }

    fn lower_pagination(
        &mut self,
        at: &Path,
        pagination: &Checked<spec::Pagination>,
        request: &Struct,
        response: &Struct,
        nested: &[Struct],
        errors: &[ir::ErrorCode],
    ) -> Option<ir::Pagination> {
        let p = self.checked(at, pagination)?;
        let mut empty_codes: Vec<(String, String)> = Vec::new();
        for (index, code) in p.empty_codes.iter().enumerate() {
            let at = at.key("empty-codes").index(index);
            match errors.iter().find(|known| known.wire == *code) {
                _ if empty_codes.iter().any(|(wire, _)| wire == code) => {
                    self.error(&at, format!("`{code}` is listed twice"));
                }
                Some(known) => empty_codes.push((known.wire.clone(), known.variant.clone())),
                None => self.error(&at, format!("`{code}` is not a code in this method's `x-slack-errors`")),
            }
        }
        // All three parts are checked before giving up, so one run names every wrong one.
        let cursor = request.fields.iter().find(|f| f.wire == p.cursor);
        let cursor_field = match cursor {
            Some(field) if field.ty == Ty::String && field.is_optional() => Some(field.ident.clone()),
            _ => {
                self.error(&at.key("cursor"), format!("expected `{}` to be an optional string argument", p.cursor));
                None
            }
        };
        let items = response.fields.iter().find(|f| f.wire == p.items);
        let items = match items.map(|f| (&f.ident, &f.ty)) {
            Some((ident, Ty::Vec(item))) => Some((ident.clone(), (**item).clone())),
            _ => {
                self.error(&at.key("items"), format!("expected `{}` to be an array field of the response", p.items));
                None
            }
        };
        let next_cursor = self.lower_cursor_path(&at.key("next-cursor"), &p.next_cursor, response, nested);
        let (items_field, item_ty) = items?;
        Some(ir::Pagination {
            cursor_field: cursor_field?,
            next_cursor: next_cursor?,
            items_field,
            item_ty,
            empty_codes,
        })
    }

    /// Walks a dotted path such as `response_metadata.next_cursor` through the response
    /// and the structs it names, ending at a string field.
    fn lower_cursor_path(
        &mut self,
        at: &Path,
        dotted: &str,
        response: &Struct,
        nested: &[Struct],
    ) -> Option<Vec<(String, bool)>> {
        let mut current = response.clone();
        let mut steps = Vec::new();
        let segments: Vec<&str> = dotted.split('.').collect();
        for (index, segment) in segments.iter().enumerate() {
            let Some(field) = current.fields.iter().find(|f| f.wire == *segment) else {
                self.error(at, format!("`{segment}` is not a field of `{}`", current.name));
                return None;
            };
            steps.push((field.ident.clone(), field.is_optional()));
            let last = index + 1 == segments.len();
            match (&field.ty, last) {
                (Ty::String, true) => return Some(steps),
                (Ty::Named(name), false) => {
                    let next = nested.iter().chain(self.shared.values().flatten()).find(|s| s.name == *name);
                    current = next?.clone();
                }
                _ => break,
            }
        }
        self.error(at, format!("expected `{dotted}` to lead to a string field of the response"));
        None
    }

    /// Two methods whose names collide after conversion are reported by `finish`; here
    /// the `operationId`s, which are not converted, must simply differ.
    fn check_unique_ids(&mut self) {
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for (path, item) in self.document.paths.iter().flat_map(OrderedMap::iter) {
            let Checked::Ok(item) = item else { continue };
            let Some(Checked::Ok(op)) = &item.post else { continue };
            let Some(id) = op.operation_id.as_deref() else { continue };
            if !ids.insert(id) {
                let at = Path::root("paths").key(path).key("post").key("operationId");
                self.diags.error(at.as_str(), format!("the operationId `{id}` is used twice"));
            }
        }
    }
}

fn has_ref_siblings(schema: &Schema) -> bool {
    *schema != Schema { reference: schema.reference.clone(), ..Schema::default() }
}

/// Renders a YAML value for documentation, in JSON-like notation.
pub(crate) fn render_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        // Control characters would end up raw in one-line docs and messages; escape them.
        Value::String(s) if s.chars().any(|c| c.is_control() || finish::is_bidi_control(c)) => {
            s.escape_debug().to_string()
        }
        Value::String(s) => s.clone(),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(render_nested).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(map) => {
            let entries: Vec<String> =
                map.iter().map(|(k, v)| format!("{}: {}", render_nested(k), render_nested(v))).collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Tagged(tagged) => render_value(&tagged.value),
    }
}

fn render_nested(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => render_value(other),
    }
}
