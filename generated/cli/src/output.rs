//! Writing results to stdout in the format asked for: a table for people, one JSON
//! document, JSON Lines, or CSV. Every format has the same field names, snake_case.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::cli::Format;
use crate::contract::SCHEMA_VERSION;
use crate::exit::{Exit, Failure};

/// A type written as one row: its JSON form, and the columns a table or CSV shows.
pub trait Record: Serialize {
    /// Every column of CSV: its header, and the JSON pointer of its value in the
    /// record's JSON form (`/created/os`). A value that is missing or null is empty.
    const COLUMNS: &'static [(&'static str, &'static str)];
    /// The columns of a table, fewer where all of them would not fit a terminal.
    const TABLE: &'static [(&'static str, &'static str)] = Self::COLUMNS;
    /// The field of a JSON document that holds the records: `sessions`, `outcomes`.
    const KEY: &'static str;
}

/// Where records go as they come: JSON Lines and CSV are written at once (a pipe sees
/// each outcome as it happens), a JSON document and a table at the end.
pub struct Sink<R: Record> {
    format: Format,
    held: Vec<R>,
    started: bool,
}

impl<R: Record> Sink<R> {
    /// A sink writing `format`.
    pub fn new(format: Format) -> Self {
        Sink { format, held: Vec::new(), started: false }
    }

    /// Writes `record` now, or keeps it for the end.
    pub fn push(&mut self, record: R) -> io::Result<()> {
        let mut out = io::stdout().lock();
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut out, &Versioned { schema_version: SCHEMA_VERSION, record: &record })?;
                writeln!(out)?;
            }
            Format::Csv => {
                if !self.started {
                    write_csv_row(&mut out, R::COLUMNS.iter().map(|(name, _)| name.to_string()))?;
                    self.started = true;
                }
                write_csv_row(&mut out, cells(&record, R::COLUMNS))?;
            }
            Format::Json | Format::Table => self.held.push(record),
        }
        out.flush()
    }

    /// The format it writes.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Writes what was kept: the records as a table or a JSON array. A CSV with no
    /// records still gets its header line.
    pub fn finish(self) -> io::Result<Vec<R>> {
        let mut out = io::stdout().lock();
        match self.format {
            Format::Table => write_table(&mut out, &self.held)?,
            Format::Json => {
                let mut document = serde_json::Map::new();
                document.insert("schema_version".to_owned(), SCHEMA_VERSION.into());
                document.insert(R::KEY.to_owned(), serde_json::to_value(&self.held)?);
                serde_json::to_writer_pretty(&mut out, &document)?;
                writeln!(out)?;
            }
            Format::Csv if !self.started => {
                write_csv_row(&mut out, R::COLUMNS.iter().map(|(name, _)| name.to_string()))?
            }
            Format::Csv | Format::Jsonl => {}
        }
        out.flush()?;
        Ok(self.held)
    }

    /// Takes the kept records without writing them, for a caller that writes them
    /// inside a document of its own (a job's JSON summary).
    pub fn into_held(self) -> Vec<R> {
        self.held
    }
}

/// A JSON Lines record: the record's fields after the contract's version.
#[derive(Serialize)]
struct Versioned<'a, R> {
    schema_version: u32,
    #[serde(flatten)]
    record: &'a R,
}

/// Writes `document` as one pretty-printed JSON document.
pub fn write_json(document: &impl Serialize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, document)?;
    writeln!(out)?;
    out.flush()
}

/// A failure to write what a read (`list`, `settings get`, a dry run) found. A closed
/// pipe ends the run quietly with exit 0: the reader (`head`) took what it wanted, and
/// nothing was changed. Any other failure is exit 1.
pub fn write_failure(error: io::Error) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Failure::quiet(Exit::Done);
    }
    lost_output(error)
}

/// A failure to write a job's outcomes, which ends the run with exit 1 whatever the
/// cause: the outcomes of calls that changed something were lost.
pub fn lost_output(error: io::Error) -> Failure {
    Failure { exit: Exit::SomeFailed, message: format!("cannot write the output: {error}") }
}

/// The text of each column of `record`.
fn cells<'a, R: Record>(record: &R, columns: &'a [(&str, &str)]) -> impl Iterator<Item = String> + 'a {
    let value = serde_json::to_value(record).unwrap_or(Value::Null);
    columns.iter().map(move |(_, pointer)| text(value.pointer(pointer)))
}

/// A JSON value as a cell: empty for missing or null, strings unquoted, anything else
/// as JSON.
fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// One CSV line, RFC 4180: a field holding a comma, a quote, a line break or edge
/// spaces is quoted, with its quotes doubled.
fn write_csv_row(out: &mut impl Write, fields: impl Iterator<Item = String>) -> io::Result<()> {
    let line: Vec<String> = fields.map(|field| csv_field(&field)).collect();
    write!(out, "{}\r\n", line.join(","))
}

fn csv_field(field: &str) -> String {
    let needs_quotes = field.contains([',', '"', '\n', '\r']) || field.trim() != field;
    if needs_quotes {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// The records as aligned columns under a header line; control characters in a cell
/// are shown as spaces so that a row stays one line.
fn write_table<R: Record>(out: &mut impl Write, records: &[R]) -> io::Result<()> {
    let header: Vec<String> = R::TABLE.iter().map(|(name, _)| name.to_string()).collect();
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| cells(record, R::TABLE).map(|cell| cell.replace(char::is_control, " ")).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|name| name.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let padded: Vec<String> = row.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
        writeln!(out, "{}", padded.join("  ").trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" padded"), "\" padded\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn cells_are_empty_for_null_and_json_for_numbers() {
        assert_eq!(text(None), "");
        assert_eq!(text(Some(&Value::Null)), "");
        assert_eq!(text(Some(&serde_json::json!(1112275520242_i64))), "1112275520242");
        assert_eq!(text(Some(&serde_json::json!(true))), "true");
        assert_eq!(text(Some(&serde_json::json!("iOS"))), "iOS");
    }
}
