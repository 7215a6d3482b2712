//! The `x-slack-arg-rules`, `x-slack-pagination` and `x-slack-batch` extensions, which
//! refer to the request and response lowered before them.

use super::Lowerer;
use crate::ir::{self, Struct, Ty};
use crate::naming;
use crate::path::DocPath;
use crate::spec::{self, Checked};

impl Lowerer<'_> {
    pub(super) fn lower_rules(
        &mut self,
        at: &DocPath,
        rules: &[Checked<spec::ArgRule>],
        request: &Struct,
    ) -> Vec<ir::ArgRule> {
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
                    None => self
                        .missing_field(&at.key("args").index(i), format!("`{arg}` is not an argument of this method")),
                }
            }
            if args.len() == rule.args.len() {
                let kind = match rule.rule {
                    spec::RuleKind::AllOrNone => ir::RuleKind::AllOrNone,
                    spec::RuleKind::AtLeastOne => ir::RuleKind::AtLeastOne,
                    spec::RuleKind::ExactlyOne => ir::RuleKind::ExactlyOne,
                };
                let idents: Vec<&str> = args.iter().map(|(_, ident)| ident.as_str()).collect();
                let joint_setter = (kind == ir::RuleKind::AllOrNone).then(|| naming::joint_setter(&idents));
                let description = rule.description.clone().unwrap_or_default();
                lowered.push(ir::ArgRule { kind, args, description, joint_setter });
            }
        }
        lowered
    }

    pub(super) fn lower_pagination(
        &mut self,
        at: &DocPath,
        pagination: &Checked<spec::Pagination>,
        (request, response, nested, errors): (&Struct, &Struct, &[Struct], &[ir::ErrorCode]),
        fn_name: &str,
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
            None if self.dropped_field => None,
            _ => {
                self.error(&at.key("cursor"), format!("expected `{}` to be an optional string argument", p.cursor));
                None
            }
        };
        let items = response.fields.iter().find(|f| f.wire == p.items);
        let items = match items.map(|f| (&f.ident, &f.ty)) {
            Some((ident, Ty::Vec(item))) => Some((ident.clone(), (**item).clone())),
            None if self.dropped_field => None,
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
            stream_fn: naming::stream_fn(fn_name),
        })
    }

    /// Walks a dotted path such as `response_metadata.next_cursor` through the response
    /// and the structs it names, ending at a string field.
    pub(super) fn lower_cursor_path(
        &mut self,
        at: &DocPath,
        dotted: &str,
        response: &Struct,
        nested: &[Struct],
    ) -> Option<Vec<(String, bool)>> {
        let mut current = response.clone();
        let mut steps = Vec::new();
        let segments: Vec<&str> = dotted.split('.').collect();
        for (index, segment) in segments.iter().enumerate() {
            let Some(field) = current.fields.iter().find(|f| f.wire == *segment) else {
                self.missing_field(at, format!("`{segment}` is not a field of `{}`", current.name));
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

    /// Checks `x-slack-batch`: the argument is a required array of strings, and one call
    /// takes between 1 and the argument's `maxItems` items.
    pub(super) fn lower_batch(
        &mut self,
        at: &DocPath,
        batch: &Checked<spec::Batch>,
        request: &Struct,
        fn_name: &str,
    ) -> Option<ir::Batch> {
        let batch = self.checked(at, batch)?;
        let Some(field) = request.fields.iter().find(|f| f.wire == batch.arg) else {
            self.missing_field(&at.key("arg"), format!("`{}` is not an argument of this method", batch.arg));
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
}
