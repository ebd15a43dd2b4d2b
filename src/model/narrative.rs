//! Prose made of text runs and slots, so text and numbers cannot drift apart.

use std::fmt;
use std::str::FromStr;

use crate::quantity::{Placeholder, Quantity, QuantityError};

use super::id::{MetricKey, OrgId};
use super::location::Span;
use super::period::Period;

/// The prose of a work area, problem or plan item: paragraphs of runs, and
/// the figures the runs point to.
///
/// Build one from a template, where `{…}` is a slot:
///
/// | template | slot |
/// |---|---|
/// | `{X 次}` | a figure, here unknown, in 次 |
/// | `{X 次 @ideology_review_meetings}` | a figure bound to a catalog metric |
/// | `{name:X}` | a name still to fill (`在 X 的领导下`) |
/// | `{name:南水屯}` | a filled name |
/// | `{date:X月X日}` | a date with unknown parts |
/// | `{{`, `}}` | literal braces |
///
/// Each line of the template is one paragraph.
///
/// ```
/// use workreport::Narrative;
///
/// let n = Narrative::from_template(
///     "在{name:X}的领导下，组织召开意识形态分析研判会{X 次 @ideology_review_meetings}。",
/// )?;
/// assert_eq!(n.figures.len(), 1);
/// assert!(n.figures[0].value.is_unknown());
/// assert_eq!(n.plain_text(), "在X的领导下，组织召开意识形态分析研判会X次。");
/// assert_eq!(n.to_template(), "在{name:X}的领导下，组织召开意识形态分析研判会{X次 @ideology_review_meetings}。");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// The paragraphs, in order.
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    /// The figures that [`Run::Figure`] runs point to by index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
}

/// One paragraph: a sequence of runs.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Paragraph {
    /// The runs, in reading order.
    pub runs: Vec<Run>,
}

/// A piece of a paragraph.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Run {
    /// Plain text.
    Text(String),
    /// The figure at this index of [`Narrative::figures`].
    Figure(usize),
    /// A name: a unit, a person, a place (`X 居委会`).
    Name(NameSlot),
    /// A date, possibly with unknown parts (`X 月 X 日`).
    Date(DateSlot),
}

/// A figure in prose: a quantity, optionally bound to a catalog metric, for
/// a unit and period other than the report's own when given.
///
/// ```
/// use workreport::Figure;
///
/// let f = Figure::new("X 余万元".parse()?).metric("investment".parse()?);
/// assert!(f.value.is_unknown());
/// assert_eq!(f.metric.as_ref().map(|m| m.as_str()), Some("investment"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The quantity as written.
    pub value: Quantity,
    /// The catalog metric the figure is a value of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricKey>,
    /// The unit the figure is for, when not the report's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<OrgId>,
    /// The period the figure is for, when not the report's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The clause the figure belongs to, used to bind it to a metric by alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the figure was read from, in an ingested text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// For a figure filled from a roll-up: how many of the expected units
    /// reported, so a lower bound can be written with its coverage
    /// (`14 次以上（11/12 个单位）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<FigureCoverage>,
}

/// How many of the units a filled figure expects have reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureCoverage {
    /// Units that reported a known value.
    pub reported: u32,
    /// Units expected.
    pub expected: u32,
}

impl Figure {
    /// A figure of `value`, bound to nothing yet.
    pub fn new(value: Quantity) -> Figure {
        Figure { value, metric: None, org: None, period: None, label: None, source: None, coverage: None }
    }

    /// The figure bound to a catalog metric.
    pub fn metric(mut self, metric: MetricKey) -> Figure {
        self.metric = Some(metric);
        self
    }

    /// The figure for another unit than the report's.
    pub fn org(mut self, org: OrgId) -> Figure {
        self.org = Some(org);
        self
    }

    /// The figure for another period than the report's.
    pub fn period(mut self, period: Period) -> Figure {
        self.period = Some(period);
        self
    }

    /// The figure with the clause it belongs to.
    pub fn label(mut self, label: impl Into<String>) -> Figure {
        self.label = Some(label.into());
        self
    }
}

/// A name in prose, filled or still a placeholder.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameSlot {
    /// The name, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// How the unknown name was written (`X`).
    #[serde(default, with = "placeholder_text")]
    pub placeholder: Placeholder,
}

mod placeholder_text {
    use crate::quantity::Placeholder;

    pub(super) fn serialize<S: serde::Serializer>(p: &Placeholder, s: S) -> Result<S::Ok, S::Error> {
        let mut text = String::new();
        p.write(&mut text).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Placeholder, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        super::read_placeholder(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a placeholder (`X`, `XX`, `×`)")))
    }
}

fn read_placeholder(text: &str) -> Option<Placeholder> {
    let mark = text.chars().next()?;
    let count = text.chars().count();
    if !text.chars().all(|c| c == mark) {
        return None;
    }
    Placeholder::new(mark, u8::try_from(count).ok()?)
}

impl NameSlot {
    /// A name still to fill, written `X`.
    pub fn unknown() -> NameSlot {
        NameSlot { value: None, placeholder: Placeholder::X }
    }

    /// A known name.
    pub fn known(name: impl Into<String>) -> NameSlot {
        NameSlot { value: Some(name.into()), placeholder: Placeholder::X }
    }

    /// The name, or its placeholder when unknown.
    pub fn text(&self) -> String {
        match &self.value {
            Some(v) => v.clone(),
            None => {
                let mut s = String::new();
                // Writing into a String cannot fail.
                let _ = self.placeholder.write(&mut s);
                s
            }
        }
    }
}

/// One part of a [`DateSlot`]: a number, or unknown (`X`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// A known year, month or day.
    Known(u16),
    /// A placeholder.
    Unknown,
}

/// A date as written in prose, with any part unknown: `X月X日`,
/// `2020年3月`, `3月5日`.
///
/// ```
/// use workreport::DateSlot;
///
/// let d: DateSlot = "X 月 X 日".parse()?;
/// assert!(d.is_unfilled());
/// assert_eq!(d.to_string(), "X月X日");
/// assert!("2020年13月".parse::<DateSlot>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateSlot {
    year: Option<DatePart>,
    month: Option<DatePart>,
    day: Option<DatePart>,
}

/// A date that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a date such as `2020年3月5日` or `X月X日`")]
pub struct DateSlotError {
    text: String,
}

impl DateSlot {
    /// The year, month and day parts as written (`None` where not written).
    pub fn parts(&self) -> (Option<DatePart>, Option<DatePart>, Option<DatePart>) {
        (self.year, self.month, self.day)
    }

    /// Whether any written part is a placeholder.
    pub fn is_unfilled(&self) -> bool {
        [self.year, self.month, self.day].contains(&Some(DatePart::Unknown))
    }
}

impl fmt::Display for DateSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (part, suffix) in [(self.year, "年"), (self.month, "月"), (self.day, "日")] {
            match part {
                Some(DatePart::Known(n)) => write!(f, "{n}{suffix}")?,
                Some(DatePart::Unknown) => write!(f, "X{suffix}")?,
                None => {}
            }
        }
        Ok(())
    }
}

impl FromStr for DateSlot {
    type Err = DateSlotError;

    fn from_str(input: &str) -> Result<DateSlot, DateSlotError> {
        let bad = || DateSlotError { text: input.to_owned() };
        let compact: String = crate::quantity::text::normalize(input).chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = compact.as_str();
        let mut slot = DateSlot { year: None, month: None, day: None };
        for (suffix, max, field) in [("年", 9999u16, 0), ("月", 12, 1), ("日", 31, 2)] {
            let Some(i) = rest.find(suffix) else { continue };
            let head = &rest[..i];
            let part = if !head.is_empty() && head.chars().all(Placeholder::is_mark) {
                DatePart::Unknown
            } else {
                let n: u16 = head.parse().map_err(|_| bad())?;
                if n == 0 || n > max || (field == 0 && n < 1000) {
                    return Err(bad());
                }
                DatePart::Known(n)
            };
            match field {
                0 => slot.year = Some(part),
                1 => slot.month = Some(part),
                _ => slot.day = Some(part),
            }
            rest = &rest[i + suffix.len()..];
        }
        if !rest.is_empty() || slot == (DateSlot { year: None, month: None, day: None }) {
            return Err(bad());
        }
        Ok(slot)
    }
}

impl serde::Serialize for DateSlot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DateSlot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateSlot, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A template that could not be read by [`Narrative::from_template`].
#[derive(Clone, Debug, thiserror::Error)]
pub enum TemplateError {
    /// A `{` with no `}`.
    #[error("unclosed `{{` at byte {at} of the template")]
    Unclosed {
        /// The byte offset of the `{`.
        at: usize,
    },
    /// A `}` with no `{`.
    #[error("unmatched `}}` at byte {at} of the template (write `}}}}` for a brace)")]
    Unmatched {
        /// The byte offset of the `}`.
        at: usize,
    },
    /// A slot whose content did not parse.
    #[error("slot `{{{slot}}}` at byte {at}: {message}")]
    Slot {
        /// The slot's text.
        slot: String,
        /// The byte offset of the `{`.
        at: usize,
        /// Why it did not parse.
        message: String,
    },
}

impl Narrative {
    /// An empty narrative.
    pub fn new() -> Narrative {
        Narrative::default()
    }

    /// Reads a template (see the type's documentation).
    ///
    /// # Errors
    ///
    /// On unbalanced braces and slots that do not parse; the error gives
    /// the byte offset.
    pub fn from_template(template: &str) -> Result<Narrative, TemplateError> {
        let mut narrative = Narrative::new();
        let mut offset = 0;
        for line in template.split('\n') {
            if !line.trim().is_empty() {
                let paragraph = narrative.read_paragraph(line, offset)?;
                narrative.paragraphs.push(paragraph);
            }
            offset += line.len() + 1;
        }
        Ok(narrative)
    }

    fn read_paragraph(&mut self, line: &str, offset: usize) -> Result<Paragraph, TemplateError> {
        let mut runs = Vec::new();
        let mut text = String::new();
        let mut rest = line;
        let mut pos = offset;
        while let Some(i) = rest.find(['{', '}']) {
            text.push_str(&rest[..i]);
            let at = pos + i;
            let tail = &rest[i..];
            let consumed = if let Some(t) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
                text.push(tail.as_bytes()[0] as char);
                tail.len() - t.len()
            } else if tail.starts_with('}') {
                return Err(TemplateError::Unmatched { at });
            } else {
                let close = tail.find('}').ok_or(TemplateError::Unclosed { at })?;
                let slot = &tail[1..close];
                if !text.is_empty() {
                    runs.push(Run::Text(std::mem::take(&mut text)));
                }
                runs.push(self.read_slot(slot).map_err(|message| TemplateError::Slot {
                    slot: slot.to_owned(),
                    at,
                    message,
                })?);
                close + 1
            };
            rest = &rest[i + consumed..];
            pos = at + consumed;
        }
        text.push_str(rest);
        if !text.is_empty() {
            runs.push(Run::Text(text));
        }
        Ok(Paragraph { runs })
    }

    fn read_slot(&mut self, slot: &str) -> Result<Run, String> {
        let slot = slot.trim();
        if let Some(name) = slot.strip_prefix("name:") {
            let name = name.trim();
            if name.is_empty() {
                return Err("a name slot needs a name or a placeholder".to_owned());
            }
            return Ok(Run::Name(match read_placeholder(name) {
                Some(placeholder) => NameSlot { value: None, placeholder },
                None => NameSlot::known(name),
            }));
        }
        if let Some(date) = slot.strip_prefix("date:") {
            return date.parse().map(Run::Date).map_err(|e: DateSlotError| e.to_string());
        }
        let (quantity, metric) = match slot.rsplit_once('@') {
            Some((q, m)) => (q, Some(m.trim().parse::<MetricKey>().map_err(|e| e.to_string())?)),
            None => (slot, None),
        };
        let value: Quantity = quantity.parse().map_err(|e: QuantityError| e.to_string())?;
        self.figures.push(Figure { metric, ..Figure::new(value) });
        Ok(Run::Figure(self.figures.len() - 1))
    }

    /// Writes the narrative back as a template: [`Narrative::from_template`]
    /// of the result gives the same paragraphs, figure values and bindings.
    pub fn to_template(&self) -> String {
        self.write(|out, run| match run {
            Run::Text(t) => {
                out.push_str(&t.replace('{', "{{").replace('}', "}}"));
            }
            Run::Figure(i) => match self.figures.get(*i) {
                Some(f) => {
                    out.push('{');
                    out.push_str(&f.value.to_string());
                    if let Some(m) = &f.metric {
                        out.push_str(" @");
                        out.push_str(m.as_str());
                    }
                    out.push('}');
                }
                None => out.push_str("{?}"),
            },
            Run::Name(n) => {
                out.push_str("{name:");
                out.push_str(&n.text());
                out.push('}');
            }
            Run::Date(d) => {
                out.push_str("{date:");
                out.push_str(&d.to_string());
                out.push('}');
            }
        })
    }

    /// The narrative as plain text: figures as written, names and dates as
    /// filled or as their placeholders; paragraphs on separate lines.
    pub fn plain_text(&self) -> String {
        self.write(|out, run| match run {
            Run::Text(t) => out.push_str(t),
            Run::Figure(i) => {
                if let Some(f) = self.figures.get(*i) {
                    out.push_str(&f.value.to_string());
                }
            }
            Run::Name(n) => out.push_str(&n.text()),
            Run::Date(d) => out.push_str(&d.to_string()),
        })
    }

    fn write(&self, mut run: impl FnMut(&mut String, &Run)) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for r in &p.runs {
                run(&mut out, r);
            }
        }
        out
    }

    /// Whether there are no paragraphs.
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_give_offsets() {
        let err = |t: &str| Narrative::from_template(t).unwrap_err().to_string();
        assert_eq!(err("会议{X 次"), "unclosed `{` at byte 6 of the template");
        assert_eq!(err("会议}"), "unmatched `}` at byte 6 of the template (write `}}` for a brace)");
        assert_eq!(err("会议{3O余}"), r#"slot `{3O余}` at byte 6: "3O余" is not a number"#);
    }

    #[test]
    fn braces_escape_and_round_trip() {
        let n = Narrative::from_template("a {{b}} {5 次} {date:2020年3月}\nsecond").unwrap();
        assert_eq!(n.plain_text(), "a {b} 5次 2020年3月\nsecond");
        assert_eq!(n.to_template(), "a {{b}} {5次} {date:2020年3月}\nsecond");
    }
}
