//! Lowers the parsed spec into the IR: follows `$ref`s, maps types, derives names, and
//! checks everything the emitters rely on. Every problem is recorded, none is fatal on
//! its own, so one run reports all of them.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::ir::{self, Struct};
use crate::naming;
use crate::path::DocPath;
use crate::spec::{Checked, Document, OrderedMap};

mod body;
mod document;
mod extensions;
mod finish;
mod operation;
mod schema;
mod tables;

pub(crate) use finish::RESERVED_CLIENT_FNS;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const SCHEMA_PREFIX: &str = "#/components/schemas/";
const ERROR_PREFIX: &str = "#/components/x-slack-errors/";
const WARNING_PREFIX: &str = "#/components/x-slack-warnings/";
const RESPONSE_PREFIX: &str = "#/components/responses/";

/// Lowers a parsed document. `spec_path` is recorded in the IR for file headers.
pub fn lower(document: &Document, spec_path: &str) -> Result<ir::Api, Diagnostics> {
    let mut cx = Lowerer {
        document,
        diags: Diagnostics::default(),
        shared: BTreeMap::new(),
        enums: BTreeMap::new(),
        visiting: Vec::new(),
        dropped_field: false,
        variant_names: BTreeMap::new(),
    };
    cx.check_document();
    let shared_categories = cx.shared_categories();
    let mut methods = Vec::new();
    for (path, item) in document.paths.iter().flat_map(OrderedMap::iter) {
        let at = DocPath::at("paths").key(path);
        if let Some(method) = cx.lower_path(&at, path, item) {
            methods.push(method);
        }
    }
    cx.check_unique_ids();
    methods.sort_by(|a, b| a.wire.cmp(&b.wire));
    let sites: Vec<(DocPath, ir::Enum)> = cx.enums.into_values().collect();
    finish::check_api(&mut cx.diags, &methods, &cx.shared, &sites);
    let enums = sites.into_iter().map(|(_, found)| found).collect();
    let shared = cx.shared.into_values().flatten().collect();
    let mut api = ir::Api { spec_path: spec_path.to_owned(), methods, shared, enums, shared_categories };
    finish::clean_text(&mut api);
    cx.diags.finish(api)
}

/// The state of one lowering run. Each submodule adds the `impl` block of its concern.
struct Lowerer<'a> {
    document: &'a Document,
    /// Every problem found so far; lowering goes on after each one.
    diags: Diagnostics,
    /// Shared structs by schema name (`Name/Inner` for objects nested in one).
    shared: BTreeMap<String, Option<Struct>>,
    /// String enums by Rust type name, each with where it was first met.
    enums: BTreeMap<String, (DocPath, ir::Enum)>,
    /// Whether a field of the method being lowered was dropped because of a problem
    /// already reported. Checks that look fields up by name (pagination, rules,
    /// batching) then stay quiet about a missing one: the root cause is reported, and
    /// "not a field" would be a follow-on that sorts above it in the file.
    dropped_field: bool,
    /// The schemas whose `$ref`s are being followed right now, outermost first; meeting
    /// one again means the schema contains itself.
    visiting: Vec<String>,
    /// The variant name of every error code and enum value converted so far. Shared error
    /// rows repeat the same codes in method after method, and the case conversion costs
    /// far more than the lookup; only names that converted are kept, so a bad name is
    /// converted, and reported, at each place it appears.
    variant_names: BTreeMap<String, String>,
}

/// What a property may be: arguments take scalars and lists of them, responses also
/// take objects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Argument,
    Response,
}

impl Lowerer<'_> {
    fn error(&mut self, at: &DocPath, message: impl Into<String>) {
        self.diags.error(at.as_str(), message);
    }

    /// Reports that a field named by an extension is missing, unless an earlier problem
    /// dropped a field of this method, which is then the likelier cause.
    fn missing_field(&mut self, at: &DocPath, message: impl Into<String>) {
        if !self.dropped_field {
            self.error(at, message);
        }
    }

    /// [`naming::variant_name`], remembered in [`Lowerer::variant_names`].
    fn variant_name(&mut self, wire: &str) -> Result<String, naming::NameError> {
        if let Some(variant) = self.variant_names.get(wire) {
            return Ok(variant.clone());
        }
        let variant = naming::variant_name(wire)?;
        self.variant_names.insert(wire.to_owned(), variant.clone());
        Ok(variant)
    }

    fn unsupported(&mut self, at: &DocPath, what: &str, why: &str) {
        self.error(at, format!("{what} is not supported: {why}"));
    }

    /// Unwraps a [`Checked`] value, recording its parse error at `at`.
    fn checked<'v, T>(&mut self, at: &DocPath, value: &'v Checked<T>) -> Option<&'v T> {
        match value {
            Checked::Ok(value) => Some(value),
            Checked::Err(invalid) => {
                self.diags.error(at.join(&invalid.path), invalid.message.clone());
                None
            }
        }
    }

    /// Reports every key of `found` that the spec has, as "`<what>` is not supported: `<why>`".
    /// Each entry is `(key, present, why)`; `what` names the key for the message.
    fn reject_present(&mut self, at: &DocPath, found: &[(&str, bool, &str)], what: impl Fn(&str) -> String) {
        for &(key, present, why) in found {
            if present {
                self.unsupported(&at.key(key), &what(key), why);
            }
        }
    }
}
