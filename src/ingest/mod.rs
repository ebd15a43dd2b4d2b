//! Ingestion: reading the outside world's forms into the model.
//!
//! - [`csv`]: observations as CSV rows, streamed into a roll-up.
//! - [`text`]: plain text of the genre (work summaries, government work
//!   reports, Markdown reviews) read into a report, with diagnostics.

pub mod csv;
pub mod text;
