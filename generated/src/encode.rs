//! How argument values are written into a form body, shared by every generated method.

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

#[cfg(test)]
mod tests {
    use super::FormValue;

    #[test]
    fn a_structured_argument_is_one_field_of_json_text() {
        let value = serde_json::json!({"color": "red", "sizes": [1, 2]});
        assert_eq!(value.to_form(), r#"{"color":"red","sizes":[1,2]}"#);
        assert_eq!(serde_json::json!("plain").to_form(), r#""plain""#);
    }
}
