//! The TOML form (feature `toml`): the same documents and fields as the
//! JSON form, for hand-written reports, catalogs and org trees.
//!
//! ```
//! use workreport::{toml, Catalog};
//!
//! let catalog: Catalog = toml::from_str(r#"
//!     [[metrics]]
//!     key = "posts"
//!     label = { zh = "微信工作动态", en = "WeChat posts" }
//!     unit = "条"
//!     kind = "flow"
//! "#)?;
//! assert_eq!(catalog.get("posts").map(|m| m.unit.to_string()), Some("条".to_owned()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::document::{DataFile, LoadError, LoadErrorKind, WriteError, validated};

/// Reads a document from TOML text and checks its references.
///
/// # Errors
///
/// A [`LoadError`] naming the field's path, as [`json::from_str`](crate::json::from_str).
pub fn from_str<T: DataFile>(text: &str) -> Result<T, LoadError> {
    let de = ::toml::Deserializer::new(text);
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let position = inner.span().map(|s| line_column(text, s.start));
        let kind = if path == "." && inner.span().is_some() && position.is_some() {
            LoadErrorKind::Syntax
        } else {
            LoadErrorKind::Invalid
        };
        LoadError::new(kind, path, inner.message().trim().to_owned(), position)
    })?;
    validated(value)
}

/// Writes a document as TOML.
///
/// # Errors
///
/// When the document has a shape TOML cannot hold.
pub fn to_string<T: DataFile>(value: &T) -> Result<String, WriteError> {
    ::toml::to_string(value).map_err(|e| WriteError::new("TOML", e))
}

/// The 1-based line and column of byte `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
