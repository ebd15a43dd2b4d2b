//! CSV of observations: one row per unit × period × metric × value, the way
//! figures are collected from sub-units. Streaming: rows are read one at a
//! time, so a file of millions of rows never sits in memory ([`load`]).
//! A file that fits in memory can be read on every core instead
//! ([`load_parallel`]), with the same result.
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

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::io;

use crate::aggregate::{MetricIndex, OrgIndex, Partial, ValueIndex};
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
    /// The number of columns.
    count: usize,
}

/// Reads observations from CSV, one row at a time.
#[derive(Debug)]
pub struct ObservationReader<R> {
    reader: ::csv::Reader<R>,
    /// The record as read; its text goes to `row` once it is known to be
    /// UTF-8, one check for the whole record rather than one per field.
    record: ::csv::ByteRecord,
    row: Row,
}

impl<R: io::Read> ObservationReader<R> {
    /// A reader that has checked the header.
    ///
    /// # Errors
    ///
    /// When the header is missing, lacks a required column, repeats one,
    /// or has a column this format does not know.
    pub fn new(input: R) -> Result<ObservationReader<R>, CsvError> {
        let mut reader = builder().from_reader(input);
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
            count: headers.len(),
        };
        Ok(ObservationReader { reader, record: ::csv::ByteRecord::new(), row: Row::new(columns, 0) })
    }

    /// The number of data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.row.number
    }

    /// Reads the next row into its parts without building an [`Observation`]:
    /// the fast path for loading into a [`Partial`].
    fn next_fields(&mut self) -> Option<Result<(), CsvError>> {
        self.next_row(&mut |_| false)
    }

    /// Takes the text of the record just read, or says where it is not
    /// UTF-8 in the words of the `csv` crate's own check.
    fn take_text(&mut self, start: &::csv::Position) -> Result<(), String> {
        let (record, row) = (&self.record, &mut self.row);
        row.text.clear();
        row.spans.clear();
        if let Ok(text) = std::str::from_utf8(record.as_slice()) {
            // Each field is UTF-8 when the whole is and no field starts
            // inside a character.
            if (0..record.len()).all(|i| record.range(i).is_some_and(|r| text.is_char_boundary(r.start))) {
                row.text.push_str(text);
                row.spans.extend((0..record.len()).filter_map(|i| record.range(i)).map(|r| (r.start, r.end)));
                return Ok(());
            }
        }
        Err(utf8_message(record, start.record(), start.line(), start.byte()))
    }
}

/// What the `csv` crate says of a record that is not UTF-8, read from
/// `byte` on `line` after `records` records (the header included).
fn utf8_message(record: &::csv::ByteRecord, records: u64, line: u64, byte: u64) -> String {
    let (field, detail) = match ::csv::StringRecord::from_byte_record(record.clone()) {
        Err(e) => (e.utf8_error().field(), e.utf8_error().to_string()),
        Ok(_) => (0, "invalid utf-8".to_owned()),
    };
    format!("CSV parse error: record {records} (line {line}, field: {field}, byte: {byte}): {detail}")
}

/// Where rows come from: a `csv` reader, or text in memory ([`TextRows`]).
trait Rows {
    /// Reads the next row into [`Rows::row`], or ends (`None`) at the end of
    /// the input or before the first record for whose starting byte `stop`
    /// is true.
    fn next_row(&mut self, stop: &mut impl FnMut(u64) -> bool) -> Option<Result<(), CsvError>>;

    /// The row just read.
    fn row(&mut self) -> &mut Row;
}

impl<R: io::Read> Rows for ObservationReader<R> {
    #[inline]
    fn next_row(&mut self, stop: &mut impl FnMut(u64) -> bool) -> Option<Result<(), CsvError>> {
        let start = self.reader.position().clone();
        let read = self.reader.read_byte_record(&mut self.record);
        if matches!(read, Ok(false)) || stop(start.byte()) {
            return None;
        }
        self.row.number += 1;
        self.row.line = Some(start.line());
        let (line, message) = match read {
            Ok(_) => match self.take_text(&start) {
                Ok(()) => return Some(Ok(())),
                Err(message) => (Some(start.line()), message),
            },
            Err(e) => (
                e.position().map(|p| p.line()),
                match e.kind() {
                    ::csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("the row has {len} fields where the header has {expected_len}")
                    }
                    _ => e.to_string(),
                },
            ),
        };
        Some(Err(CsvError { row: Some(self.row.number), line, column: None, message }))
    }

    fn row(&mut self) -> &mut Row {
        &mut self.row
    }
}

/// One row as a load reads it: its text, where its fields end, and what
/// the rows before leave to reuse.
#[derive(Debug)]
struct Row {
    columns: Columns,
    /// The data row (1-based, the header not counted) and the line the
    /// reader was on when it started reading it.
    number: u64,
    line: Option<u64>,
    /// The row's text, and where each field is in it.
    text: String,
    spans: Vec<(usize, usize)>,
    /// The last period text and its parse, since rows repeat periods.
    last_period: Option<(String, Period)>,
    buf: String,
}

impl Row {
    /// A row reader after `rows_before` rows.
    fn new(columns: Columns, rows_before: u64) -> Row {
        Row {
            columns,
            number: rows_before,
            line: None,
            text: String::new(),
            spans: Vec::new(),
            last_period: None,
            buf: String::new(),
        }
    }

    fn error(&self, column: Option<&'static str>, message: String) -> CsvError {
        CsvError { row: Some(self.number), line: self.line, column, message }
    }

    #[inline]
    fn field(&self, i: usize) -> &str {
        self.spans.get(i).and_then(|&(a, b)| self.text.get(a..b)).map_or("", trim)
    }
    fn period(&mut self) -> Result<Period, CsvError> {
        let text = self.field(self.columns.period);
        if let Some((t, p)) = &self.last_period {
            if same(t, text) {
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

    /// [`Self::value`], interned in `partial`, through `memo`, since a file
    /// repeats a few values (`1`, `12 次`) over and over: the same text
    /// always reads the same.
    fn value_memo(
        &mut self,
        memo: &mut [Option<MemoValue>; MEMO_VALUES],
        partial: &mut Partial,
    ) -> Result<ValueIndex, CsvError> {
        let text = self.field(self.columns.value);
        let uom = self.columns.uom.map(|i| self.field(i)).unwrap_or("");
        let mut h = Fx::default();
        h.write(text.as_bytes());
        h.write_u8(0xff);
        h.write(uom.as_bytes());
        let slot = &mut memo[(h.finish() >> 54) as usize % MEMO_VALUES];
        let hit = slot.as_ref().is_some_and(|m| same(&m.text, text) && same(&m.uom, uom));
        if !hit {
            let (text, uom) = (text.to_owned(), uom.to_owned());
            // The value this one replaces in the cache gives up its place in the partial too.
            let index = match slot {
                Some(old) => partial.replace_value(old.index, self.value()?),
                None => partial.intern_value(self.value()?),
            };
            *slot = Some(MemoValue { text, uom, index });
        }
        match slot {
            Some(m) => Ok(m.index),
            None => Err(self.error(Some("value"), "the value was not kept".to_owned())),
        }
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
            Ok(()) => self.row.observation(),
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
    Ok(load_rows(&mut reader, name, partial, |_| false))
}

/// [`str::trim`], quicker: nothing to do when both ends are printable
/// ASCII (most fields); else the ASCII whitespace off (all of it is Unicode
/// whitespace too), then the Unicode trim only if what is left starts or
/// ends with other whitespace (the vertical tab, U+3000…).
#[inline]
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let graphic = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    if graphic(b.first()) && graphic(b.last()) {
        return s;
    }
    let t = s.trim_ascii();
    let odd = |c: Option<char>| c.is_some_and(char::is_whitespace);
    if odd(t.chars().next()) || odd(t.chars().next_back()) { s.trim() } else { t }
}

/// `a == b` for the short texts of a row, without a call to `memcmp`.
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 32 {
        return a == b;
    }
    a.iter().zip(b).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

/// The number of values [`Memo`] keeps.
const MEMO_VALUES: usize = 1024;

/// A value read before, with the text it was read from.
#[derive(Debug)]
struct MemoValue {
    text: String,
    uom: String,
    index: ValueIndex,
}

/// What a load looks up row after row, kept for the next rows: metric
/// indices by key, the last unit, and values by their text (a cache of
/// [`MEMO_VALUES`] entries, each text in one place).
///
/// Files list a unit's metrics in the same order unit after unit, so the
/// metric of a row is first guessed as the one that followed the last
/// row's metric the last time, which costs one comparison.
#[derive(Debug)]
struct Memo {
    /// Metrics seen, in the order first seen; where each is in it; the
    /// last row's; and the one that came after each the last time.
    metric_keys: Vec<(Key, MetricIndex)>,
    metrics: HashMap<Box<str>, usize, BuildHasherDefault<Fx>>,
    last_metric: Option<usize>,
    next_metric: Vec<usize>,
    org: Option<(String, OrgIndex)>,
    values: Box<[Option<MemoValue>; MEMO_VALUES]>,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            metric_keys: Vec::new(),
            metrics: HashMap::default(),
            last_metric: None,
            next_metric: Vec::new(),
            org: None,
            values: Box::new([const { None }; MEMO_VALUES]),
        }
    }
}

impl Memo {
    /// The index of metric `key` if seen before.
    #[inline]
    fn metric(&mut self, key: &str) -> Option<MetricIndex> {
        let guess = self.last_metric.and_then(|l| self.next_metric.get(l)).copied();
        if let Some((k, m)) = guess.and_then(|g| self.metric_keys.get(g)) {
            if k.is(key) {
                self.last_metric = guess;
                return Some(*m);
            }
        }
        let &at = self.metrics.get(key)?;
        self.follow(at);
        self.metric_keys.get(at).map(|(_, m)| *m)
    }

    /// Remembers metric `key`, just found to be `index`.
    fn add_metric(&mut self, key: &str, index: MetricIndex) {
        let at = self.metric_keys.len();
        self.metric_keys.push((Key::new(key), index));
        self.next_metric.push(at);
        self.metrics.insert(key.into(), at);
        self.follow(at);
    }

    /// Notes that metric `at` came after the last one.
    fn follow(&mut self, at: usize) {
        if let Some(next) = self.last_metric.and_then(|l| self.next_metric.get_mut(l)) {
            *next = at;
        }
        self.last_metric = Some(at);
    }
}

/// A metric key as [`Memo`] keeps it: the bytes of a short key in place,
/// next to its index, so that comparing does not follow a pointer into
/// memory that a large load has long pushed out of the cache.
#[derive(Debug)]
enum Key {
    Short(u8, [u8; 22]),
    Long(Box<str>),
}

impl Key {
    fn new(key: &str) -> Key {
        let mut bytes = [0; 22];
        match bytes.get_mut(..key.len()) {
            Some(b) => {
                b.copy_from_slice(key.as_bytes());
                Key::Short(key.len() as u8, bytes)
            }
            None => Key::Long(key.into()),
        }
    }

    #[inline]
    fn is(&self, key: &str) -> bool {
        match self {
            Key::Short(n, bytes) => {
                usize::from(*n) == key.len() && bytes.iter().zip(key.as_bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
            }
            Key::Long(k) => same(k, key),
        }
    }
}

/// The hash of rustc's `FxHasher`: fast on short keys. The maps it serves
/// hold catalog keys only, so input cannot make them slow.
#[derive(Clone, Copy, Debug, Default)]
struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(w.iter().rev().fold(0, |a, &b| (a << 8) | u64::from(b)));
        }
        let rest = words.remainder();
        self.add(rest.iter().rev().fold(rest.len() as u64, |a, &b| (a << 8) | u64::from(b)));
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Pushes the rows of `reader` into `partial` up to the first record whose
/// starting byte `stop` accepts: the loop of [`load`], for the whole input
/// or one chunk of it.
fn load_rows(
    rows: &mut impl Rows,
    name: &str,
    partial: &mut Partial,
    mut stop: impl FnMut(u64) -> bool,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut memo = Memo::default();
    let mut last_period_index = None;
    while let Some(next) = rows.next_row(&mut stop) {
        let before = partial.diagnostics_len();
        let reader = rows.row();
        let result = next.and_then(|()| {
            let metric_text = reader.field(reader.columns.metric);
            let metric = match memo.metric(metric_text) {
                Some(m) => m,
                None => {
                    let Some(m) = partial.metric_index(metric_text) else {
                        return Err(reader.error(
                            Some("metric"),
                            format!("unknown metric {metric_text:?}: the catalog has no such key"),
                        ));
                    };
                    memo.add_metric(metric_text, m);
                    m
                }
            };
            let org_text = reader.field(reader.columns.unit);
            let org = match &memo.org {
                Some((text, o)) if same(text, org_text) => *o,
                _ => {
                    let o = match partial.find_org_index(org_text) {
                        Some(o) => o,
                        None => {
                            let id: OrgId = org_text.parse().map_err(|e| reader.error(Some("unit"), format!("{e}")))?;
                            partial.org_index(&id)
                        }
                    };
                    memo.org = Some((org_text.to_owned(), o));
                    o
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
            let value = reader.value_memo(&mut memo.values, partial)?;
            partial.push_interned(metric, org, period, value);
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
    diagnostics
}

impl CsvError {
    fn code(&self) -> Code {
        match self.column {
            Some("metric") if self.message.starts_with("unknown metric") => Code::UnknownMetric,
            _ => Code::InvalidData,
        }
    }
}

/// How [`load_parallel`] reads: the number of threads and the least input
/// worth a thread of its own.
///
/// ```
/// use workreport::ingest::csv::LoadOptions;
///
/// let options = LoadOptions::new().threads(4).min_chunk_len(1 << 20);
/// assert_eq!(options.thread_count(), 4);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    threads: Option<usize>,
    min_chunk_len: usize,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions::new()
    }
}

impl LoadOptions {
    /// One thread per available core
    /// ([`std::thread::available_parallelism`]), and chunks of at least
    /// 1 MiB.
    pub fn new() -> LoadOptions {
        LoadOptions { threads: None, min_chunk_len: 1 << 20 }
    }

    /// Reads with at most `threads` threads; 0 and 1 read on the calling
    /// thread.
    pub fn threads(self, threads: usize) -> LoadOptions {
        LoadOptions { threads: Some(threads.max(1)), ..self }
    }

    /// Gives each thread at least `bytes` of input, so a small input is
    /// read on fewer threads (or one).
    pub fn min_chunk_len(self, bytes: usize) -> LoadOptions {
        LoadOptions { min_chunk_len: bytes, ..self }
    }

    /// The number of threads these options read with at most.
    pub fn thread_count(&self) -> usize {
        self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

/// [`load`] for a CSV held in memory (a file read with [`std::fs::read`]),
/// on several threads: the input is cut at record boundaries into one
/// chunk per thread, each chunk is read into a partial of its own, and the
/// partials are merged in order.
///
/// The result is the one [`load`] gives: the same observations, totals and
/// sources (every observation resolves to its row in the file), and the
/// same diagnostics in the same order, each naming its true row, line and
/// column. Cuts are found by reading the quoting as the sequential reader
/// does, so a line break inside a quoted field never splits a record. With
/// one thread, or an input smaller than two chunks, it reads on the calling
/// thread, still a little faster than [`load`]: the rows are read from the
/// input in place, and UTF-8 is checked a large window at a time.
///
/// ```
/// use workreport::aggregate::Partial;
/// use workreport::ingest::csv::{self, LoadOptions};
/// use workreport::{Catalog, Metric};
///
/// let catalog = Catalog::new(vec![Metric::new("posts".parse()?, "微信工作动态", "条".parse()?)])?;
/// let mut data = String::from("unit,period,metric,value,note\n");
/// for i in 0..1000 {
///     data.push_str(&format!("u{i},2020,posts,{},\"a note,\nover two lines\"\n", i % 7));
/// }
/// data.push_str("bad,2020,posts,3O余,\n");
/// let mut partial = Partial::new(&catalog, None);
/// let options = LoadOptions::new().threads(4).min_chunk_len(1024);
/// let diagnostics = csv::load_parallel(data.as_bytes(), "obs.csv", &mut partial, &options)?;
/// assert_eq!(partial.len(), 1001);
/// assert_eq!(diagnostics.len(), 1);
/// assert!(diagnostics[0].to_string().contains("obs.csv row 1001 (line 2002), column `value`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// Only when the header itself is wrong; row problems are diagnostics.
pub fn load_parallel(
    input: &[u8],
    name: &str,
    partial: &mut Partial,
    options: &LoadOptions,
) -> Result<Vec<Diagnostic>, CsvError> {
    let first = ObservationReader::new(input)?;
    partial.dataset(name);
    let chunks = options.thread_count().min(input.len() / options.min_chunk_len.max(1)).max(1);
    let columns = first.row.columns;
    let at = first.reader.position();
    let mut head_rows = TextRows::new(
        input,
        Cut { byte: at.byte() as usize, records: at.record(), line: at.line() },
        input.len(),
        columns,
    );
    if chunks == 1 {
        return Ok(load_rows(&mut head_rows, name, partial, |_| false));
    }
    let targets = targets(input.len(), chunks);
    let first_target = targets[0] as u64;
    let fresh: Vec<Partial> = targets.iter().map(|_| partial.fresh()).collect();
    std::thread::scope(|scope| {
        // The first chunk starts at once; where it ends is known when the
        // cuts are, well before it gets there.
        let (end_tx, end_rx) = std::sync::mpsc::channel::<Option<u64>>();
        let head = scope.spawn(move || {
            let mut end: Option<Option<u64>> = None;
            let diagnostics = load_rows(&mut head_rows, name, partial, |byte| {
                byte >= first_target
                    && end.get_or_insert_with(|| end_rx.recv().ok().flatten()).is_some_and(|e| byte >= e)
            });
            (partial, diagnostics)
        });
        let cuts = cuts(input, &targets);
        // A send fails only when the first chunk has already stopped.
        let _ = end_tx.send(cuts.first().map(|c| c.byte as u64));
        let mut tails = Vec::with_capacity(cuts.len());
        let mut last = None;
        for (k, (&cut, mut chunk)) in cuts.iter().zip(fresh).enumerate() {
            let end = cuts.get(k + 1).map_or(input.len(), |c| c.byte);
            let work = move || {
                let mut rows = TextRows::new(input, cut, end, columns);
                chunk.dataset_after(name, cut.records.saturating_sub(1));
                let diagnostics = load_rows(&mut rows, name, &mut chunk, |_| false);
                (chunk, diagnostics)
            };
            if k + 1 == cuts.len() {
                // The last chunk runs here, on the thread that found the cuts.
                last = Some(work());
            } else {
                tails.push(scope.spawn(work));
            }
        }
        let (partial, mut diagnostics) = join(head);
        for (chunk, found) in tails.into_iter().map(join).chain(last) {
            partial.merge(chunk);
            diagnostics.extend(found);
        }
        Ok(diagnostics)
    })
}

/// Where to look for the cuts between `chunks` chunks of `len` bytes. The
/// first chunk starts at once, the others once the cuts are found, so it
/// takes a little more: finding the cuts reads the input about eight times
/// as fast as loading it does.
fn targets(len: usize, chunks: usize) -> Vec<usize> {
    let (len, n) = (len as f64, chunks as f64);
    let lead = (n - 1.0) / n / 8.0;
    let others = len * (1.0 - lead) / n;
    let first = len - others * (n - 1.0);
    (0..chunks - 1).map(|k| (first + others * k as f64) as usize).collect()
}

/// The result of a scoped thread; a panic in it (a bug, never input) goes on here.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// The bytes of text [`TextRows`] checks for UTF-8 at a time.
const WINDOW: usize = 1 << 20;

/// The rows of a CSV in memory from a cut to an end, read as the `csv`
/// crate reads them (see [`Scan`]) — the same fields, rows, lines and
/// errors — but from the input as it is: UTF-8 is checked a window of
/// about [`WINDOW`] bytes at a time rather than row by row, and a field
/// is copied once, into its row.
#[derive(Debug)]
struct TextRows<'a> {
    input: &'a [u8],
    at: usize,
    end: usize,
    /// The line at `at`, and the records read before it, the header included.
    line: u64,
    records: u64,
    /// Text known to be UTF-8, from `window_start`; and where text that is
    /// not ends, so that rows up to there are checked one by one.
    window: &'a str,
    window_start: usize,
    window_len: usize,
    invalid_until: usize,
    /// The current record's fields as byte ranges of `input` (a quoted
    /// field with `""` in it has several): `fields[i]` ends at `parts[i]`.
    parts: Vec<(usize, usize)>,
    fields: Vec<usize>,
    raw: Vec<u8>,
    row: Row,
}

impl<'a> TextRows<'a> {
    fn new(input: &'a [u8], cut: Cut, end: usize, columns: Columns) -> TextRows<'a> {
        TextRows {
            input,
            at: cut.byte,
            end: end.min(input.len()),
            line: cut.line,
            records: cut.records,
            window: "",
            window_start: 0,
            window_len: WINDOW,
            invalid_until: 0,
            parts: Vec::new(),
            fields: Vec::new(),
            raw: Vec::new(),
            row: Row::new(columns, cut.records.saturating_sub(1)),
        }
    }

    /// Reads the fields of the record at `p` (not at a line end) into
    /// `parts` and `fields`; returns where the next one starts.
    fn fields_at(&mut self, mut p: usize) -> usize {
        let (b, e, start) = (self.input, self.end, p);
        self.parts.clear();
        self.fields.clear();
        self.row.spans.clear();
        let unquoted_end = |mut p: usize| {
            while p < e && !matches!(b[p], b',' | b'\r' | b'\n') {
                p += 1;
            }
            p
        };
        loop {
            // The field's last part, kept here rather than read back from
            // `parts` (a read just after the write stalls).
            let last;
            if p < e && b[p] == b'"' {
                // Quoted: `""` is a quote; after the closing quote, the rest
                // up to the next comma or line end is read as it is.
                p += 1;
                let mut from = p;
                let mut closed = false;
                let mut part = (p, p);
                while let Some(k) = b[p..e].iter().position(|&c| c == b'"') {
                    let q = p + k;
                    self.line += newlines(&b[p..q]);
                    if q + 1 < e && b[q + 1] == b'"' {
                        part = (from, q + 1);
                        self.parts.push(part);
                        p = q + 2;
                        from = p;
                    } else {
                        part = (from, q);
                        self.parts.push(part);
                        p = q + 1;
                        closed = true;
                        break;
                    }
                }
                if closed {
                    let rest = unquoted_end(p);
                    if rest > p {
                        part = (p, rest);
                        self.parts.push(part);
                    }
                    p = rest;
                } else {
                    // An open quote runs to the end, as the `csv` crate reads it.
                    self.line += newlines(&b[p..e]);
                    part = (from, e);
                    self.parts.push(part);
                    p = e;
                }
                last = part;
            } else {
                let rest = unquoted_end(p);
                last = (p, rest);
                self.parts.push(last);
                p = rest;
            }
            self.fields.push(self.parts.len());
            // Where the field is in the record's text if each field is one
            // part (see `take_from_window`), written now while at hand.
            self.row.spans.push((last.0 - start, last.1 - start));
            let Some(&c) = b.get(p).filter(|_| p < e) else { return p };
            p += 1;
            match c {
                b',' => continue,
                b'\n' => {
                    self.line += 1;
                    return p;
                }
                _ => return p,
            }
        }
    }

    /// Whether `from..to` lies in text known to be UTF-8, checking the
    /// next window from `from` (a record's start) if it does not.
    fn checked(&mut self, from: usize, to: usize) -> bool {
        if from >= self.window_start && to <= self.window_start + self.window.len() {
            return true;
        }
        if from < self.invalid_until {
            return false;
        }
        let want = to.max(from.saturating_add(self.window_len)).min(self.input.len());
        let until = self.input[want..].iter().position(|&c| c == b'\n').map_or(self.input.len(), |k| want + k + 1);
        match std::str::from_utf8(&self.input[from..until]) {
            Ok(w) => {
                (self.window, self.window_start) = (w, from);
                true
            }
            Err(_) => {
                self.invalid_until = until;
                false
            }
        }
    }

    /// Puts the text of the record just read into `row`, from the window
    /// when `from..to` is in it; else checks the record on its own.
    fn take_text(&mut self, from: usize, to: usize) -> Result<(), ()> {
        self.row.text.clear();
        if self.checked(from, to) && self.take_from_window(from) {
            return Ok(());
        }
        let row = &mut self.row;
        row.text.clear();
        row.spans.clear();
        self.raw.clear();
        let mut part = 0;
        for &end in &self.fields {
            let start = self.raw.len();
            for &(a, b) in &self.parts[part..end] {
                self.raw.extend_from_slice(&self.input[a..b]);
            }
            row.spans.push((start, self.raw.len()));
            part = end;
        }
        match std::str::from_utf8(&self.raw) {
            Ok(text) if row.spans.iter().all(|&(s, _)| text.is_char_boundary(s)) => {
                row.text.push_str(text);
                Ok(())
            }
            _ => Err(()),
        }
    }

    /// Copies the record just read, which starts at `from`, from the window
    /// into `row`: at once when each field is one part (no `""`), else part
    /// by part. Parts
    /// start and end at ASCII bytes, so at char boundaries of the window.
    fn take_from_window(&mut self, from: usize) -> bool {
        let (row, offset) = (&mut self.row, self.window_start);
        let at = |a: usize, b: usize| self.window.get(a - offset..b - offset);
        if let (Some(&(_, last)), true) = (self.parts.last(), self.parts.len() == self.fields.len()) {
            // `fields_at` has written the spans, from the record's start.
            let Some(text) = at(from, last) else { return false };
            row.text.push_str(text);
            return true;
        }
        row.spans.clear();
        let mut part = 0;
        for &end in &self.fields {
            let start = row.text.len();
            for &(a, b) in &self.parts[part..end] {
                let Some(text) = at(a, b) else { return false };
                row.text.push_str(text);
            }
            row.spans.push((start, row.text.len()));
            part = end;
        }
        true
    }

    /// The record just read as the `csv` crate holds it, for its UTF-8 error.
    fn byte_record(&self) -> ::csv::ByteRecord {
        let mut record = ::csv::ByteRecord::new();
        let mut part = 0;
        for &end in &self.fields {
            let field: Vec<u8> = self.parts[part..end].iter().flat_map(|&(a, b)| &self.input[a..b]).copied().collect();
            record.push_field(&field);
            part = end;
        }
        record
    }
}

/// The number of line feeds in `bytes`.
fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&c| c == b'\n').count() as u64
}

impl Rows for TextRows<'_> {
    fn next_row(&mut self, stop: &mut impl FnMut(u64) -> bool) -> Option<Result<(), CsvError>> {
        // Where the `csv` crate's reader would be: before any blank lines.
        let (start, start_line) = (self.at, self.line);
        let mut p = self.at;
        while p < self.end && matches!(self.input[p], b'\r' | b'\n') {
            self.line += u64::from(self.input[p] == b'\n');
            p += 1;
        }
        if p >= self.end || stop(start as u64) {
            self.at = p;
            return None;
        }
        self.at = self.fields_at(p);
        let records = self.records;
        self.records += 1;
        self.row.number += 1;
        self.row.line = Some(start_line);
        let message = if self.fields.len() != self.row.columns.count {
            format!("the row has {} fields where the header has {}", self.fields.len(), self.row.columns.count)
        } else if self.take_text(p, self.at).is_ok() {
            return Some(Ok(()));
        } else {
            utf8_message(&self.byte_record(), records, start_line, start as u64)
        };
        Some(Err(CsvError { row: Some(self.row.number), line: Some(start_line), column: None, message }))
    }

    fn row(&mut self) -> &mut Row {
        &mut self.row
    }
}

/// The settings of every reader of observations.
fn builder() -> ::csv::ReaderBuilder {
    let mut b = ::csv::ReaderBuilder::new();
    b.trim(::csv::Trim::Headers).flexible(false);
    b
}

/// A place where a reader may start afresh: just after the terminator of
/// a record, with the records (the header included) and the line a reader
/// that read up to there has counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cut {
    byte: usize,
    records: u64,
    line: u64,
}

/// The states of [`cuts`]: those of the `csv` crate's reader (RFC 4180
/// quoting with `""` inside quotes; `\r`, `\n` and `\r\n` end a record;
/// blank lines are skipped), less the ones that do not matter for where
/// records end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    /// Between records.
    Record,
    /// At the start of a field after a comma: a quote here opens quoting.
    FieldStart,
    /// In an unquoted field: a quote here is a character.
    Field,
    Quoted,
    /// A quote in a quoted field: it closes it, or a second one follows.
    QuoteInQuoted,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Eight bytes with the high bit of each set where the byte is `c`.
#[inline]
fn bytes_eq(word: u64, c: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(c));
    !(((x & LOW).wrapping_add(LOW)) | x | LOW)
}

/// The number of bytes marked in a mask of [`bytes_eq`]: a sum of bytes
/// by one multiplication (a popcount is not in the baseline x86-64).
#[inline]
fn marks(mask: u64) -> u64 {
    ((mask >> 7).wrapping_mul(0x0101_0101_0101_0101)) >> 56
}

/// The first cut at or after each of `targets` (ascending), reading the
/// records from the start of `input` as the `csv` crate does. There are
/// fewer cuts than targets when the input ends first. A cut comes after
/// one data row at least.
fn cuts(input: &[u8], targets: &[usize]) -> Vec<Cut> {
    let mut out = Vec::with_capacity(targets.len());
    let (mut state, mut records, mut line) = (Scan::Record, 0u64, 1u64);
    let mut i = if input.starts_with(BOM) { BOM.len() } else { 0 };
    let mut targets = targets.iter().copied().peekable();
    while let Some(&target) = targets.peek() {
        // Eight bytes at a time up to the target, while they hold no quote:
        // only line ends matter there.
        let limit = target.min(input.len());
        let word_at = |i: usize| input.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_le_bytes);
        if state == Scan::Quoted {
            while let Some(word) = word_at(i).filter(|&w| i + 8 <= limit && bytes_eq(w, b'"') == 0) {
                line += marks(bytes_eq(word, b'\n'));
                i += 8;
            }
        } else if state != Scan::QuoteInQuoted {
            // A CR or LF ends a record unless it follows another, or the
            // words start between records (a blank line, CRLF).
            let mut after_end = if state == Scan::Record { 0x80 } else { 0 };
            let mut last = None;
            while let Some(word) = word_at(i).filter(|&w| i + 8 <= limit && bytes_eq(w, b'"') == 0) {
                let newlines = bytes_eq(word, b'\n');
                let ends = newlines | bytes_eq(word, b'\r');
                records += marks(ends & !((ends << 8) | after_end));
                line += marks(newlines);
                after_end = ends >> 56;
                last = Some(word >> 56);
                i += 8;
            }
            state = match last {
                None => state,
                Some(0x0a | 0x0d) => Scan::Record,
                Some(0x2c) => Scan::FieldStart,
                Some(_) => Scan::Field,
            };
        }
        let Some(&b) = input.get(i) else { break };
        i += 1;
        line += u64::from(b == b'\n');
        let ends = matches!(b, b'\r' | b'\n');
        state = match state {
            Scan::Record if ends => Scan::Record,
            Scan::Record | Scan::FieldStart if b == b'"' => Scan::Quoted,
            Scan::Quoted if b == b'"' => Scan::QuoteInQuoted,
            Scan::Quoted => Scan::Quoted,
            Scan::QuoteInQuoted if b == b'"' => Scan::Quoted,
            _ if b == b',' => Scan::FieldStart,
            Scan::Record => Scan::Field,
            _ if ends => {
                records += 1;
                if i >= target && records > 1 {
                    out.push(Cut { byte: i, records, line });
                    targets.next();
                    // Targets this cut passed as well have no cut of their
                    // own: the chunk before takes their share.
                    while targets.next_if(|&t| t <= i).is_some() {}
                }
                Scan::Record
            }
            _ => Scan::Field,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every row a reader gives: its fields, or its error.
    fn rows(mut rows: impl Rows) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(next) = rows.next_row(&mut |_| false) {
            let row = rows.row();
            out.push(match next {
                Ok(()) => {
                    format!("{} {:?}", row.number, (0..row.spans.len()).map(|i| row.field(i)).collect::<Vec<_>>())
                }
                Err(e) => e.to_string(),
            });
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

        /// Text rows with windows of any size read what the `csv` crate
        /// reads, bytes that are not UTF-8 and all.
        #[test]
        fn text_rows_read_as_the_csv_crate_does(
            lines in prop::collection::vec((prop::collection::vec(prop::collection::vec(prop::sample::select(vec![
                &b"a"[..], b"12", b"\"", b"\"\"", b" ", "次".as_bytes(), b"\xe6", b"\xac\xa1", b"\xff",
                "\u{feff}".as_bytes(), b",", b"\n", b"\r",
            ]), 0..4), 5), prop::sample::select(vec![&b"\n"[..], b"\r\n", b"\r", b"\n\n", b""])), 0..30),
            window in 1..64usize,
        ) {
            let parts: Vec<u8> = lines.iter().flat_map(|(fields, end)| {
                let fields: Vec<Vec<u8>> = fields.iter().map(|f| f.concat()).collect();
                let mut row = fields.join(&b","[..]);
                row.extend_from_slice(end);
                row
            }).collect();
            let mut input = b"unit,period,metric,value,note\n".to_vec();
            input.extend(parts);
            let Ok(reader) = ObservationReader::new(&input[..]) else { return Ok(()) };
            let at = reader.reader.position();
            let cut = Cut { byte: at.byte() as usize, records: at.record(), line: at.line() };
            let mut text = TextRows::new(&input, cut, input.len(), reader.row.columns);
            text.window_len = window;
            let expected = rows(reader);
            prop_assert_eq!(rows(text), expected);
        }
    }
}
