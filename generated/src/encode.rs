//! How a request becomes an HTTP body: the encoding chosen for a call, form fields (the
//! values of every generated method's arguments, written as Slack reads them) or JSON.

use crate::error::BoxError;
use crate::method::{Encoding, Method};

/// An encoded request body with its content type.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// The exact `Content-Type` of a form body.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// The exact `Content-Type` of a JSON body. Slack asks for the charset on JSON bodies
/// and warns with `missing_charset` without it.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

impl Encoding {
    /// The encoding a call of `M` is sent in: this one when the method accepts it,
    /// otherwise the first the spec lists for it, so a method documented as taking forms
    /// only is never sent JSON, whatever the client's default or the call's option.
    pub(crate) fn accepted_by<M: Method>(self) -> Encoding {
        if M::ENCODINGS.contains(&self) {
            self
        } else {
            M::ENCODINGS.first().copied().unwrap_or(self)
        }
    }

    /// Encodes `request` once; the bytes are reused for every retry.
    pub(crate) fn encode<M: Method>(self, request: &M) -> Result<Payload, BoxError> {
        match self {
            Encoding::Form => Ok(Payload { content_type: FORM_CONTENT_TYPE, bytes: form_body(request) }),
            Encoding::Json => {
                let bytes = serde_json::to_vec(request)?;
                Ok(Payload { content_type: JSON_CONTENT_TYPE, bytes })
            }
        }
    }
}

fn form_body<M: Method>(request: &M) -> Vec<u8> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in request.form_fields() {
        form.append_pair(name, &value);
    }
    form.finish().into_bytes()
}

/// A value that can stand as one field of an `application/x-www-form-urlencoded` body.
pub(crate) trait FormValue {
    /// Appends the field's text, before percent-encoding, to `out`.
    fn write_form(&self, out: &mut String);

    /// The field's text before percent-encoding.
    fn to_form(&self) -> String {
        let mut out = String::new();
        self.write_form(&mut out);
        out
    }
}

impl FormValue for String {
    fn write_form(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl FormValue for bool {
    fn write_form(&self, out: &mut String) {
        // Slack documents `true`/`false`; the official SDKs that send 1/0 rely on a
        // laxer parser that we do not need to lean on.
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// Numbers are written with `Display`, straight into the field.
macro_rules! display_form_value {
    ($($ty:ty),*) => {$(
        impl FormValue for $ty {
            fn write_form(&self, out: &mut String) {
                use std::fmt::Write as _;
                // Writing into a `String` cannot fail.
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

display_form_value!(i64, i32, f64);

/// A structured argument (an object, a list of objects, or any JSON value) is one field
/// holding its JSON text, which is how Slack reads structured arguments from a form.
impl FormValue for serde_json::Value {
    fn write_form(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl<T: FormValue> FormValue for Vec<T> {
    fn write_form(&self, out: &mut String) {
        // The spec's form encoding is `style: form, explode: false`: one field whose
        // value is the comma-joined list, as the Python and Java SDKs send it. Items are
        // written in place, so a list of a thousand IDs costs one growing buffer.
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_form(out);
        }
    }
}

/// An argument as a form field: its text, or nothing for an optional argument left unset.
pub(crate) trait FormField {
    /// The field's text before percent-encoding, if the argument is set.
    fn form_field(&self) -> Option<String>;
}

impl<T: FormValue> FormField for T {
    fn form_field(&self) -> Option<String> {
        Some(self.to_form())
    }
}

impl<T: FormValue> FormField for Option<T> {
    fn form_field(&self) -> Option<String> {
        self.as_ref().map(FormValue::to_form)
    }
}

/// One argument's form field, for the generated `form_fields`.
pub(crate) fn field(value: &impl FormField) -> Option<String> {
    value.form_field()
}

/// The form body's fields in the order given, leaving out the arguments that are unset.
/// Each generated `Method::form_fields` lists its arguments through this, so the rule of
/// what is left out lives in one place.
pub(crate) fn form_fields<const N: usize>(fields: [(&'static str, Option<String>); N]) -> Vec<(&'static str, String)> {
    fields.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

#[cfg(test)]
mod tests {
    use super::{field, form_fields, FormValue};

    #[test]
    fn unset_optional_arguments_are_left_out_and_the_order_is_kept() {
        let (required, set, unset): (String, Option<bool>, Option<i64>) = ("U1".to_owned(), Some(true), None);
        let fields =
            form_fields([("user_id", field(&required)), ("limit", field(&unset)), ("mobile_only", field(&set))]);
        assert_eq!(fields, [("user_id", "U1".to_owned()), ("mobile_only", "true".to_owned())]);
        assert!(form_fields([]).is_empty());
    }

    #[test]
    fn a_structured_argument_is_one_field_of_json_text() {
        let value = serde_json::json!({"color": "red", "sizes": [1, 2]});
        assert_eq!(value.to_form(), r#"{"color":"red","sizes":[1,2]}"#);
        assert_eq!(serde_json::json!("plain").to_form(), r#""plain""#);
    }
}
