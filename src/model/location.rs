//! Where something is: a path in a report, and a byte range in a text.

use std::fmt;

/// A byte range in an ingested text, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Where a finding or an observation is: a path into the report as its
/// JSON spells it (`areas[1].narrative.figures[0]`), or a place in a data
/// file (`rows[12].value`), and the byte range in the source text when known.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The path, in the JSON form's field names.
    pub path: String,
    /// The byte range in the ingested text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Location {
    /// A location at `path`.
    pub fn new(path: impl Into<String>) -> Location {
        Location { path: path.into(), span: None }
    }

    /// The location with a byte range.
    pub fn with_span(mut self, span: Option<Span>) -> Location {
        self.span = span;
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.path.is_empty() { "(report)" } else { &self.path })?;
        if let Some(Span { start, end }) = self.span {
            write!(f, " (bytes {start}..{end})")?;
        }
        Ok(())
    }
}
