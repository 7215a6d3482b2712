//! Schemas: `$ref` resolution, objects and their fields, Rust types, and bounds.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::{Lowerer, Role, SCHEMA_PREFIX};
use crate::ir::{Bounds, Enum, Field, Struct, Ty};
use crate::naming;
use crate::path::DocPath;
use crate::spec::{Checked, OrderedMap, Schema};
use crate::yaml::render_value;

impl Lowerer<'_> {
    /// Lowers an object schema (inline or by reference) into a struct named `name`.
    pub(super) fn lower_object(
        &mut self,
        at: &DocPath,
        schema: &Schema,
        name: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Struct> {
        let (at, schema) = self.resolve(at, schema, &mut Vec::new())?;
        self.lower_resolved_object(&at, &schema, name, role, nested)
    }

    /// [`Self::lower_object`] for a schema whose `$ref` has been followed already.
    pub(super) fn lower_resolved_object(
        &mut self,
        at: &DocPath,
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
            if role == Role::Response && !Self::has_map_values(schema) {
                return Some(Self::whole_body(schema, name));
            }
            self.error(at, "expected `properties`: a request body is an object with named fields");
            return None;
        };
        self.check_additional_properties(at, schema);
        let fields = self.lower_fields(at, schema, properties, name, role, nested);
        Some(Struct { name: name.to_owned(), description: schema.description.clone().unwrap_or_default(), fields })
    }

    /// A response whose schema gives no fields: any JSON object. Its struct has one
    /// field that takes every key of the body, so callers still get all of it.
    fn whole_body(schema: &Schema, name: &str) -> Struct {
        let ident = naming::whole_body_field();
        let field = Field {
            wire: ident.clone(),
            ident,
            ty: Ty::Map(Box::new(Ty::Json)),
            required: true,
            nullable: false,
            description: "Every field of the body, by name: the spec describes the body as any JSON object.".to_owned(),
            example: None,
            default: None,
            deprecated: false,
            bounds: Bounds::default(),
            flatten: true,
        };
        Struct {
            name: name.to_owned(),
            description: schema.description.clone().unwrap_or_default(),
            fields: vec![field],
        }
    }

    /// Next to `properties`, `additionalProperties` may be `true` or `false` and
    /// nothing else, and `patternProperties` may not be there: a struct cannot also be
    /// a map. `false` (a closed object) gives the same struct as `true`: what Slack
    /// sends beyond the listed fields is ignored either way, and a request only ever
    /// carries its listed fields.
    pub(super) fn check_additional_properties(&mut self, at: &DocPath, schema: &Schema) {
        let why = "an object is either a struct with `properties` or a map with an `additionalProperties` or \
                   `patternProperties` schema, not both";
        if !matches!(schema.additional_properties, None | Some(Value::Bool(_))) {
            let what = "an `additionalProperties` schema next to `properties`";
            self.unsupported(&at.key("additionalProperties"), what, why);
        }
        if schema.pattern_properties.is_some() {
            self.unsupported(&at.key("patternProperties"), "`patternProperties` next to `properties`", why);
        }
    }

    /// Whether a schema without `properties` says what its values are, which makes it a
    /// map: `additionalProperties` given as a schema, or `patternProperties`.
    fn has_map_values(schema: &Schema) -> bool {
        schema.additional_properties.as_ref().is_some_and(Value::is_mapping) || schema.pattern_properties.is_some()
    }

    pub(super) fn lower_fields(
        &mut self,
        at: &DocPath,
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
            let Some(property) = self.checked(&at, property) else {
                self.dropped_field = true;
                continue;
            };
            let ident = match naming::field_name(wire) {
                Ok(ident) => ident,
                Err(error) => {
                    self.error(&at, format!("`{wire}` cannot become a Rust field name: {error}"));
                    self.dropped_field = true;
                    continue;
                }
            };
            if let Some(other) = idents.insert(ident.clone(), wire.clone()) {
                self.error(&at, format!("`{wire}` and `{other}` both become the Rust field `{ident}`"));
                self.dropped_field = true;
                continue;
            }
            let required = schema.required.iter().any(|r| r == wire);
            match self.lower_field(&at, wire, ident, required, property, parent, role, nested) {
                Some(field) => fields.push(field),
                None => self.dropped_field = true,
            }
        }
        fields
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower_field(
        &mut self,
        at: &DocPath,
        wire: &str,
        ident: String,
        required: bool,
        property: &Schema,
        parent: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Field> {
        let nested_name = match naming::nested_type(parent, wire) {
            Ok(name) => name,
            Err(error) => {
                self.error(at, format!("`{wire}` cannot become part of a Rust type name: {error}"));
                return None;
            }
        };
        let ty = self.lower_type(at, property, &nested_name, role, nested)?;
        let (_, resolved) = self.resolve(at, property, &mut Vec::new())?;
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
            flatten: false,
        })
    }

    /// Maps a property schema onto a Rust type. Inline objects in responses become nested
    /// structs named `nested_name`; references become shared structs.
    pub(super) fn lower_type(
        &mut self,
        at: &DocPath,
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
            Some("string") if schema.enumeration.is_some() => self.lower_enum(at, schema, nested_name, role),
            Some("string") => Some(Ty::String),
            Some("boolean") => Some(Ty::Bool),
            Some("integer") => self.lower_integer(at, schema),
            Some("number") => Some(Ty::F64),
            Some("array") => self.lower_array(at, schema, nested_name, role, nested),
            // Slack takes structured arguments as JSON: as they are in a JSON body, as
            // JSON text in a form field. Their shape stays in the spec and the docs.
            Some("object") if role == Role::Argument => Some(Ty::Json),
            None if role == Role::Argument && schema.properties.is_some() => Some(Ty::Json),
            Some("object") | None if schema.properties.is_some() => {
                if nested_name.is_empty() {
                    let why = "it sits in a schema whose name cannot become a Rust type; give the schema a plain name";
                    self.unsupported(at, "an inline object", why);
                    return None;
                }
                let object = self.lower_object(at, schema, nested_name, role, nested)?;
                nested.push(object);
                Some(Ty::Named(nested_name.to_owned()))
            }
            Some("object") => self.lower_map(at, schema, nested_name, role, nested),
            Some(other) => {
                self.error(
                    &at.key("type"),
                    format!("unknown type `{other}`; expected string, boolean, integer, number, array or object"),
                );
                None
            }
            None if Self::has_map_values(schema) => self.lower_map(at, schema, nested_name, role, nested),
            None if schema.items.is_some() => {
                self.error(&at.key("items"), "`items` applies only to `type: array`; expected a `type`");
                None
            }
            // No `type` at all: JSON Schema's "any value", which Slack uses for fields
            // whose shape varies.
            None => Some(Ty::Json),
        }
    }

    /// A string `enum`: a Rust enum named `nested_name`, one variant per value. Responses
    /// get a fallback variant for values Slack adds later; arguments take only the listed
    /// values. The same schema met twice (a shared `$ref`) is one enum.
    pub(super) fn lower_enum(&mut self, at: &DocPath, schema: &Schema, nested_name: &str, role: Role) -> Option<Ty> {
        let enum_at = at.key("enum");
        if nested_name.is_empty() {
            let why = "it sits in a schema whose name cannot become a Rust type; give the schema a plain name";
            self.unsupported(at, "an inline `enum`", why);
            return None;
        }
        let Some(Value::Sequence(listed)) = &schema.enumeration else {
            self.error(&enum_at, "expected a list of values");
            return None;
        };
        if listed.is_empty() {
            self.error(&enum_at, "expected at least one value");
            return None;
        }
        let mut values: Vec<(String, String)> = Vec::new();
        for (index, value) in listed.iter().enumerate() {
            let value_at = enum_at.index(index);
            let Value::String(wire) = value else {
                self.error(&value_at, format!("expected a string value, found `{}`", render_value(value)));
                return None;
            };
            let variant = match self.variant_name(wire) {
                Ok(variant) => variant,
                Err(error) => {
                    self.error(&value_at, format!("`{wire}` cannot become a Rust variant name: {error}"));
                    return None;
                }
            };
            if let Some((other, _)) = values.iter().find(|(_, taken)| *taken == variant) {
                self.error(&value_at, format!("`{wire}` and `{other}` both become the variant `{variant}`"));
                return None;
            }
            values.push((wire.clone(), variant));
        }
        let found = Enum { name: nested_name.to_owned(), values, open: role == Role::Response };
        match self.enums.get_mut(nested_name) {
            Some((_, known)) if known.values == found.values => known.open |= found.open,
            Some((first, _)) => {
                let message = format!(
                    "this `enum` and the one at `{}` both become the Rust type `{nested_name}`; rename one of them",
                    first.as_str()
                );
                self.error(&enum_at, message);
                return None;
            }
            None => {
                self.enums.insert(nested_name.to_owned(), (at.clone(), found));
            }
        }
        Some(Ty::Enum(nested_name.to_owned()))
    }

    /// An object without `properties`: a map from its keys to the `additionalProperties`
    /// schema (or the `patternProperties` one), or to any JSON value when neither gives
    /// a schema.
    pub(super) fn lower_map(
        &mut self,
        at: &DocPath,
        schema: &Schema,
        nested_name: &str,
        role: Role,
        nested: &mut Vec<Struct>,
    ) -> Option<Ty> {
        if role == Role::Argument {
            return Some(Ty::Json);
        }
        let (values_at, values) = match (&schema.pattern_properties, &schema.additional_properties) {
            (Some(patterns), additional) => self.pattern_values(at, patterns, additional)?,
            (None, None | Some(Value::Bool(true))) => return Some(Ty::Map(Box::new(Ty::Json))),
            (None, Some(Value::Bool(false))) => {
                self.error(
                    &at.key("additionalProperties"),
                    "an object with no `properties` and `additionalProperties: false` can hold nothing",
                );
                return None;
            }
            (None, Some(values)) => (at.key("additionalProperties"), values),
        };
        let values: Schema = match serde_yaml::from_value(values.clone()) {
            Ok(values) => values,
            Err(error) => {
                self.error(&values_at, format!("expected a schema for the map's values: {error}"));
                return None;
            }
        };
        let value = self.lower_type(&values_at, &values, nested_name, role, nested)?;
        Some(Ty::Map(Box::new(value)))
    }

    /// The value schema of a `patternProperties` map and where it is. A map has one value
    /// type, so one pattern is supported, beside an `additionalProperties` of `true` or
    /// `false` at most. The pattern is not checked: the keys are data Slack chooses.
    fn pattern_values<'s>(
        &mut self,
        at: &DocPath,
        patterns: &'s Value,
        additional: &Option<Value>,
    ) -> Option<(DocPath, &'s Value)> {
        let patterns_at = at.key("patternProperties");
        let why = "a map has one value type";
        if !matches!(additional, None | Some(Value::Bool(_))) {
            self.unsupported(
                &at.key("additionalProperties"),
                "an `additionalProperties` schema next to `patternProperties`",
                why,
            );
            return None;
        }
        let Some(patterns) = patterns.as_mapping() else {
            self.error(&patterns_at, "expected a mapping from a key pattern to the values' schema");
            return None;
        };
        match patterns.iter().next() {
            Some((pattern, values)) if patterns.len() == 1 => {
                let pattern = pattern.as_str().map_or_else(|| render_value(pattern), str::to_owned);
                Some((patterns_at.key(&pattern), values))
            }
            _ => {
                self.unsupported(&patterns_at, "`patternProperties` with other than one pattern", why);
                None
            }
        }
    }

    pub(super) fn lower_integer(&mut self, at: &DocPath, schema: &Schema) -> Option<Ty> {
        match schema.format.as_deref() {
            None | Some("int64") => Some(Ty::I64),
            Some("int32") => Some(Ty::I32),
            Some(other) => {
                self.error(&at.key("format"), format!("unknown integer format `{other}`; expected `int32` or `int64`"));
                None
            }
        }
    }

    pub(super) fn lower_array(
        &mut self,
        at: &DocPath,
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
            // A list of objects is one structured argument, sent as JSON like an object.
            Ty::Json | Ty::Map(_) if role == Role::Argument => Some(Ty::Json),
            Ty::Vec(_) => {
                self.unsupported(&items_at, "an array of arrays", "no Slack method here takes or returns one");
                None
            }
            item => Some(Ty::Vec(Box::new(item))),
        }
    }

    pub(super) fn lower_reference(&mut self, at: &DocPath, schema: &Schema, reference: &str, role: Role) -> Option<Ty> {
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
    pub(super) fn lower_referenced_value(
        &mut self,
        at: &DocPath,
        target: &Schema,
        name: &str,
        role: Role,
    ) -> Option<Ty> {
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
    pub(super) fn lower_shared_object(
        &mut self,
        at: &DocPath,
        target_at: &DocPath,
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
    pub(super) fn resolve(
        &mut self,
        at: &DocPath,
        schema: &Schema,
        seen: &mut Vec<String>,
    ) -> Option<(DocPath, Schema)> {
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
        let target_at = DocPath::at("components").key("schemas").key(name);
        self.resolve(&target_at, target, seen)
    }

    /// Reports unsupported keywords; returns whether one of them (`oneOf` and the like)
    /// takes the place of a `type`, so that no follow-on "expected a `type`" is reported.
    pub(super) fn check_schema_keys(&mut self, at: &DocPath, schema: &Schema) -> bool {
        let why = "the generator maps only plain scalars, arrays and objects";
        let found = [
            (
                "enum",
                schema.enumeration.is_some() && schema.kind.as_deref() != Some("string"),
                "only string enums become Rust enums",
            ),
            ("oneOf", schema.one_of.is_some(), why),
            ("anyOf", schema.any_of.is_some(), why),
            ("allOf", schema.all_of.is_some(), why),
            ("not", schema.not.is_some(), why),
            ("pattern", schema.pattern.is_some(), why),
            ("minLength", schema.min_length.is_some(), why),
            ("maxLength", schema.max_length.is_some(), why),
            ("exclusiveMinimum", schema.exclusive_minimum.is_some(), why),
            ("exclusiveMaximum", schema.exclusive_maximum.is_some(), why),
            ("multipleOf", schema.multiple_of.is_some(), why),
            ("discriminator", schema.discriminator.is_some(), why),
        ];
        self.reject_present(at, &found, |key| format!("`{key}`"));
        schema.kind.is_none()
            && [&schema.one_of, &schema.any_of, &schema.all_of, &schema.not].iter().any(|k| k.is_some())
    }

    pub(super) fn lower_bounds(&mut self, at: &DocPath, schema: &Schema, ty: &Ty) -> Bounds {
        let is_int = matches!(ty, Ty::I32 | Ty::I64);
        let is_list = matches!(ty, Ty::Vec(_));
        if *ty == Ty::Json && schema.kind.as_deref() == Some("array") {
            // A list of structured values is one JSON argument; its item count is not
            // checked, and saying so beats dropping the bound or blaming the type.
            let why = "a list of objects or of untyped values is sent as one JSON value, whose entries are not counted";
            let found = [
                ("minItems", schema.min_items.is_some(), why),
                ("maxItems", schema.max_items.is_some(), why),
                ("uniqueItems", schema.unique_items.is_some(), why),
            ];
            self.reject_present(at, &found, |key| format!("`{key}` on such a list"));
            return Bounds::default();
        }
        Bounds {
            minimum: self.bound(at, "minimum", schema.minimum.as_ref(), is_int, "an integer"),
            maximum: self.bound(at, "maximum", schema.maximum.as_ref(), is_int, "an integer"),
            min_items: self.bound(at, "minItems", schema.min_items.as_ref(), is_list, "an array"),
            max_items: self.bound(at, "maxItems", schema.max_items.as_ref(), is_list, "an array"),
            unique_items: self.unique_items(at, schema.unique_items.as_ref(), is_list),
        }
    }

    fn unique_items(&mut self, at: &DocPath, value: Option<&Value>, is_list: bool) -> bool {
        let Some(value) = value else { return false };
        let at = at.key("uniqueItems");
        if !is_list {
            self.error(&at, "`uniqueItems` applies only to an array");
            return false;
        }
        match value {
            Value::Bool(unique) => *unique,
            other => {
                self.error(
                    &at,
                    format!("expected `true` or `false` for `uniqueItems`, found `{}`", render_value(other)),
                );
                false
            }
        }
    }

    pub(super) fn bound<T: TryFrom<i64>>(
        &mut self,
        at: &DocPath,
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
}

fn has_ref_siblings(schema: &Schema) -> bool {
    *schema != Schema { reference: schema.reference.clone(), ..Schema::default() }
}
