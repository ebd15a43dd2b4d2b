//! The JSON form: [`Report`](crate::Report)s, [`Catalog`](crate::Catalog)s,
//! org trees and observations, lossless (decimals and quantities as
//! strings), with `schema_version` first in a report.
//!
//! ```
//! use workreport::{json, Period, Report};
//!
//! let report = Report::builder("2020年工作总结", Period::year(2020)?)
//!     .area("study", "加强理论学习", "开展党委理论中心组学习{5 次}。")
//!     .build()?;
//! let text = json::to_string_pretty(&report)?;
//! assert!(text.starts_with("{\n  \"schema_version\": 1,"));
//! let back: Report = json::from_str(&text)?;
//! assert_eq!(json::to_string_pretty(&back)?, text);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::document::{DataFile, LoadError, LoadErrorKind, WriteError, validated};

/// Reads a document from JSON text and checks its references.
///
/// # Errors
///
/// A [`LoadError`] naming the field's path: bad syntax, a value that does
/// not validate (`"3O余" is not a number`, a bad unit or period, an unknown
/// field), or references to parts the document does not have.
pub fn from_str<T: DataFile>(text: &str) -> Result<T, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let kind = match inner.classify() {
            serde_json::error::Category::Data => LoadErrorKind::Invalid,
            _ => LoadErrorKind::Syntax,
        };
        let (line, column) = (inner.line(), inner.column());
        let full = inner.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        LoadError::new(kind, path, message, (line > 0).then_some((line, column)))
    })?;
    de.end().map_err(|e| {
        LoadError::new(
            LoadErrorKind::Syntax,
            String::new(),
            "trailing characters after the document".to_owned(),
            Some((e.line(), e.column())),
        )
    })?;
    validated(value)
}

/// Writes a document as compact JSON.
///
/// # Errors
///
/// Not for the crate's own documents, which always serialise; the result
/// type is kept for symmetry with the TOML form.
pub fn to_string<T: DataFile>(value: &T) -> Result<String, WriteError> {
    serde_json::to_string(value).map_err(|e| WriteError::new("JSON", e))
}

/// Writes a document as JSON indented by two spaces.
///
/// # Errors
///
/// As [`to_string`].
pub fn to_string_pretty<T: DataFile>(value: &T) -> Result<String, WriteError> {
    serde_json::to_string_pretty(value).map_err(|e| WriteError::new("JSON", e))
}
