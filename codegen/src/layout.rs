//! Lays out the generated data as text, in exactly the layout prettyplease gives it.
//!
//! An error enum and its tables are most of a method file: a variant, a code, a row and a
//! description for every documented error. Their layout never depends on anything but
//! their own widths, so the emitters hand them over as [`Verbatim`] text and leave a
//! placeholder in the tokens. Building, parsing and printing them through syn cost more
//! than everything else in a file together. prettyplease still prints all the code around
//! them; the tests check that every generated file is a fixed point of prettyplease, and
//! that each table's layout matches prettyplease's at every width around its margin.

use crate::docs::Doc;
use crate::syntax;

/// prettyplease's line width, its indentation step, and the least room it gives a line
/// however deeply it is indented (its `MARGIN`, `INDENT` and `MIN_SPACE`).
const MARGIN: usize = 89;
const INDENT: usize = 4;
const MIN_SPACE: usize = 60;

/// The prefix of a deferred table's placeholder, which its index follows.
const TABLE_PLACEHOLDER: &str = "__deferred_table_";
/// The prefix of a deferred item's placeholder, which its index follows.
const ITEM_PLACEHOLDER: &str = "__deferred_item_";

/// An array literal whose elements each print on one line when the array breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Table {
    /// `["…", "…"]`: the elements as their literal tokens.
    Strings(Vec<String>),
    /// `[(a, b), (c, d)]`: each element's fields as their printed text.
    Tuples(Vec<Vec<String>>),
}

/// The text one file's emitter laid out itself, and the placeholders that mark its place.
#[derive(Debug, Default)]
pub(crate) struct Verbatim {
    tables: Vec<Table>,
    items: Vec<String>,
}

impl Verbatim {
    /// Keeps `table` and returns the placeholder to emit as a `const`'s value; prettyplease
    /// prints it where the table's opening bracket goes.
    pub(crate) fn table(&mut self, table: Table) -> syn::Expr {
        self.tables.push(table);
        syntax::expr_path(&format!("{TABLE_PLACEHOLDER}{}", self.tables.len() - 1))
    }

    /// Keeps the text of a whole top-level item and returns the placeholder item to emit
    /// in its place, which prettyplease prints as one line.
    pub(crate) fn item(&mut self, text: String) -> syn::Item {
        self.items.push(text);
        let name = format!("{ITEM_PLACEHOLDER}{}", self.items.len() - 1);
        syntax::const_item(Vec::new(), false, &name, syntax::ty_tuple([]), syntax::tuple([]))
    }

    /// Puts every table and item in place of its placeholder in prettyplease's output, and
    /// the lines of each deferred doc block (`docs::deferring`) in place of its placeholder,
    /// `///\u{1}<index>` or `//!\u{1}<index>`, each printed as prettyplease prints a doc
    /// line.
    /// `None` unless each went in exactly once; that would be a generator bug.
    pub(crate) fn fill(self, printed: &str, docs: &[String]) -> Option<String> {
        if self.tables.is_empty() && self.items.is_empty() && docs.is_empty() {
            return Some(printed.to_owned());
        }
        let extra = self.items.iter().chain(docs).map(String::len).sum::<usize>();
        let mut out = String::with_capacity(printed.len() + extra + self.tables.len() * 4096);
        let mut tables: Vec<Option<Table>> = self.tables.into_iter().map(Some).collect();
        let mut items: Vec<Option<String>> = self.items.into_iter().map(Some).collect();
        let mut docs: Vec<Option<&String>> = docs.iter().map(Some).collect();
        for line in printed.split_inclusive('\n') {
            if let Some((indent, opener, index)) = doc_index(line) {
                for (number, text) in docs.get_mut(index)?.take()?.split('\n').enumerate() {
                    if number > 0 {
                        out.push('\n');
                    }
                    push_doc_line(indent, opener, text, &mut out);
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
            } else if let Some(index) = item_index(line) {
                out.push_str(&items.get_mut(index)?.take()?);
            } else if let Some((index, at)) = table_index(line) {
                let (before, after) = (&line[..at], &line[at..]);
                let suffix = after.split_once(';').map(|(_, rest)| rest)?;
                lay_out(&tables.get_mut(index)?.take()?, before, &mut out);
                out.push(';');
                out.push_str(suffix);
            } else {
                out.push_str(line);
            }
        }
        let all_placed =
            tables.iter().all(Option::is_none) && items.iter().all(Option::is_none) && docs.iter().all(Option::is_none);
        all_placed.then_some(out)
    }
}

/// The indentation, the opener (`///` or `//!`) and the index of a deferred doc line's
/// placeholder, if the line is one.
fn doc_index(line: &str) -> Option<(&str, &'static str, usize)> {
    let code = line.trim_start_matches(' ');
    let (opener, rest) = ["///", "//!"].into_iter().find_map(|opener| Some((opener, code.strip_prefix(opener)?)))?;
    let index = rest.strip_prefix(crate::docs::PLACEHOLDER)?.trim_end_matches('\n').parse().ok()?;
    Some((&line[..line.len() - code.len()], opener, index))
}

/// The index of the item a line stands for, if the line is exactly a placeholder item.
fn item_index(line: &str) -> Option<usize> {
    let rest = line.strip_prefix("const ")?.strip_prefix(ITEM_PLACEHOLDER)?;
    rest.strip_suffix(": () = ();\n").or_else(|| rest.strip_suffix(": () = ();"))?.parse().ok()
}

/// The index of the table a line's `const` takes as its value, and where the placeholder
/// starts. Only code lines count: a doc comment may quote anything.
fn table_index(line: &str) -> Option<(usize, usize)> {
    // The placeholder is the last thing before the `;` that ends the line, so it is read
    // from the end; most lines fail at the first check.
    let body = line.strip_suffix('\n').unwrap_or(line).strip_suffix(';')?;
    let number = body.trim_end_matches(|c: char| c.is_ascii_digit());
    let before = number.strip_suffix(TABLE_PLACEHOLDER)?;
    if before.trim_start_matches(' ').starts_with("//") {
        return None;
    }
    Some((body[number.len()..].parse().ok()?, before.len()))
}

/// Writes `before` and then the table, which starts where `before` ends and is followed
/// by the `;` that ends the `const`.
fn lay_out(table: &Table, before: &str, out: &mut String) {
    out.push_str(before);
    let indent = before.len() - before.trim_start_matches(' ').len();
    let widths: Vec<usize> = match table {
        Table::Strings(strings) => strings.iter().map(String::len).collect(),
        Table::Tuples(rows) => rows.iter().map(|fields| one_line_width(fields) + "()".len()).collect(),
    };
    if widths.is_empty() {
        out.push_str("[]");
        return;
    }
    // The array's box opens after its `[`, and its width runs to the next place a line
    // may break: past the `]` and the `;` after it.
    let one_line = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    let room = line_room(indent).saturating_sub(before.len() - indent + 1);
    let fits = one_line + "];".len() <= room;
    out.push('[');
    if !fits {
        out.push('\n');
    }
    let inner = indent + INDENT;
    for index in 0..widths.len() {
        let last = index + 1 == widths.len();
        match (table, fits) {
            (Table::Strings(strings), true) => out.push_str(&strings[index]),
            (Table::Strings(strings), false) => {
                pad(out, inner);
                out.push_str(&strings[index]);
                out.push_str(",\n");
            }
            (Table::Tuples(rows), true) => tuple_inline(&rows[index], out),
            (Table::Tuples(rows), false) => tuple_line(&rows[index], inner, last, out),
        }
        if fits && !last {
            out.push_str(", ");
        }
    }
    if !fits {
        pad(out, indent);
    }
    out.push(']');
}

/// The width of fields printed on one line, separated by `, `.
fn one_line_width(fields: &[String]) -> usize {
    fields.iter().map(String::len).sum::<usize>() + 2 * fields.len().saturating_sub(1)
}

/// `(a, b, c)` on one line.
fn tuple_inline(fields: &[String], out: &mut String) {
    out.push('(');
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(field);
    }
    out.push(')');
}

/// One tuple of a broken array: on one line if it fits, else one field per line. Tuples
/// have at least two fields; a one-field tuple would need its own trailing comma.
fn tuple_line(fields: &[String], indent: usize, last: bool, out: &mut String) {
    pad(out, indent);
    // The tuple's box opens after its `(` and runs past the `)` and, unless it is the
    // array's last element, the `,` that follows it (the last one's comma is part of a
    // line break, which prettyplease does not count).
    let after = if last { 1 } else { 2 };
    if one_line_width(fields) + after <= line_room(indent).saturating_sub(1) {
        tuple_inline(fields, out);
        out.push_str(",\n");
        return;
    }
    out.push_str("(\n");
    for field in fields {
        pad(out, indent + INDENT);
        out.push_str(field);
        out.push_str(",\n");
    }
    pad(out, indent);
    out.push_str("),\n");
}

/// The room prettyplease gives a line that starts at `indent`.
fn line_room(indent: usize) -> usize {
    MARGIN.saturating_sub(indent).max(MIN_SPACE)
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Writes a block of documentation as prettyplease prints `#[doc]` attributes: one `///`
/// line each, the text after a space, trailing spaces trimmed. A [`Doc`] line never holds a
/// line break, which prettyplease would print as an attribute or a block comment instead:
/// `Doc` splits its text into lines, and `lower` turns a lone `\r` into a line break.
pub(crate) fn doc_comment(doc: &Doc, indent: usize, out: &mut String) {
    for line in doc.lines() {
        pad(out, indent);
        push_doc_line("", "///", line, out);
        out.push('\n');
    }
}

/// Writes one doc line as prettyplease prints `#[doc = " <line>"]`: the opener (`///` or
/// `//!`), then the line after a space. prettyplease trims the trailing spaces, so a line
/// of spaces prints as the bare opener.
fn push_doc_line(indent: &str, opener: &str, line: &str, out: &mut String) {
    out.push_str(indent);
    out.push_str(opener);
    let text = line.trim_end_matches(' ');
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::{Table, Verbatim};
    use crate::docs::Doc;

    /// Prints `const T: Ty = <array>;` through prettyplease, at the top level (depth 0),
    /// in an `impl` block (1), or in an `impl` block inside a module (2).
    fn prettyplease(ty: &str, array: &str, depth: usize) -> String {
        let mut code = format!("const T: {ty} = {array};");
        for wrapper in ["impl X", "mod m"].iter().take(depth) {
            code = format!("{wrapper} {{ {code} }}");
        }
        let file = syn::parse_file(&code).expect("test code parses");
        prettyplease::unparse(&file)
    }

    /// The same through [`Verbatim`]: the placeholder printed by prettyplease, then filled.
    fn filled(ty: &str, table: Table, depth: usize) -> String {
        let mut verbatim = Verbatim::default();
        let placeholder = verbatim.table(table).to_token_stream();
        let reference = if ty.starts_with('&') { "&" } else { "" };
        let printed = prettyplease(ty, &format!("{reference}{placeholder}"), depth);
        verbatim.fill(&printed, &[]).expect("the table goes in")
    }

    /// Compares a table with prettyplease at three depths, for up to three elements of
    /// every width up to past the margin; `element(i, width)` makes the `i`th element.
    fn compare(ty: &str, element: impl Fn(usize, usize) -> Vec<String>, table: impl Fn(Vec<Vec<String>>) -> Table) {
        for depth in 0..3 {
            for count in 0..4 {
                for width in 1..90 {
                    let elements: Vec<Vec<String>> = (0..count).map(|i| element(i, width)).collect();
                    let texts: Vec<String> = elements.iter().map(|fields| element_text(fields)).collect();
                    let reference = if ty.starts_with('&') { "&" } else { "" };
                    let expected = prettyplease(ty, &format!("{reference}[{}]", texts.join(", ")), depth);
                    let ours = filled(ty, table(elements), depth);
                    assert_eq!(ours, expected, "{ty}: depth {depth}, {count} elements of width {width}");
                }
            }
        }
    }

    /// A string element as it is, a tuple's fields in parentheses.
    fn element_text(fields: &[String]) -> String {
        match fields {
            [string] => string.clone(),
            fields => format!("({})", fields.join(", ")),
        }
    }

    #[test]
    fn string_tables_break_where_prettyplease_breaks_them() {
        let element = |i: usize, width: usize| vec![format!("\"{}\"", "x".repeat(width + i))];
        compare("&[&str]", element, |elements| Table::Strings(elements.into_iter().flatten().collect()));
    }

    #[test]
    fn tuple_tables_break_where_prettyplease_breaks_them() {
        let variant = |i: usize, width: usize| format!("Self::{}", "V".repeat(width + i));
        compare("[(X, A, C); 3]", |i, width| vec![variant(i, width), "A::B".into(), "C::D".into()], Table::Tuples);
    }

    #[test]
    fn deferred_doc_lines_go_back_in_place_once() {
        // Each text is a block of lines as the emitters wrote them, joined by `\n`.
        let texts = ["Module.".to_owned(), "Field, trailing spaces trimmed.  \n\n    \nMore.".to_owned()];
        let printed = "//!\u{1}0\nstruct S {\n    ///\u{1}1\n    a: u8,\n}\n";
        let expected =
            "//! Module.\nstruct S {\n    /// Field, trailing spaces trimmed.\n    ///\n    ///\n    /// More.\n    a: u8,\n}\n";
        assert_eq!(Verbatim::default().fill(printed, &texts).as_deref(), Some(expected));
        // A text that does not come back, or comes back twice, is a generator bug.
        assert_eq!(Verbatim::default().fill("//!\u{1}0\n", &texts), None);
        assert_eq!(Verbatim::default().fill("//!\u{1}0\n///\u{1}1\n///\u{1}1\n", &texts), None);
        assert_eq!(Verbatim::default().fill("///\u{1}2\n", &texts), None);
    }

    #[test]
    fn a_line_of_spaces_prints_as_prettyplease_prints_it() {
        let mut doc = Doc::new();
        doc.trusted("first\n   \nlast  ");
        let mut ours = String::new();
        super::doc_comment(&doc, 4, &mut ours);
        let file = syn::parse_file("impl X { #[doc = \" first\"] #[doc = \"    \"] #[doc = \" last  \"] fn f() {} }")
            .expect("test code parses");
        let theirs = prettyplease::unparse(&file);
        assert!(theirs.starts_with(&format!("impl X {{\n{ours}")), "{ours:?} against {theirs:?}");
    }

    #[test]
    fn a_placeholder_in_a_comment_or_used_twice_is_refused() {
        let mut verbatim = Verbatim::default();
        let placeholder = verbatim.table(Table::Strings(vec!["\"a\"".to_owned()])).to_token_stream();
        let commented = format!("/// const A: u8 = {placeholder};\n");
        assert_eq!(Verbatim { tables: verbatim.tables.clone(), items: Vec::new() }.fill(&commented, &[]), None);
        let twice = format!("const A: u8 = {placeholder};\nconst B: u8 = {placeholder};\n");
        assert_eq!(verbatim.fill(&twice, &[]), None);
    }
}
