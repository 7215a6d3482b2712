//! Problems found in a spec, each tied to the place in the document that caused it.

use std::fmt;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The path inside the document, such as
    /// `paths./admin.users.session.reset.post.x-slack-errors[3].code`.
    pub path: String,
    /// What is wrong and what was expected instead.
    pub message: String,
    /// The spec file, once known.
    pub file: Option<String>,
    /// The 1-based line and column, where the YAML gives them.
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    /// A problem at `path`, located later by [`Diagnostics::located`].
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), message: message.into(), file: None, position: None }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.position) {
            (Some(file), Some((line, column))) => write!(f, "{file}:{line}:{column}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some((line, column))) => write!(f, "{line}:{column}: ")?,
            (None, None) => {}
        }
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

/// Every problem found in one run, in the order the passes found them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem at `path`.
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::new(path, message));
    }

    /// Records a fully built diagnostic.
    ///
    /// A problem reached by two routes (a shared schema used twice, say) is kept once.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The recorded problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The number of recorded problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// `Ok(value)` when nothing went wrong, the diagnostics otherwise.
    pub fn finish<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Fills in the file name and, where the YAML allows, the line and column, then puts
    /// the problems in the order of the file, so a maintainer can fix them top to bottom.
    /// Problems with the document as a whole, which have no position, come first.
    pub fn located(mut self, spec_text: &str, spec_path: &str) -> Diagnostics {
        for item in &mut self.items {
            item.file.get_or_insert_with(|| spec_path.to_owned());
            if item.position.is_none() {
                item.position = crate::locate::position_of(spec_text, &item.path);
            }
        }
        self.items.sort_by_key(|item| item.position);
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "error: {item}")?;
        }
        let count = self.items.len();
        write!(f, "{count} problem{} found in the spec", if count == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}
