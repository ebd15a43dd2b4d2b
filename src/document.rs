//! What the serialised forms (JSON, TOML) share: the documents they hold,
//! validation after parsing, and the errors with their field paths.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Catalog, Location, Observation, OrgUnit, Report};

mod sealed {
    pub trait Sealed {}
}

/// A top-level document of the JSON and TOML forms, a data file: a [`Report`], a
/// [`Catalog`], an org tree ([`OrgUnit`]) or a list of [`Observation`]s.
///
/// Reading a document checks what serde cannot: references between its
/// parts.
pub trait DataFile: serde::Serialize + serde::de::DeserializeOwned + sealed::Sealed {
    /// Problems a parsed document still has, each with its path.
    #[doc(hidden)]
    fn invalid_parts(&self) -> Vec<(Location, String)>;
}

impl sealed::Sealed for Report {}
impl DataFile for Report {
    fn invalid_parts(&self) -> Vec<(Location, String)> {
        self.broken_references().into_iter().map(|b| (b.location, b.message)).collect()
    }
}

impl sealed::Sealed for Catalog {}
impl DataFile for Catalog {
    fn invalid_parts(&self) -> Vec<(Location, String)> {
        Vec::new()
    }
}

impl sealed::Sealed for OrgUnit {}
impl DataFile for OrgUnit {
    fn invalid_parts(&self) -> Vec<(Location, String)> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        walk_org(self, String::new(), &mut seen, &mut out);
        out
    }
}

fn walk_org<'a>(
    unit: &'a OrgUnit,
    path: String,
    seen: &mut BTreeMap<&'a str, String>,
    out: &mut Vec<(Location, String)>,
) {
    let id_path = if path.is_empty() { "id".to_owned() } else { format!("{path}.id") };
    match seen.get(unit.id.as_str()) {
        Some(first) => out.push((Location::new(id_path), format!("duplicate org id `{}` (first at {first})", unit.id))),
        None => {
            seen.insert(unit.id.as_str(), id_path);
        }
    }
    for (i, c) in unit.children.iter().enumerate() {
        let child = if path.is_empty() { format!("children[{i}]") } else { format!("{path}.children[{i}]") };
        walk_org(c, child, seen, out);
    }
}

impl sealed::Sealed for Vec<Observation> {}
impl DataFile for Vec<Observation> {
    fn invalid_parts(&self) -> Vec<(Location, String)> {
        Vec::new()
    }
}

/// A document that could not be read: bad syntax, a field that does not
/// validate, or a reference to something the document does not have.
///
/// The message starts with the field's path:
///
/// ```
/// let json = r#"{"schema_version": 1, "title": "t", "period": "2020",
///   "areas": [{"id": "a", "headline": "h",
///              "narrative": {"paragraphs": [], "figures": [{"value": "3O余"}]}}],
///   "problems": [], "plan": {"items": []}}"#;
/// let err = workreport::json::from_str::<workreport::Report>(json).unwrap_err();
/// assert_eq!(err.path(), "areas[0].narrative.figures[0].value");
/// assert_eq!(err.to_string(), r#"areas[0].narrative.figures[0].value: "3O余" is not a number (line 3, column 74)"#);
/// ```
#[derive(Clone, Debug, thiserror::Error)]
pub struct LoadError {
    kind: LoadErrorKind,
    path: String,
    message: String,
    position: Option<(usize, usize)>,
    more: Vec<(String, String)>,
}

/// The kind of a [`LoadError`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LoadErrorKind {
    /// The text is not well-formed JSON or TOML.
    Syntax,
    /// A field has the wrong type or a value that does not validate.
    Invalid,
    /// A part refers to something the document does not have.
    BrokenReference,
}

impl LoadError {
    pub(crate) fn new(
        kind: LoadErrorKind,
        path: String,
        message: String,
        position: Option<(usize, usize)>,
    ) -> LoadError {
        // serde_path_to_error writes `.` for the document and `?` where a key was not read yet.
        let path = if path == "." || path == "?" { String::new() } else { path };
        LoadError { kind, path, message, position, more: Vec::new() }
    }

    pub(crate) fn from_parts(mut parts: Vec<(Location, String)>) -> Option<LoadError> {
        if parts.is_empty() {
            return None;
        }
        let (first, message) = parts.remove(0);
        let mut err = LoadError::new(LoadErrorKind::BrokenReference, first.path, message, None);
        err.more = parts.into_iter().map(|(l, m)| (l.path, m)).collect();
        Some(err)
    }

    /// The kind of error.
    pub fn kind(&self) -> LoadErrorKind {
        self.kind
    }

    /// The path of the field (`areas[2].narrative.figures[0].value`); empty
    /// for the document itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The line and column (1-based) in the text, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position
    }

    /// Further broken references found in the same document, as
    /// `(path, message)`: loading reports them all at once.
    pub fn more(&self) -> &[(String, String)] {
        &self.more
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        for (path, message) in &self.more {
            write!(f, "\n{path}: {message}")?;
        }
        Ok(())
    }
}

/// A document that could not be written in a format (TOML cannot hold
/// every shape JSON can).
#[derive(Clone, Debug, thiserror::Error)]
#[error("cannot write the document as {format}: {message}")]
pub struct WriteError {
    format: &'static str,
    message: String,
}

impl WriteError {
    pub(crate) fn new(format: &'static str, message: impl fmt::Display) -> WriteError {
        WriteError { format, message: message.to_string() }
    }
}

/// Validation after a successful parse.
pub(crate) fn validated<T: DataFile>(value: T) -> Result<T, LoadError> {
    match LoadError::from_parts(value.invalid_parts()) {
        Some(err) => Err(err),
        None => Ok(value),
    }
}
