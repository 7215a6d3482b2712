//! Finds the line and column of a document path such as `paths./x.post.responses.200`.
//!
//! serde_yaml reports positions only for syntax errors, so semantic diagnostics are
//! located by walking the YAML text itself. The walk understands the block style specs
//! are written in (indented mappings and `- ` sequences); where it cannot follow the
//! path it returns the deepest position it reached, or nothing.

/// The 1-based line and column where `path` starts in `text`, as far as it can be followed.
pub(crate) fn position_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let segments = split_path(path);
    if segments.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let mut scope = (0usize, lines.len(), None::<usize>);
    for segment in &segments {
        let Some((line, column, end)) = find_segment(&lines, scope, segment) else { break };
        found = Some((line + 1, column + 1));
        scope = (line, end, Some(column));
    }
    found
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
    const VERBS: &[&str] = &["post", "get", "put", "delete", "patch", "head", "options", "trace", "parameters", "servers", "$ref", "summary", "description"];
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
fn find_segment(lines: &[&str], scope: (usize, usize, Option<usize>), segment: &Segment) -> Option<(usize, usize, usize)> {
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
        ];
        for (path, expected) in cases {
            assert_eq!(position_of(DOC, path), expected, "position of {path}");
        }
    }
}
