//! CSV of observations: one row per unit × period × metric × value, the way
//! figures are collected from sub-units. Streaming: rows are read one at a
//! time, so a file of millions of rows never sits in memory.
//!
//! Columns (header names, any order): `unit`, `period`, `metric`, `value`,
//! and optionally `uom` (the unit of measure, when `value` is a bare number)
//! and `note`. A blank `value` is unknown, like `X`.
//!
//! ```
//! use workreport::ingest::csv::ObservationReader;
//!
//! let data = "unit,period,metric,value,uom\nnanshui,2020,posts,12,条\nbeishui,2020,posts,30余条,\n";
//! let rows: Vec<_> = ObservationReader::new(data.as_bytes())?.collect();
//! assert_eq!(rows.len(), 2);
//! let second = rows[1].as_ref().unwrap();
//! assert_eq!(second.value.to_string(), "30余条");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::io;

use crate::aggregate::Partial;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Location, MetricKey, Observation, OrgId, Period};
use crate::quantity::Quantity;

/// A CSV problem: where (row and column) and what.
#[derive(Clone, Debug, thiserror::Error)]
pub struct CsvError {
    row: Option<u64>,
    line: Option<u64>,
    column: Option<&'static str>,
    message: String,
}

impl CsvError {
    /// The data row (1-based, the header not counted), if the error is in one.
    pub fn row(&self) -> Option<u64> {
        self.row
    }

    /// The column's name, if the error is in one.
    pub fn column(&self) -> Option<&'static str> {
        self.column
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.line) {
            (Some(r), Some(l)) => write!(f, "row {r} (line {l})")?,
            (Some(r), None) => write!(f, "row {r}")?,
            (None, Some(l)) => write!(f, "line {l}")?,
            (None, None) => f.write_str("header")?,
        }
        if let Some(c) = self.column {
            write!(f, ", column `{c}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

const REQUIRED: [&str; 4] = ["unit", "period", "metric", "value"];
const OPTIONAL: [&str; 2] = ["uom", "note"];

/// Where each known column sits in a row.
#[derive(Clone, Copy, Debug)]
struct Columns {
    unit: usize,
    period: usize,
    metric: usize,
    value: usize,
    uom: Option<usize>,
}

/// Reads observations from CSV, one row at a time.
#[derive(Debug)]
pub struct ObservationReader<R> {
    reader: ::csv::Reader<R>,
    columns: Columns,
    record: ::csv::StringRecord,
    row: u64,
    /// The last period text and its parse, since rows repeat periods.
    last_period: Option<(String, Period)>,
    buf: String,
}

impl<R: io::Read> ObservationReader<R> {
    /// A reader that has checked the header.
    ///
    /// # Errors
    ///
    /// When the header is missing, lacks a required column, repeats one,
    /// or has a column this format does not know.
    pub fn new(input: R) -> Result<ObservationReader<R>, CsvError> {
        let mut reader = ::csv::ReaderBuilder::new().trim(::csv::Trim::Headers).flexible(false).from_reader(input);
        let header_error = |message: String| CsvError { row: None, line: Some(1), column: None, message };
        let headers = reader.headers().map_err(|e| header_error(format!("cannot read the header: {e}")))?.clone();
        let mut found: [Option<usize>; 6] = [None; 6];
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim_start_matches('\u{feff}').to_ascii_lowercase();
            let Some(k) = REQUIRED.iter().chain(OPTIONAL.iter()).position(|c| *c == name) else {
                return Err(header_error(format!(
                    "unknown column {h:?}; the columns are unit, period, metric, value and optionally uom, note"
                )));
            };
            if found[k].replace(i).is_some() {
                return Err(header_error(format!("column {h:?} appears twice")));
            }
        }
        let missing: Vec<&str> = REQUIRED.iter().zip(found).filter(|(_, f)| f.is_none()).map(|(c, _)| *c).collect();
        if !missing.is_empty() {
            return Err(header_error(format!("missing column(s): {}", missing.join(", "))));
        }
        let columns = Columns {
            unit: found[0].unwrap_or(0),
            period: found[1].unwrap_or(0),
            metric: found[2].unwrap_or(0),
            value: found[3].unwrap_or(0),
            uom: found[4],
        };
        Ok(ObservationReader {
            reader,
            columns,
            record: ::csv::StringRecord::new(),
            row: 0,
            last_period: None,
            buf: String::new(),
        })
    }

    /// The number of data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.row
    }

    fn error(&self, column: Option<&'static str>, message: String) -> CsvError {
        CsvError { row: Some(self.row), line: self.record.position().map(|p| p.line()), column, message }
    }

    /// Reads the next row into its parts without building an [`Observation`]:
    /// the fast path for loading into a [`Partial`].
    fn next_fields(&mut self) -> Option<Result<(), CsvError>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                self.row += 1;
                Some(Ok(()))
            }
            Err(e) => {
                self.row += 1;
                let line = e.position().map(|p| p.line());
                let message = match e.kind() {
                    ::csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("the row has {len} fields where the header has {expected_len}")
                    }
                    _ => e.to_string(),
                };
                Some(Err(CsvError { row: Some(self.row), line, column: None, message }))
            }
        }
    }

    fn field(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("").trim()
    }

    fn period(&mut self) -> Result<Period, CsvError> {
        let text = self.field(self.columns.period);
        if let Some((t, p)) = &self.last_period {
            if t == text {
                return Ok(*p);
            }
        }
        let p: Period = text.parse().map_err(|e| self.error(Some("period"), format!("{e}")))?;
        self.last_period = Some((text.to_owned(), p));
        Ok(p)
    }

    fn value(&mut self) -> Result<Quantity, CsvError> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.value_in(&mut buf);
        self.buf = buf;
        result
    }

    fn value_in(&self, buf: &mut String) -> Result<Quantity, CsvError> {
        let text = self.field(self.columns.value);
        let uom = self.columns.uom.map(|i| self.field(i)).unwrap_or("");
        let text = if text.is_empty() { "X" } else { text };
        let parsed = if uom.is_empty() {
            text.parse::<Quantity>()
        } else {
            buf.clear();
            buf.push_str(text);
            buf.push(' ');
            buf.push_str(uom);
            buf.parse::<Quantity>()
        };
        parsed.map_err(|e| self.error(Some(if uom.is_empty() { "value" } else { "value` and `uom" }), e.to_string()))
    }

    fn observation(&mut self) -> Result<Observation, CsvError> {
        let org: OrgId = self.field(self.columns.unit).parse().map_err(|e| self.error(Some("unit"), format!("{e}")))?;
        let metric: MetricKey =
            self.field(self.columns.metric).parse().map_err(|e| self.error(Some("metric"), format!("{e}")))?;
        let period = self.period()?;
        let value = self.value()?;
        Ok(Observation::new(metric, org, period, value))
    }
}

impl<R: io::Read> Iterator for ObservationReader<R> {
    type Item = Result<Observation, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.next_fields()? {
            Ok(()) => self.observation(),
            Err(e) => Err(e),
        })
    }
}

/// Streams a CSV of observations into a partial as the dataset `name`,
/// returning every problem found: CSV errors (bad number, bad period,
/// unknown column) and, from the partial, unknown metrics and units that
/// do not fit their metric. Rows with errors are left out and reported;
/// the rest are added.
///
/// # Errors
///
/// Only when the header itself is wrong; row problems are diagnostics.
pub fn load<R: io::Read>(input: R, name: &str, partial: &mut Partial) -> Result<Vec<Diagnostic>, CsvError> {
    let mut reader = ObservationReader::new(input)?;
    partial.dataset(name);
    let mut diagnostics = Vec::new();
    let mut last_period_index = None;
    while let Some(next) = reader.next_fields() {
        let before = partial.diagnostics_len();
        let result = next.and_then(|()| {
            let metric_text = reader.field(reader.columns.metric);
            let Some(metric) = partial.metric_index(metric_text) else {
                return Err(reader
                    .error(Some("metric"), format!("unknown metric {metric_text:?}: the catalog has no such key")));
            };
            let org_text = reader.field(reader.columns.unit);
            let org = match partial.find_org_index(org_text) {
                Some(o) => o,
                None => {
                    let id: OrgId = org_text.parse().map_err(|e| reader.error(Some("unit"), format!("{e}")))?;
                    partial.org_index(&id)
                }
            };
            let period = reader.period()?;
            let period = match last_period_index {
                Some((p, i)) if p == period => i,
                _ => {
                    let i = partial.period_index(period);
                    last_period_index = Some((period, i));
                    i
                }
            };
            let value = reader.value()?;
            partial.push_indexed(metric, org, period, &value);
            Ok(())
        });
        if let Err(e) = result {
            partial.skip();
            let mut path = format!("{name} row {}", e.row.unwrap_or(0));
            if let Some(line) = e.line {
                path.push_str(&format!(" (line {line})"));
            }
            if let Some(c) = e.column {
                path.push_str(&format!(", column `{c}`"));
            }
            diagnostics.push(Diagnostic::new(e.code(), Severity::Error, e.message, Location::new(path)));
        }
        // The partial's own findings for this row (unit mismatches), in row order.
        diagnostics.extend(partial.take_diagnostics_since(before));
    }
    Ok(diagnostics)
}

impl CsvError {
    fn code(&self) -> Code {
        match self.column {
            Some("metric") if self.message.starts_with("unknown metric") => Code::UnknownMetric,
            _ => Code::InvalidData,
        }
    }
}
