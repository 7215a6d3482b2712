//! How argument values are written into a form body, shared by every generated method.

/// A value that can stand as one field of an `application/x-www-form-urlencoded` body.
pub(crate) trait FormValue {
    /// The field's text before percent-encoding.
    fn to_form(&self) -> String;
}

impl FormValue for String {
    fn to_form(&self) -> String {
        self.clone()
    }
}

impl FormValue for bool {
    fn to_form(&self) -> String {
        // Slack documents `true`/`false`; the official SDKs that send 1/0 rely on a
        // laxer parser that we do not need to lean on.
        if *self { "true" } else { "false" }.to_owned()
    }
}

impl FormValue for i64 {
    fn to_form(&self) -> String {
        self.to_string()
    }
}

impl FormValue for i32 {
    fn to_form(&self) -> String {
        self.to_string()
    }
}

impl FormValue for f64 {
    fn to_form(&self) -> String {
        self.to_string()
    }
}

impl<T: FormValue> FormValue for Vec<T> {
    fn to_form(&self) -> String {
        // The spec's form encoding is `style: form, explode: false`: one field whose
        // value is the comma-joined list, as the Python and Java SDKs send it.
        let parts: Vec<String> = self.iter().map(FormValue::to_form).collect();
        parts.join(",")
    }
}
