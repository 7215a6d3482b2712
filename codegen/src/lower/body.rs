//! The request body and the responses of an operation: media types, form encoding, and
//! the success and error responses.

use super::{Lowerer, Role, FORM, JSON, RESPONSE_PREFIX};
use crate::ir::{BodyEncoding, Struct, Ty};
use crate::naming;
use crate::path::DocPath;
use crate::spec::{self, Checked, OrderedMap, Schema};

impl Lowerer<'_> {
    pub(super) fn lower_request(
        &mut self,
        at: &DocPath,
        stem: &str,
        body: Option<&Checked<spec::RequestBody>>,
    ) -> Option<(Struct, Vec<BodyEncoding>)> {
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
            &naming::request_type(stem),
            Role::Argument,
            &mut Vec::new(),
        )?;
        self.check_body_required(&at.key("required"), body.required, &schema.required);
        if let Some((encoding_at, encoding)) = form_encoding {
            let declared: Vec<&String> =
                schema.properties.iter().flat_map(|p| p.0.iter().map(|(name, _)| name)).collect();
            self.check_form_encoding(&encoding_at, encoding, &request, &declared);
        }
        // The media types listed are the encodings the method accepts; a method documented
        // as taking forms only is never sent JSON, whatever the client's default.
        let encodings = schemas
            .iter()
            .map(|(media, _)| if *media == FORM { BodyEncoding::Form } else { BodyEncoding::Json })
            .collect();
        Some((request, encodings))
    }

    /// A body is required exactly when some argument is. A method whose arguments are all
    /// optional can be called with an empty body, and OpenAPI tools (Prism among them)
    /// treat an empty body as a missing one, so such a body must say `required: false`.
    pub(super) fn check_body_required(&mut self, at: &DocPath, body_required: bool, required_args: &[String]) {
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
    pub(super) fn check_form_encoding(
        &mut self,
        at: &DocPath,
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

    pub(super) fn lower_responses(
        &mut self,
        at: &DocPath,
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

    pub(super) fn lower_success(
        &mut self,
        at: &DocPath,
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
        self.lower_object(&media_at.key("schema"), schema, &naming::response_type(stem), Role::Response, nested)
    }

    pub(super) fn check_response_extras(&mut self, at: &DocPath, response: &spec::Response) {
        let found = [
            ("headers", response.headers.is_some(), "the runtime reads the headers it needs itself"),
            ("links", response.links.is_some(), "Slack methods have no links"),
        ];
        self.reject_present(at, &found, |key| format!("response `{key}`"));
    }

    /// The `default` response documents Slack's error envelope, which the runtime decodes
    /// itself; it only has to point at a shared response that exists.
    pub(super) fn check_error_response(&mut self, at: &DocPath, response: &spec::Response) {
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
}
