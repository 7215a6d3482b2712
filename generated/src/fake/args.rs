//! Reads a call's arguments the way Slack takes them, into the generated request type.
//!
//! A JSON body is deserialized as it is. A form body carries every value as text, so it
//! goes through [`FormDeserializer`], which lets the request type's own `Deserialize`
//! say what each field should be: a `Vec` asks for a sequence and gets the text split at
//! commas, a `bool` asks for a boolean and gets `true`/`1` (or `false`/`0`), an integer
//! parses the text. No per-method list of field types is kept here; the generated
//! derive is the list.

use std::fmt;

use serde::de::value::SeqDeserializer;
use serde::de::{self, DeserializeOwned, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Value;

use crate::method::Encoding;

/// A request body as it arrived, parsed by the encoding its `Content-Type` named.
#[derive(Debug, Clone)]
pub(crate) struct RawArgs {
    fields: Fields,
}

/// The parsed but untyped arguments of one call.
#[derive(Debug, Clone)]
enum Fields {
    /// Form pairs in body order, percent-decoded.
    Form(Vec<(String, String)>),
    /// A JSON object (an empty body counts as `{}`).
    Json(Value),
}

impl RawArgs {
    /// Parses `body` as the encoding says; `None` when the body is not that encoding at all.
    pub(crate) fn parse(encoding: Encoding, body: &[u8]) -> Option<RawArgs> {
        let fields = match encoding {
            Encoding::Json if body.iter().all(u8::is_ascii_whitespace) => {
                Fields::Json(Value::Object(Default::default()))
            }
            Encoding::Json => Fields::Json(serde_json::from_slice::<Value>(body).ok().filter(Value::is_object)?),
            _ => Fields::Form(form_urlencoded::parse(body).into_owned().collect()),
        };
        Some(RawArgs { fields })
    }

    /// The arguments as a typed request, or `None` when they do not fit its type.
    pub(crate) fn decode<M: DeserializeOwned>(&self) -> Option<M> {
        match &self.fields {
            Fields::Json(value) => M::deserialize(value).ok(),
            Fields::Form(pairs) => M::deserialize(FormDeserializer { pairs }).ok(),
        }
    }

    /// The `token` argument of a form body, which Slack takes as the credential when
    /// there is no `Authorization` header. A JSON body's `token` is not read: Slack
    /// wants the header with JSON.
    pub(crate) fn form_token(&self) -> Option<String> {
        match &self.fields {
            Fields::Form(pairs) => pairs.iter().find(|(name, _)| name == "token").map(|(_, value)| value.clone()),
            Fields::Json(_) => None,
        }
    }

    /// The arguments as sent, for the request log when they could not be typed: form
    /// values stay text. A `token` argument, which Slack would also take as the
    /// credential, is left out so that no token reaches the log.
    pub(crate) fn untyped(&self) -> Value {
        let mut object = match &self.fields {
            Fields::Json(Value::Object(object)) => object.clone(),
            Fields::Json(_) => Default::default(),
            Fields::Form(pairs) => {
                pairs.iter().map(|(name, value)| (name.clone(), Value::String(value.clone()))).collect()
            }
        };
        object.remove("token");
        Value::Object(object)
    }
}

/// Why a form value did not fit the field it was meant for.
#[derive(Debug)]
pub(crate) struct FormError(String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl de::Error for FormError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        FormError(message.to_string())
    }
}

/// A whole form body, offered to a struct's `Deserialize` as a map of text values.
struct FormDeserializer<'a> {
    pairs: &'a [(String, String)],
}

impl<'de> de::Deserializer<'de> for FormDeserializer<'_> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_map(FormMap { pairs: self.pairs.iter(), value: None })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

struct FormMap<'a> {
    pairs: std::slice::Iter<'a, (String, String)>,
    value: Option<&'a str>,
}

impl<'de> MapAccess<'de> for FormMap<'_> {
    type Error = FormError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FormError> {
        let Some((name, value)) = self.pairs.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(name.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FormError> {
        seed.deserialize(FormValue(self.value.take().unwrap_or_default()))
    }
}

/// One form value: text that becomes whatever type the field asks for.
struct FormValue<'a>(&'a str);

impl FormValue<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, FormError> {
        self.0.trim().parse().map_err(|_| FormError(format!("`{}` is not {what}", self.0)))
    }
}

macro_rules! parse_number {
    ($($method:ident => $visit:ident,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
            visitor.$visit(self.parse("a number")?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for FormValue<'_> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_string(self.0.to_owned())
    }

    /// Slack reads `true` and `1` as true; `false`, `0` and an empty value as false.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.0 {
            "true" | "1" => visitor.visit_bool(true),
            "false" | "0" | "" => visitor.visit_bool(false),
            other => Err(FormError(format!("`{other}` is not a boolean"))),
        }
    }

    parse_number! {
        deserialize_i8 => visit_i8, deserialize_i16 => visit_i16, deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64, deserialize_u8 => visit_u8, deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32, deserialize_u64 => visit_u64, deserialize_f32 => visit_f32,
        deserialize_f64 => visit_f64,
    }

    /// A field that is present is `Some`; absent fields never reach here.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_some(self)
    }

    /// A list is one comma-joined field; an empty value is an empty list.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        let items = self.0.split(',').filter(|item| !item.is_empty()).map(FormValue);
        visitor.visit_seq(SeqDeserializer::new(items))
    }

    forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct newtype_struct tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, 'a> IntoDeserializer<'de, FormError> for FormValue<'a> {
    type Deserializer = FormValue<'a>;

    fn into_deserializer(self) -> Self::Deserializer {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods::{AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest};

    fn form(body: &str) -> RawArgs {
        RawArgs::parse(Encoding::Form, body.as_bytes()).expect("a form always parses")
    }

    #[test]
    fn form_lists_split_at_commas_and_booleans_take_one() {
        let request: AdminUsersSessionResetBulkRequest =
            form("user_ids=U1%2CU2,U3&mobile_only=1").decode().expect("decodes");
        assert_eq!(request.user_ids, ["U1", "U2", "U3"]);
        assert_eq!(request.mobile_only, Some(true));
        assert_eq!(request.web_only, None);
    }

    #[test]
    fn form_numbers_parse_and_bad_values_refuse() {
        let request: AdminUsersSessionListRequest = form("limit=25&cursor=abc").decode().expect("decodes");
        assert_eq!((request.limit, request.cursor.as_deref()), (Some(25), Some("abc")));
        assert!(form("limit=many").decode::<AdminUsersSessionListRequest>().is_none());
        assert!(form("user_ids=U1&web_only=yes").decode::<AdminUsersSessionResetBulkRequest>().is_none());
        assert!(form("mobile_only=true").decode::<AdminUsersSessionResetBulkRequest>().is_none());
    }

    #[test]
    fn json_takes_arrays_and_refuses_joined_text() {
        let json = |body: &str| RawArgs::parse(Encoding::Json, body.as_bytes()).expect("an object");
        let request: AdminUsersSessionResetBulkRequest = json(r#"{"user_ids":["U1","U2"]}"#).decode().expect("decodes");
        assert_eq!(request.user_ids, ["U1", "U2"]);
        assert!(json(r#"{"user_ids":"U1,U2"}"#).decode::<AdminUsersSessionResetBulkRequest>().is_none());
        assert!(RawArgs::parse(Encoding::Json, b"[1]").is_none());
    }
}
