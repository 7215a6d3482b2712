//! Error and warning tables: inline rows, `$ref`s to shared rows, and the shared rows
//! themselves.

use std::collections::BTreeMap;

use super::{Lowerer, ERROR_PREFIX, WARNING_PREFIX};
use crate::ir;
use crate::path::DocPath;
use crate::spec::{self, Checked};

impl Lowerer<'_> {
    pub(super) fn check_shared_rows(&mut self) {
        let at = DocPath::at("components").key("x-slack-errors");
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
        let at = DocPath::at("components").key("x-slack-warnings");
        for (key, row) in self.document.components.slack_warnings.iter() {
            let at = at.key(key);
            let Some(row) = self.checked(&at, row) else { continue };
            if row.code.as_deref().is_some_and(|code| code != key) {
                self.error(&at.key("code"), format!("the code must match its key `{key}`"));
            }
        }
    }

    /// The category of each well-formed shared row, sorted by code. A row with a
    /// problem is reported by `check_shared_rows` and left out here.
    pub(super) fn shared_categories(&self) -> Vec<(String, ir::Category)> {
        let rows = self.document.components.slack_errors.iter();
        let mut categories: Vec<(String, ir::Category)> = rows
            .filter_map(|(code, row)| match row {
                Checked::Ok(row) if row.reference.is_none() => Some((code.clone(), row.category?)),
                _ => None,
            })
            .collect();
        categories.sort();
        categories
    }

    pub(super) fn lower_errors(
        &mut self,
        at: &DocPath,
        rows: Option<&[Checked<spec::ErrorRow>]>,
    ) -> Vec<ir::ErrorCode> {
        // An empty table is a method whose page lists no codes: its enum has only the
        // fallback variant. A missing table is more likely an oversight, so it stays an error.
        let Some(rows) = rows else {
            self.error(at, "expected the method's table of documented error codes (`[]` when Slack lists none)");
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

    pub(super) fn resolve_row(&mut self, at: &DocPath, row: &spec::ErrorRow) -> Option<(DocPath, spec::ErrorRow)> {
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
        Some((DocPath::at("components").key("x-slack-errors").key(name), target))
    }

    pub(super) fn lower_error_row(&mut self, at: &DocPath, row: &spec::ErrorRow) -> Option<ir::ErrorCode> {
        let Some(code) = row.code.clone() else {
            self.error(&at.key("code"), "expected a `code`");
            return None;
        };
        let variant = match self.variant_name(&code) {
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

    pub(super) fn missing_category(&mut self, at: &DocPath, code: &str) {
        let expected = "`authentication`, `permission`, `invalid-request`, `target`, `rate-limited`, \
                        `slack-failure` or `deprecated`";
        self.error(at, format!("expected a `category` for `{code}`: one of {expected}"));
    }

    pub(super) fn lower_warnings(
        &mut self,
        at: &DocPath,
        rows: Option<&[Checked<spec::WarningRow>]>,
    ) -> Vec<ir::Warning> {
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

    pub(super) fn lower_warning_row(&mut self, at: &DocPath, row: &spec::WarningRow) -> Option<ir::Warning> {
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
                (DocPath::at("components").key("x-slack-warnings").key(name), target)
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
}
