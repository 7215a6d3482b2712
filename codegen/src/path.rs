//! The one way document paths are built: `paths./admin.users.session.reset.post.x-slack-errors[3]`.
//!
//! Diagnostics name the place in the spec with such a path, and `locate` turns it back into
//! a line and column. Every pass builds them with [`DocPath`], so the syntax is written down
//! once: keys joined with `.`, list indexes in brackets, the document itself the empty path.

use std::fmt;

/// A path from the document root (or, for a problem found inside a value, from that value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DocPath(String);

impl DocPath {
    /// The document itself, or the value a relative path starts from.
    pub(crate) fn document() -> DocPath {
        DocPath::default()
    }

    /// A top-level key, such as `paths` or `components`.
    pub(crate) fn at(key: &str) -> DocPath {
        DocPath::document().key(key)
    }

    /// A path another tool already wrote in this syntax, such as serde_yaml's name for the
    /// mapping that holds a duplicate key.
    pub(crate) fn verbatim(path: &str) -> DocPath {
        DocPath(path.to_owned())
    }

    /// The value under `key` of this mapping.
    pub(crate) fn key(&self, key: &str) -> DocPath {
        if self.0.is_empty() {
            DocPath(key.to_owned())
        } else {
            DocPath(concat(&self.0, ".", key))
        }
    }

    /// The item at `index` of this list.
    pub(crate) fn index(&self, index: usize) -> DocPath {
        let mut path = concat(&self.0, "[", &index.to_string());
        path.push(']');
        DocPath(path)
    }

    /// `relative`, a path inside the value this path names, as a path from the same start.
    pub(crate) fn join(&self, relative: &DocPath) -> DocPath {
        match (self.0.is_empty(), relative.0.is_empty()) {
            (_, true) => self.clone(),
            (true, false) => relative.clone(),
            (false, false) if relative.0.starts_with('[') => DocPath(concat(&self.0, "", &relative.0)),
            (false, false) => DocPath(concat(&self.0, ".", &relative.0)),
        }
    }

    /// The path as diagnostics print it.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// `head`, `separator` and `tail` in one string, allocated once, with room for the `]` that
/// [`DocPath::index`] adds. The lowering pass builds a path for every key and row it
/// visits, and shows few of them; `format!` costs several times as much for the same text.
fn concat(head: &str, separator: &str, tail: &str) -> String {
    let mut joined = String::with_capacity(head.len() + separator.len() + tail.len() + 1);
    joined.push_str(head);
    joined.push_str(separator);
    joined.push_str(tail);
    joined
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<DocPath> for String {
    fn from(path: DocPath) -> String {
        path.0
    }
}

impl From<&DocPath> for String {
    fn from(path: &DocPath) -> String {
        path.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::DocPath;

    #[test]
    fn builds_the_diagnostic_syntax() {
        let errors = DocPath::at("paths").key("/a.b").key("post").key("x-slack-errors");
        assert_eq!(errors.index(3).key("code").as_str(), "paths./a.b.post.x-slack-errors[3].code");
        let relative = DocPath::document().index(1).key("args");
        assert_eq!(errors.join(&relative).as_str(), "paths./a.b.post.x-slack-errors[1].args");
        assert_eq!(errors.join(&DocPath::document()), errors);
        assert_eq!(DocPath::document().join(&relative), relative);
        assert_eq!(DocPath::verbatim("info").key("title").as_str(), "info.title");
    }
}
