//! Identifiers: newtypes over validated strings.

use std::fmt;
use std::str::FromStr;

/// An identifier that is empty, too long, or has whitespace or control characters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a valid {what}: {why}")]
pub struct IdError {
    what: &'static str,
    text: String,
    why: &'static str,
}

/// The longest identifier accepted, in bytes.
const MAX_LEN: usize = 128;

fn validate(what: &'static str, text: &str) -> Result<(), IdError> {
    let why = if text.is_empty() {
        "it is empty"
    } else if text.len() > MAX_LEN {
        "it is longer than 128 bytes"
    } else if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        "it has whitespace or control characters"
    } else {
        return Ok(());
    };
    Err(IdError { what, text: text.to_owned(), why })
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $example:literal) => {
        $(#[$doc])*
        ///
        /// Any non-empty text of at most 128 bytes without whitespace or
        /// control characters.
        ///
        /// ```
        #[doc = concat!("use workreport::", stringify!($name), ";")]
        ///
        #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
        #[doc = concat!("assert!(\"two words\".parse::<", stringify!($name), ">().is_err());")]
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Box<str>);

        impl $name {
            /// A validated identifier.
            ///
            /// # Errors
            ///
            /// When the text is empty, too long, or has whitespace.
            pub fn new(text: &str) -> Result<$name, IdError> {
                validate($what, text)?;
                Ok($name(text.into()))
            }

            /// The identifier's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<$name, IdError> {
                $name::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<$name, IdError> {
                validate($what, &s)?;
                Ok($name(s.into_boxed_str()))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.into_string()
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// The key of a catalog metric, e.g. `ideology_review_meetings`.
    MetricKey, "metric key", "ideology_review_meetings"
);
id_type!(
    /// The id of an organisational unit, e.g. `nanshui`.
    OrgId, "org id", "nanshui"
);
id_type!(
    /// The id of a work area within a report, e.g. `epidemic`.
    AreaId, "area id", "epidemic"
);
id_type!(
    /// The id of a problem within a report, e.g. `shallow-study`.
    ProblemId, "problem id", "shallow-study"
);
id_type!(
    /// The id of a plan item within a report, e.g. `ideology-duty`.
    PlanItemId, "plan item id", "ideology-duty"
);
