//! Emits the Rust enums of the spec's string `enum`s, into the shared types file.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::docs::Doc;
use crate::ir::Enum;
use crate::naming::FALLBACK_VARIANT;

/// Generates one enum with its string conversions. Values travel as plain strings, so
/// `Serialize`, `Deserialize` and the form encoding all go through `as_str` and
/// `from_documented`. An open enum (one a response reads) keeps any other string in the
/// fallback variant, because Slack adds values; a closed one (arguments only) rejects it.
pub(super) fn emit_enum(found: &Enum) -> TokenStream {
    let name = ident(&found.name);
    let fallback = ident(FALLBACK_VARIANT);
    let mut doc = Doc::new();
    let listed: Vec<String> = found.values.iter().map(|(wire, _)| format!("`{wire}`")).collect();
    doc.trusted(&format!("One of the values the spec lists: {}.", crate::docs::or_list(&listed)));
    if found.open {
        doc.trusted(
            "A value the spec does not list arrives as the fallback variant, so a new value never fails decoding.",
        );
    }
    let variants = found.values.iter().map(|(wire, variant)| {
        let variant = ident(variant);
        let doc = format!(" `{wire}`.");
        quote!(#[doc = #doc] #variant,)
    });
    let to_wire = found.values.iter().map(|(wire, variant)| {
        let variant = ident(variant);
        quote!(Self::#variant => #wire,)
    });
    let from_wire = found.values.iter().map(|(wire, variant)| {
        let variant = ident(variant);
        quote!(#wire => Some(Self::#variant),)
    });
    let wires = found.values.iter().map(|(wire, _)| wire);
    let (fallback_variant, fallback_arm, decode) = if found.open {
        (
            quote! {
                /// A value the spec does not list, exactly as Slack sent it.
                #fallback(String),
            },
            quote!(Self::#fallback(value) => value,),
            quote!(Ok(Self::from_documented(&value).unwrap_or(Self::#fallback(value)))),
        )
    } else {
        (
            TokenStream::new(),
            TokenStream::new(),
            quote!(Self::from_documented(&value).ok_or_else(|| serde::de::Error::unknown_variant(&value, Self::VALUES))),
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            #fallback_variant
        }

        impl #name {
            /// Every value the spec lists, as Slack spells it, in the spec's order.
            pub const VALUES: &'static [&'static str] = &[ #( #wires ),* ];

            /// The value as Slack spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #to_wire )*
                    #fallback_arm
                }
            }

            /// The variant of a listed value, or `None` for any other string.
            fn from_documented(value: &str) -> Option<Self> {
                match value {
                    #( #from_wire )*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                #decode
            }
        }

        impl crate::runtime::FormValue for #name {
            fn write_form(&self, out: &mut String) {
                out.push_str(self.as_str());
            }
        }
    }
}
