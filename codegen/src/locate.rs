//! Finds the line and column of a document path such as `paths./x.post.responses.200`.
//!
//! serde_yaml reports positions only for syntax errors, so semantic diagnostics are
//! located by walking the YAML text itself. The walk follows the block style specs are
//! written in (indented mappings and `- ` sequences) and, from there, flow collections
//! such as `{type: string}` or `[a, b]`. Where it cannot follow the path it returns the
//! deepest position it reached, or nothing; it never panics, whatever the text.

/// The 1-based line and column where `path` starts in `text`, as far as it can be followed.
pub(crate) fn position_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let segments = split_path(path);
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let mut scope = (0usize, lines.len(), None::<usize>);
    for (depth, segment) in segments.iter().enumerate() {
        let Some((line, column, end)) = find_segment(&lines, scope, segment) else {
            // The block walk stopped; the rest of the path may be inside a flow collection.
            let flow = found.and_then(|(line, column)| flow::find(&lines, line, column, &segments[depth..]));
            return flow.or(found).map(|(line, column)| human(&lines, line, column));
        };
        found = Some((line, column));
        scope = (line, end, Some(column));
    }
    found.map(|(line, column)| human(&lines, line, column))
}

/// Where `key` appears for the second time in the block mapping that starts at `start`
/// (1-based, as serde_yaml reports it; the top level when `None`). serde_yaml points a
/// duplicate key error at the mapping, but the maintainer wants the repeated key.
pub(crate) fn repeated_key(text: &str, start: Option<(usize, usize)>, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let first = start.map_or(0, |(line, _)| line.saturating_sub(1));
    let column = match start {
        Some((line, _)) => content_column(lines.get(line.saturating_sub(1))?)?,
        None => lines.iter().find_map(|line| content_column(line))?,
    };
    let mut seen = 0;
    for (line_no, line) in lines.iter().enumerate().skip(first) {
        let Some(c) = content_column(line) else { continue };
        if c < column {
            break;
        }
        if c == column && key_matches(&line[c..], key) {
            seen += 1;
            if seen == 2 {
                return Some(human(&lines, line_no, c));
            }
        }
    }
    None
}

/// Turns a 0-based line and byte column into the 1-based line and character column an
/// editor shows.
fn human(lines: &[&str], line: usize, column: usize) -> (usize, usize) {
    let text = lines.get(line).copied().unwrap_or("");
    let chars = text.get(..column).map_or(column, |before| before.chars().count());
    (line + 1, chars + 1)
}

/// A path segment: a mapping key or a sequence index.
#[derive(Debug, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Splits `a.b[2].c` into segments. Keys of `paths` begin with `/` and hold dots
/// (`/admin.users.session.reset`), so a key starting with `/` runs up to the next
/// segment that is an HTTP verb.
fn split_path(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        rest = rest.strip_prefix('.').unwrap_or(rest);
        if let Some(after) = rest.strip_prefix('[') {
            let Some(end) = after.find(']') else { break };
            let Ok(index) = after[..end].parse() else { break };
            segments.push(Segment::Index(index));
            rest = &after[end + 1..];
            continue;
        }
        let end = if rest.starts_with('/') { slash_key_end(rest) } else { rest.find(['.', '[']).unwrap_or(rest.len()) };
        segments.push(Segment::Key(rest[..end].to_owned()));
        rest = &rest[end..];
    }
    segments
}

fn slash_key_end(rest: &str) -> usize {
    const VERBS: &[&str] = &[
        "post",
        "get",
        "put",
        "delete",
        "patch",
        "head",
        "options",
        "trace",
        "parameters",
        "servers",
        "$ref",
        "summary",
        "description",
    ];
    for (index, _) in rest.match_indices('.') {
        let next = &rest[index + 1..];
        let word = next.split(['.', '[']).next().unwrap_or("");
        if VERBS.contains(&word) {
            return index;
        }
    }
    rest.len()
}

/// Looks for `segment` among the direct children of the node spanning lines
/// `scope.0..scope.1` whose own key sits at column `scope.2`.
fn find_segment(
    lines: &[&str],
    scope: (usize, usize, Option<usize>),
    segment: &Segment,
) -> Option<(usize, usize, usize)> {
    let (start, end, parent_column) = scope;
    let first = if parent_column.is_some() { start } else { 0 };
    let mut child_column = None;
    let mut index = 0usize;
    for line_no in first..end {
        let line = lines[line_no];
        let Some(column) = content_column(line) else { continue };
        if let Some(parent) = parent_column {
            if line_no == start {
                // The parent's own line may hold an inline child after `- `.
                if let (Segment::Key(key), Some(inline)) = (segment, inline_after_dash(line, parent)) {
                    if key_matches(&line[inline..], key) {
                        return Some((line_no, inline, block_end(lines, line_no, inline, end)));
                    }
                }
                continue;
            }
            // A sibling `- ` item at the parent's column ends the parent's block too,
            // but only when the parent is itself a sequence item.
            if column < parent || (column == parent && !line[column..].starts_with("- ")) {
                break;
            }
        }
        let child = *child_column.get_or_insert(column);
        if column != child {
            continue;
        }
        let item = &line[column..];
        match segment {
            Segment::Key(key) if key_matches(item, key) => {
                return Some((line_no, column, block_end(lines, line_no, column, end)));
            }
            Segment::Index(wanted) if item.starts_with('-') => {
                if index == *wanted {
                    return Some((line_no, column, block_end(lines, line_no, column, end)));
                }
                index += 1;
            }
            _ => {}
        }
    }
    None
}

fn inline_after_dash(line: &str, column: usize) -> Option<usize> {
    let rest = line.get(column..)?.strip_prefix("- ")?;
    Some(column + 2 + (rest.len() - rest.trim_start().len()))
}

/// The line after the last line that belongs to the node starting at `line_no`.
fn block_end(lines: &[&str], line_no: usize, column: usize, end: usize) -> usize {
    for (offset, line) in lines[line_no + 1..end].iter().enumerate() {
        if let Some(c) = content_column(line) {
            let starts_item = lines[line_no][column..].starts_with('-');
            let continues = c == column && line[c..].starts_with("- ") && !starts_item;
            if c < column || (c == column && !continues) {
                return line_no + 1 + offset;
            }
        }
    }
    end
}

fn content_column(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    Some(line.len() - trimmed.len())
}

fn key_matches(item: &str, key: &str) -> bool {
    let unquoted = [format!("{key}:"), format!("'{key}':"), format!("\"{key}\":")];
    unquoted.iter().any(|k| item.starts_with(k.as_str()))
}

/// Follows the rest of a path through flow collections (`{a: b}`, `[x, y]`), which may
/// span lines. The scanner knows just enough YAML to skip quoted scalars, nested
/// collections and comments; anything it does not understand ends the walk.
mod flow {
    use super::Segment;

    /// A byte position: 0-based line and byte column.
    #[derive(Debug, Clone, Copy)]
    struct At {
        line: usize,
        column: usize,
    }

    struct Cursor<'a> {
        lines: &'a [&'a str],
        at: At,
    }

    /// Where the deepest of `segments` starts, walking from the node whose key (or `- `)
    /// sits at `line`, `column`.
    pub(super) fn find(lines: &[&str], line: usize, column: usize, segments: &[Segment]) -> Option<(usize, usize)> {
        let mut cursor = Cursor { lines, at: At { line, column } };
        cursor.skip_node_head()?;
        let mut found = None;
        for segment in segments {
            cursor.skip_space();
            let at = match (cursor.peek()?, segment) {
                ('{', Segment::Key(key)) => cursor.find_key(key),
                ('[', Segment::Index(index)) => cursor.find_index(*index),
                _ => None,
            };
            let Some(at) = at else { break };
            found = Some((at.line, at.column));
        }
        found
    }

    impl Cursor<'_> {
        /// The next character; a line end reads as `\n`, the end of the text as `None`.
        fn peek(&self) -> Option<char> {
            let line = self.lines.get(self.at.line)?;
            match line.get(self.at.column..).and_then(|rest| rest.chars().next()) {
                Some(c) => Some(c),
                None => Some('\n'),
            }
        }

        fn bump(&mut self) {
            match self.peek() {
                Some('\n') | None => self.at = At { line: self.at.line + 1, column: 0 },
                Some(c) => self.at.column += c.len_utf8(),
            }
        }

        /// Moves past `key:` or `- ` to where the node's value starts.
        fn skip_node_head(&mut self) -> Option<()> {
            let line = self.at.line;
            if self.peek() == Some('-') {
                self.bump();
                return Some(());
            }
            if matches!(self.peek(), Some('\'' | '"')) {
                self.skip_quoted()?;
            }
            while self.at.line == line {
                if self.peek()? == ':' {
                    self.bump();
                    return Some(());
                }
                self.bump();
            }
            None
        }

        /// Skips whitespace, line ends and comments.
        fn skip_space(&mut self) {
            while let Some(c) = self.peek() {
                if c == '#' {
                    self.at = At { line: self.at.line + 1, column: 0 };
                } else if c.is_whitespace() {
                    self.bump();
                } else {
                    return;
                }
            }
        }

        /// With the cursor on `{`: the position of `wanted`'s key, leaving the cursor at
        /// its value.
        fn find_key(&mut self, wanted: &str) -> Option<At> {
            self.bump();
            loop {
                self.skip_space();
                match self.peek()? {
                    '}' | ']' => return None,
                    ',' => self.bump(),
                    _ => {
                        let key_at = self.at;
                        if self.read_key()? == wanted {
                            self.skip_space();
                            if self.peek() == Some(':') {
                                self.bump();
                            }
                            return Some(key_at);
                        }
                        self.skip_entry()?;
                    }
                }
            }
        }

        /// With the cursor on `[`: the position of item `wanted`, leaving the cursor there.
        fn find_index(&mut self, wanted: usize) -> Option<At> {
            self.bump();
            let mut index = 0;
            loop {
                self.skip_space();
                match self.peek()? {
                    '}' | ']' => return None,
                    _ if index == wanted => return Some(self.at),
                    _ => {
                        self.skip_entry()?;
                        if self.peek() == Some(',') {
                            self.bump();
                        }
                        index += 1;
                    }
                }
            }
        }

        /// Reads a key, quoted or plain, stopping before its `:`.
        fn read_key(&mut self) -> Option<String> {
            if matches!(self.peek(), Some('\'' | '"')) {
                return self.skip_quoted();
            }
            let mut key = String::new();
            loop {
                let c = self.peek()?;
                if matches!(c, ',' | '{' | '}' | '[' | ']' | '\n') || (c == ':' && self.colon_ends_key()) {
                    return Some(key.trim_end().to_owned());
                }
                key.push(c);
                self.bump();
            }
        }

        /// In flow style a `:` ends a plain key only when a space or an indicator follows.
        fn colon_ends_key(&self) -> bool {
            let line = self.lines.get(self.at.line).copied().unwrap_or("");
            let after = line.get(self.at.column + 1..).and_then(|rest| rest.chars().next());
            after.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '{' | '['))
        }

        /// Skips a quoted scalar, returning its text.
        fn skip_quoted(&mut self) -> Option<String> {
            let quote = self.peek()?;
            self.bump();
            let mut text = String::new();
            loop {
                let c = self.peek()?;
                self.bump();
                match c {
                    '\\' if quote == '"' => {
                        text.push(self.peek()?);
                        self.bump();
                    }
                    c if c == quote => {
                        // In single quotes, `''` stands for one quote.
                        if quote == '\'' && self.peek() == Some('\'') {
                            text.push('\'');
                            self.bump();
                        } else {
                            return Some(text);
                        }
                    }
                    c => text.push(c),
                }
            }
        }

        /// Skips the rest of an entry up to the `,` or closing bracket that ends it.
        fn skip_entry(&mut self) -> Option<()> {
            let mut scalar_start = true;
            let mut after_space = true;
            loop {
                let c = self.peek()?;
                match c {
                    ',' | '}' | ']' => return Some(()),
                    '{' | '[' => self.skip_collection()?,
                    '\'' | '"' if scalar_start => {
                        self.skip_quoted()?;
                    }
                    '#' if after_space => self.at = At { line: self.at.line + 1, column: 0 },
                    _ => self.bump(),
                }
                after_space = c.is_whitespace();
                scalar_start = c == ':' || (scalar_start && after_space);
            }
        }

        /// Skips a whole flow collection, brackets included.
        fn skip_collection(&mut self) -> Option<()> {
            self.bump();
            loop {
                self.skip_space();
                match self.peek()? {
                    '}' | ']' => {
                        self.bump();
                        return Some(());
                    }
                    ',' => self.bump(),
                    _ => self.skip_entry()?,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /admin.users.session.reset:
    post:
      x-slack-errors:
        - code: a
          description: first
        - $ref: '#/components/x'
        - code: c
      responses:
        '200':
          description: ok
";

    #[test]
    fn finds_keys_and_indices() {
        let cases = [
            ("openapi", Some((1, 1))),
            ("paths./admin.users.session.reset.post", Some((4, 5))),
            ("paths./admin.users.session.reset.post.x-slack-errors[0].code", Some((6, 11))),
            ("paths./admin.users.session.reset.post.x-slack-errors[1]", Some((8, 9))),
            ("paths./admin.users.session.reset.post.x-slack-errors[2].code", Some((9, 11))),
            ("paths./admin.users.session.reset.post.responses.200.description", Some((12, 11))),
            ("paths./missing", Some((2, 1))),
            ("paths./admin.users.session.reset.post.x-slack-errors[1].$ref", Some((8, 11))),
        ];
        for (path, expected) in cases {
            assert_eq!(position_of(DOC, path), expected, "position of {path}");
        }
    }

    const FLOW: &str = "\
info: {title: 'A, b', version: '1'}
paths:
  /x.y:
    post:
      security: [{token: ['a:b']}]
      x-slack-errors:
        - {code: a, description: 'it''s, fine'}
        - {$ref: '#/c', \"retry\": x}
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/R'},
            example: [1, {a: 2}, 3]}
";

    #[test]
    fn follows_flow_collections() {
        let cases = [
            ("info.version", Some((1, 23))),
            ("info.title", Some((1, 8))),
            ("info.missing", Some((1, 1))),
            ("paths./x.y.post.security[0].token[0]", Some((5, 27))),
            ("paths./x.y.post.x-slack-errors[0].description", Some((7, 21))),
            ("paths./x.y.post.x-slack-errors[1].retry", Some((8, 25))),
            ("paths./x.y.post.requestBody.content.application/json.schema.$ref", Some((11, 39))),
            ("paths./x.y.post.requestBody.content.application/json.example[1].a", Some((12, 27))),
            ("paths./x.y.post.requestBody.content.application/json.example[7]", Some((12, 13))),
        ];
        for (path, expected) in cases {
            assert_eq!(position_of(FLOW, path), expected, "position of {path}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        let texts = [
            "",
            "a",
            ":",
            "a: {",
            "a: [",
            "a: {'b",
            "a: \"\\",
            "- - -",
            "a:\n\t- b",
            "é: {ü: [ö, {",
            "a: {b: c #, d: e}\n",
        ];
        let paths = ["a", "a.b", "a[0]", "a.b[2].c", "é.ü[1].x", "[0][0]", "a..b", "a[x]", "/x.post"];
        for text in texts {
            for path in paths {
                let _ = position_of(text, path);
            }
        }
    }
}
