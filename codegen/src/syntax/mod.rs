//! Builds syn syntax trees directly, for the emitters to hand to prettyplease.
//!
//! Quoting code into tokens only for syn to parse the tokens back into a tree was most of
//! the generator's cost: building the tree it would have parsed is several times cheaper.
//! Each function here builds one kind of node exactly as syn's parser would have built it
//! from the same code, so prettyplease prints the same text either way; the snapshot tests
//! and the fixed-point check in `format` hold the output to that.
//!
//! Paths are written as text (`"crate::encode::field"`) and split on `::`; every segment
//! is an identifier the caller vouches for, like everything `naming` produces.

mod expr;
mod item;
mod ty;

pub(crate) use expr::*;
pub(crate) use item::*;
pub(crate) use ty::*;

use proc_macro2::{Ident, Span};
use syn::{Lifetime, Visibility};

/// An identifier.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A lifetime such as `'a`, from its name without the apostrophe.
pub(crate) fn lifetime(name: &str) -> Lifetime {
    Lifetime { apostrophe: Span::call_site(), ident: ident(name) }
}

/// `pub`, or nothing.
pub(crate) fn visibility(public: bool) -> Visibility {
    if public {
        Visibility::Public(Default::default())
    } else {
        Visibility::Inherited
    }
}
