//! Plain text of the genre — work summaries and plans, government work
//! reports, English project reviews in Markdown — read into the model.
//!
//! [`parse`] never fails and never panics: whatever the input, it returns a
//! [`Report`] with what could be read, and [`Diagnostic`]s for what could
//! not or is still to fill, each with its byte range in the input.
//!
//! ```
//! use workreport::ingest::text;
//!
//! let input = "2020年宣传工作总结\n\n\
//!     今年以来,在 X 的领导下,扎实推进各项工作。(一)加强理论学习。开展党委理论中心组学习 5 次,\
//!     深入基层宣讲 X 场。(二)丰富文化生活。开展戏曲表演 X 余场。\n\n\
//!     存在问题\n\n(一)理论学习不够深入。集中学习多,研讨交流少。\n\n\
//!     2021 年工作计划\n\n(一)加强理论学习引导。坚持开展微课堂活动。\n";
//! let parsed = text::parse(input);
//! let report = &parsed.report;
//! assert_eq!(report.title, "2020年宣传工作总结");
//! assert_eq!(report.period.to_string(), "2020");
//! assert_eq!(report.areas.len(), 2);
//! assert_eq!(report.areas[0].headline, "加强理论学习");
//! assert_eq!(report.problems[0].title, "理论学习不够深入");
//! assert_eq!(report.plan.items[0].title, "加强理论学习引导");
//! assert_eq!(report.plan.period.map(|p| p.to_string()).as_deref(), Some("2021"));
//!
//! // `5 次` is exact; `X 场` and `X 余场` are slots still to fill, with where they are.
//! let figures = &report.areas[0].narrative.figures;
//! assert!(figures[0].value.is_exact());
//! assert!(figures[1].value.is_unknown());
//! let span = figures[1].source.unwrap();
//! assert_eq!(&input[span.start..span.end], "X 场");
//! assert_eq!(report.areas[0].narrative.plain_text(), "开展党委理论中心组学习5次，深入基层宣讲X场。");
//!
//! // Every placeholder is reported: the name `X`, `X 场`, `X 余场`.
//! assert_eq!(parsed.diagnostics.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is read
//!
//! - **Normalisation** (the model holds normalised text; every byte range
//!   points into the input): hard-wrapped lines are joined, whitespace
//!   inside Chinese text is dropped (`相 关部门` → `相关部门`), full-width
//!   digits and letters become ASCII, ASCII `,;:()` in Chinese text become
//!   full-width, zero-width characters are dropped, letter-spaced titles
//!   (`政 府 工 作 报 告`) are closed up, and web-page chrome (download-site
//!   notices, `【字体：大中小】`, `责任编辑`, link lists, a repeated title) is
//!   left out.
//! - **Structure**: the title, organisation and period (from the title,
//!   the review's heading or the dates); numbered headings at every level
//!   (`一、` `（一）` `1.` `（1）` `⑴` `①` `一是` `第一，`), also inside
//!   paragraphs when line breaks were lost; unnumbered headings
//!   (`存在问题`, `2021年工作计划`, lead sentences on a line of their own);
//!   `——` items; Markdown headings and lists; appendices and notes, which
//!   restart numbering. Parts: the review (work areas), the problems
//!   (`存在问题`, `不足`, `我们也清醒看到…`, "Help Required"), the plan
//!   (`…年工作计划`, `工作安排`, `下步打算`, "Next Year's Goals"), others.
//! - **Figures**: every quantity [`Quantity`](crate::Quantity)'s parser
//!   reads, found in prose with its qualifiers (`近`, `约`, `超过`, `余`,
//!   `以上`, "well over") and units; placeholders (`X 次`, `X 余万元`) and
//!   names still to fill (`X 居委会`); dates (`X 月 X 日`, `2020年3月`).
//!   Each becomes a slot of the narrative, with the clause it belongs to as
//!   its label ([`Catalog::bind`](crate::Catalog::bind) binds it by alias;
//!   see [`bind`]).
//!
//! Problems are linked to plan items where the text links them (`针对上述问题`
//! before a list of measures), and to their work area when found inside it.
//!
//! # Diagnostics
//!
//! Unfilled placeholders are reported as
//! [`Code::UnfilledPlaceholder`](crate::Code::UnfilledPlaceholder) with
//! the report path and byte range. Numbering that does not follow on is
//! reported as information; a missing title or period as a warning.

mod build;
mod charset;
mod figures;
mod layout;
mod lexicon;
mod normalize;
mod structure;

use crate::diagnostic::Diagnostic;
use crate::model::{Catalog, Report};

/// What [`parse`] read: the report, and how the text was read.
///
/// The serialised form is one JSON object: `report` (the crate's JSON form
/// of [`Report`]), `outline`, `parts`, `figures` and `diagnostics`. Every
/// `start`/`end` is a byte offset into the input.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct Parsed {
    /// The report.
    pub report: Report,
    /// The heading tree as found.
    pub outline: Vec<OutlineNode>,
    /// The document's parts, in order.
    pub parts: Vec<Part>,
    /// Every figure, name and date found, in order, including those in
    /// headings and in parts the model has no place for (notes).
    pub figures: Vec<FoundFigure>,
    /// What could not be read, or is still to fill.
    pub diagnostics: Vec<Diagnostic>,
}

/// A heading of the outline and the headings below it.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OutlineNode {
    /// The numbering as written (`一、`, `（二）`, `1.`, `一是`, `——`), empty
    /// for an unnumbered heading.
    pub marker: String,
    /// The heading's text, normalised, without the marker.
    pub title: String,
    /// The depth in the tree, from 1.
    pub level: usize,
    /// The first byte of the heading in the input.
    pub start: usize,
    /// One past the heading's last byte in the input.
    pub end: usize,
    /// The headings below.
    pub children: Vec<OutlineNode>,
}

/// What a part of the document is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The review of the period: achievements, work areas.
    Review,
    /// Problems and shortcomings.
    Problems,
    /// The plan for the next period.
    Plan,
    /// Anything else: notes, appendices, closing words.
    Other,
}

/// A part of the document.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    /// What it is.
    pub kind: PartKind,
    /// Its heading, or the sentence that opens it; empty when implicit.
    pub title: String,
    /// The first byte in the input.
    pub start: usize,
    /// One past the last byte in the input.
    pub end: usize,
}

/// What a found figure is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// A quantity, possibly unknown (`X 次`).
    Quantity,
    /// A name still to fill (`X 居委会`).
    Name,
    /// A date (`X月X日`, `2020年3月`).
    Date,
}

/// A figure, name or date found in the text.
#[non_exhaustive]
#[derive(Clone, Debug, serde::Serialize)]
pub struct FoundFigure {
    /// What it is.
    pub kind: FigureKind,
    /// The text as written in the input.
    pub text: String,
    /// The first byte in the input.
    pub start: usize,
    /// One past the last byte in the input.
    pub end: usize,
    /// The clause it belongs to, without the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// For a quantity: how it reads.
    pub reading: Option<Reading>,
    /// For a date: the date as the model writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// How a quantity found in a text reads: the text the quantity parser
/// read and the [`Quantity`](crate::Quantity) it made of it.
///
/// The strings are made when asked for or when serialised, not while
/// parsing. The serialised form has the keys of the example CLI's
/// `quantity` subcommand, numbers as decimal strings: `input`, `display`,
/// `unit`, `lower`, `upper`, `base_unit` (the unit at scale one, `元` for
/// `万元`), `base_lower`, `base_upper`, `qualifier` (its word: `余`,
/// `超过`, `well over`), `exact` and `unknown`.
#[derive(Clone, Debug)]
pub struct Reading {
    input: String,
    quantity: crate::Quantity,
}

impl Reading {
    /// How `quantity` reads, as read from `input`.
    ///
    /// ```
    /// use workreport::ingest::text::Reading;
    ///
    /// let r = Reading::new("1361万人", &"1361万人".parse()?);
    /// let json = serde_json::to_value(&r)?;
    /// assert_eq!((json["lower"].as_str(), json["unit"].as_str()), (Some("1361"), Some("万人")));
    /// assert_eq!((json["base_lower"].as_str(), json["base_unit"].as_str()), (Some("13610000"), Some("人")));
    /// assert_eq!(r.quantity().base_lower(), Some(13_610_000.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(input: impl Into<String>, quantity: &crate::Quantity) -> Reading {
        Reading { input: input.into(), quantity: quantity.clone() }
    }

    /// The text the quantity parser read: normalised, with a qualifier it
    /// spells differently respelled (`超过` for `超`).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The quantity.
    pub fn quantity(&self) -> &crate::Quantity {
        &self.quantity
    }

    /// The quantity written back, as its `Display` writes it.
    pub fn display(&self) -> String {
        self.quantity.to_string()
    }
}

impl serde::Serialize for Reading {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let q = &self.quantity;
        let lang = q.lang();
        let text = |d: Option<rust_decimal::Decimal>| d.map(decimal_text);
        let mut st = s.serialize_struct("Reading", 11)?;
        st.serialize_field("input", &self.input)?;
        st.serialize_field("display", &q.to_string())?;
        st.serialize_field("unit", &q.unit().display(lang).to_string())?;
        st.serialize_field("lower", &text(q.lower()))?;
        st.serialize_field("upper", &text(q.upper()))?;
        st.serialize_field("base_unit", &q.base_unit().display(lang).to_string())?;
        let base = q.base_interval();
        st.serialize_field("base_lower", &text(base.and_then(|i| i.lower().value())))?;
        st.serialize_field("base_upper", &text(base.and_then(|i| i.upper().value())))?;
        st.serialize_field("qualifier", &q.qualifier().map(crate::Qualifier::word))?;
        st.serialize_field("exact", &q.is_exact())?;
        st.serialize_field("unknown", &q.is_unknown())?;
        st.end()
    }
}

/// `d` as its `Display` writes it, without the formatting machinery for
/// the common case of a non-negative number of up to 19 digits.
fn decimal_text(d: rust_decimal::Decimal) -> String {
    let mantissa = d.mantissa();
    let scale = d.scale() as usize;
    let Ok(mut m) = u64::try_from(mantissa) else { return d.to_string() };
    if d.is_sign_negative() {
        return d.to_string();
    }
    let mut digits = [0u8; 20];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (m % 10) as u8;
        n += 1;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    // At least one digit before the point.
    while n <= scale {
        if n == digits.len() {
            return d.to_string();
        }
        digits[n] = b'0';
        n += 1;
    }
    let mut out = String::with_capacity(n + 1);
    for (i, &b) in digits[..n].iter().enumerate().rev() {
        out.push(char::from(b));
        if i == scale && scale > 0 {
            out.push('.');
        }
    }
    out
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Parsed>();
    assert_send_sync::<OutlineNode>();
    assert_send_sync::<FoundFigure>();
};

/// Reads a text into a report, with the outline, parts and figures found.
///
/// Never fails and never panics; see the [module documentation](self) for
/// what is read.
///
/// ```
/// use workreport::ingest::text::{self, PartKind};
///
/// let parsed = text::parse("# 2024 Credo\n\n## Project Health\n\nWell over 200 pull requests have been merged.\n\n\
///     ## Next Year's Goals\n\n- Documentation for the most used features\n");
/// assert_eq!(parsed.report.period.to_string(), "2024");
/// assert_eq!(parsed.report.areas[0].headline, "Project Health");
/// assert_eq!(parsed.report.plan.items[0].title, "Documentation for the most used features");
/// assert_eq!(parsed.parts.iter().map(|p| p.kind).collect::<Vec<_>>(), [PartKind::Review, PartKind::Plan]);
/// let reading = parsed.figures[0].reading.as_ref().unwrap().quantity();
/// assert_eq!((reading.qualifier().map(|q| q.word()), reading.lower()), (Some("well over"), Some(200.into())));
/// ```
pub fn parse(input: &str) -> Parsed {
    build::build(input, layout::layout(input))
}

/// Reads a text into a report and its diagnostics; see [`parse`].
///
/// ```
/// use workreport::ingest::text;
///
/// let (report, diagnostics) = text::parse_report("2020年工作总结\n\n(一)加强学习。组织学习 X 次。\n");
/// assert_eq!(report.areas[0].narrative.plain_text(), "组织学习X次。");
/// assert_eq!(diagnostics[0].code, workreport::Code::UnfilledPlaceholder);
/// ```
pub fn parse_report(input: &str) -> (Report, Vec<Diagnostic>) {
    let parsed = parse(input);
    (parsed.report, parsed.diagnostics)
}

/// Binds the report's unbound figures to catalog metrics by their labels
/// ([`Catalog::bind`]), where the metric's unit fits the figure's; returns
/// how many were bound.
///
/// ```
/// use workreport::ingest::text;
/// use workreport::{Catalog, Metric};
///
/// let catalog = Catalog::new(vec![Metric::new("study".parse()?, "中心组学习", "次".parse()?)])?;
/// let (mut report, _) = text::parse_report("2020年工作总结\n\n(一)加强学习。开展党委理论中心组学习 5 次。\n");
/// assert_eq!(text::bind(&mut report, &catalog), 1);
/// assert_eq!(report.areas[0].narrative.figures[0].metric.as_ref().map(|m| m.as_str()), Some("study"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bind(report: &mut Report, catalog: &Catalog) -> usize {
    let mut bound = 0;
    for (_, narrative) in report.narratives_mut() {
        for figure in &mut narrative.figures {
            if figure.metric.is_some() {
                continue;
            }
            let Some(label) = figure.label.as_deref() else { continue };
            if let Some(metric) = catalog.bind(label) {
                if metric.unit.same_dimension(figure.value.unit()) {
                    figure.metric = Some(metric.key.clone());
                    bound += 1;
                }
            }
        }
    }
    bound
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #[test]
        fn decimal_text_writes_what_display_writes(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
                                                   negative in any::<bool>(), scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, hi % 4, negative, scale);
            prop_assert_eq!(super::decimal_text(d), d.to_string());
        }
    }

    /// Every heading of the outline, marker and title, in document order.
    fn outline_titles(input: &str) -> Vec<String> {
        fn walk(nodes: &[super::OutlineNode], out: &mut Vec<String>) {
            for n in nodes {
                out.push(format!("{}{}", n.marker, n.title));
                walk(&n.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&super::parse(input).outline, &mut out);
        out
    }

    /// Markers that Chinese numerals start, found inside paragraphs at the
    /// `、` or `是` that ends them, with the state before the numerals.
    #[test]
    fn numeral_markers_inside_paragraphs() {
        let input = "2020年工作总结\n\n一、加强学习。全年学习5次。二、改进作风。十一、不算。\n\n\
            三、抓好落实。一是建立台账；二是定期通报，三是不算。二十一是太大。";
        assert_eq!(
            outline_titles(input),
            ["一、加强学习", "二、改进作风", "三、抓好落实", "一是建立台账", "二是定期通报，三是不算"],
        );
    }

    /// `第一，` and `三是` inside paragraphs count only right after a
    /// boundary; numerals after a `是` do not start a `、` marker before it.
    #[test]
    fn ordinal_and_shi_markers_only_after_a_boundary() {
        let input = "2020年工作总结\n\n一、加强学习。第一，集中学习；第二，分散学习。不是第三，也不是一是。\n\n\
            二、改进作风。是一、不算；二十一是太大。一是按时完成；第三、也算。";
        assert_eq!(
            outline_titles(input),
            ["一、加强学习", "第一，集中学习", "第二，分散学习", "二、改进作风", "一是按时完成", "第三、也算"],
        );
    }

    #[test]
    fn decimal_text_small_cases() {
        for s in ["0", "0.0", "0.05", "1", "10", "1.50", "123.456", "18446744073709551615", "0.0000000000000000001"] {
            let d: Decimal = s.parse().unwrap();
            assert_eq!(super::decimal_text(d), s);
        }
    }
}
