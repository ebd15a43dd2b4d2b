//! The language a quantity or label is written in.

use std::fmt;

/// A language for writing quantities, units and labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// Chinese (简体中文): `30余万元`.
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English: `300,000-odd yuan`.
    #[serde(rename = "en")]
    En,
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        })
    }
}
