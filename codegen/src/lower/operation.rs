//! One `post` operation: its metadata (summary, docs link, scopes, tier, flags) and the
//! pieces lowered elsewhere put together into an `ir::Method`.

use super::Lowerer;
use crate::ir::{self};
use crate::naming;
use crate::path::DocPath;
use crate::spec::{self, Checked, OrderedMap};

impl Lowerer<'_> {
    pub(super) fn lower_operation(&mut self, at: &DocPath, wire: &str, op: &spec::Operation) -> Option<ir::Method> {
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
        let tier = self.lower_rate(at, op.rate_limit_tier.as_ref(), op.rate_limit.as_ref());
        let idempotent = self.lower_flag(at, "x-slack-idempotent", op.idempotent.as_ref(), true);
        let async_job = self.lower_flag(at, "x-slack-async-job", op.async_job.as_ref(), false);
        self.dropped_field = false;
        let request = self.lower_request(&at.key("requestBody"), &type_stem, op.request_body.as_ref());
        let (response, nested) = self.lower_responses(&at.key("responses"), &type_stem, op.responses.as_ref());
        let errors = self.lower_errors(&at.key("x-slack-errors"), op.slack_errors.as_deref());
        let warnings = self.lower_warnings(&at.key("x-slack-warnings"), op.slack_warnings.as_deref());
        let (request, encodings) = request?;
        let response = response?;
        let rules = self.lower_rules(&at.key("x-slack-arg-rules"), &op.arg_rules, &request);
        let pagination = match &op.pagination {
            Some(p) => {
                let parts = (&request, &response, nested.as_slice(), errors.as_slice());
                self.lower_pagination(&at.key("x-slack-pagination"), p, parts, &fn_name)
            }
            None => None,
        };
        let batch = match &op.batch {
            Some(batch) => self.lower_batch(&at.key("x-slack-batch"), batch, &request, &fn_name),
            None => None,
        };
        let constructors = constructors(&rules);
        Some(ir::Method {
            wire: wire.to_owned(),
            error_name: naming::error_type(&type_stem),
            type_stem,
            fn_name,
            summary,
            description: op.description.clone().unwrap_or_default(),
            docs_url,
            scopes,
            rate: tier?,
            idempotent,
            async_job,
            deprecated: op.deprecated,
            encodings,
            request,
            response,
            nested,
            errors,
            warnings,
            rules,
            constructors,
            pagination,
            batch,
        })
    }

    pub(super) fn check_operation_extras(&mut self, at: &DocPath, op: &spec::Operation) {
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
        self.reject_present(at, &extras, |key| format!("`{key}`"));
    }

    /// The link goes into the docs as `<url>`, so it must be one URL and nothing else.
    pub(super) fn lower_docs_url(&mut self, at: &DocPath, docs: Option<&spec::ExternalDocs>) -> Option<String> {
        let url = &docs?.url;
        let is_url = (url.starts_with("https://") || url.starts_with("http://"))
            && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`'));
        if !is_url {
            self.error(at, format!("expected an `https://` link without spaces, found `{}`", url.escape_debug()));
            return None;
        }
        Some(url.clone())
    }

    pub(super) fn required_text(&mut self, at: &DocPath, key: &str, text: Option<&str>) -> String {
        match text {
            Some(text) if !text.trim().is_empty() => text.to_owned(),
            _ => {
                self.error(&at.key(key), format!("expected a non-empty `{key}`"));
                String::new()
            }
        }
    }

    pub(super) fn lower_security(&mut self, at: &DocPath, security: Option<&[OrderedMap<Vec<String>>]>) -> Vec<String> {
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
        // An empty list is a method any token may call, such as `auth.test`.
        for (index, scope) in scopes.iter().enumerate() {
            let plain = !scope.is_empty() && scope.chars().all(|c| c.is_ascii_graphic() && c != '`');
            if !plain {
                let message = format!("expected a scope such as `admin.users:read`, found `{}`", scope.escape_debug());
                self.error(&at.index(0).key(scheme).index(index), message);
            }
        }
        scopes.clone()
    }

    /// The rate limit: `x-slack-rate-limit-tier`, or `x-slack-rate-limit` in calls per
    /// minute for the few methods Slack gives no tier; exactly one of them.
    pub(super) fn lower_rate(
        &mut self,
        at: &DocPath,
        tier: Option<&Checked<i64>>,
        per_minute: Option<&Checked<spec::RateLimit>>,
    ) -> Option<ir::RateLimit> {
        let Some(per_minute) = per_minute else {
            return self.lower_tier(at, tier).map(ir::RateLimit::Tier);
        };
        let limit_at = at.key("x-slack-rate-limit");
        if tier.is_some() {
            self.error(&limit_at, "expected `x-slack-rate-limit` or `x-slack-rate-limit-tier`, not both");
            return None;
        }
        let limit = self.checked(&limit_at, per_minute)?;
        if limit.per_minute == 0 || limit.burst == Some(0) {
            self.error(&limit_at, "expected `per-minute` and `burst` of at least 1");
            return None;
        }
        Some(ir::RateLimit::PerMinute { calls: limit.per_minute, burst: limit.burst })
    }

    pub(super) fn lower_tier(&mut self, at: &DocPath, tier: Option<&Checked<i64>>) -> Option<u8> {
        let at = at.key("x-slack-rate-limit-tier");
        let Some(tier) = tier else {
            let message = "expected the method's rate-limit tier, an integer from 1 to 4 \
                           (or `x-slack-rate-limit: {per-minute: N}`)";
            self.error(&at, message);
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

    pub(super) fn lower_flag(&mut self, at: &DocPath, key: &str, flag: Option<&Checked<bool>>, required: bool) -> bool {
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
}

/// The request's constructors: one `new_with_<argument>` per argument of the first choice
/// rule, so that building a request the ordinary way cannot break it, or else plain `new`.
fn constructors(rules: &[ir::ArgRule]) -> Vec<ir::Constructor> {
    match rules.iter().find(|rule| rule.kind.is_choice()) {
        Some(rule) => rule
            .args
            .iter()
            .map(|(wire, ident)| ir::Constructor {
                name: naming::constructor_with(ident),
                chosen: Some((wire.clone(), ident.clone())),
            })
            .collect(),
        None => vec![ir::Constructor { name: naming::CONSTRUCTOR.to_owned(), chosen: None }],
    }
}
