//! Rendering: a report (and, optionally, the totals of a roll-up) written
//! as Markdown, official text, HTML or JSON — or in any format another
//! crate writes.
//!
//! Two traits make the extension point:
//!
//! - [`Render`] has one required method, `render(&self, doc, out)`, and is
//!   object safe: `Box<dyn Render>` holds any renderer. Its provided
//!   [`Render::render_to_string`] cannot fail.
//! - [`Hooks`] has one method per node of a report — [`heading`],
//!   [`paragraph`], [`figure`], [`name`], [`date`], [`problem`],
//!   [`plan_item`], [`totals_table`] and the rest — each with a default.
//!   Every `Hooks` is a `Render`: a driver walks the report in document
//!   order and calls them. The defaults write plain text; a type that
//!   returns another renderer from [`Hooks::base`] inherits that
//!   renderer's writing instead, so overriding one hook of the built-in
//!   Markdown (say, how a figure is written) is a few lines.
//!
//! [`heading`]: Hooks::heading
//! [`paragraph`]: Hooks::paragraph
//! [`figure`]: Hooks::figure
//! [`name`]: Hooks::name
//! [`date`]: Hooks::date
//! [`problem`]: Hooks::problem
//! [`plan_item`]: Hooks::plan_item
//! [`totals_table`]: Hooks::totals_table
//!
//! The hooks get a [`Writer`]: the output, the [`Document`] being
//! rendered, and methods that walk the report's parts through the hooks
//! again (so an outer renderer's override is used everywhere). Calls to
//! the writer dispatch to the outermost hooks; calls to `base()` reach
//! the inherited ones.
//!
//! The built-in renderers are [`markdown::Markdown`], [`official::OfficialText`]
//! (the house style of Chinese official documents), [`html::Html`] (one
//! self-contained page with tables and SVG charts) and [`json::Json`].
//!
//! ```
//! use std::fmt;
//! use workreport::render::markdown::Markdown;
//! use workreport::render::{Document, Hooks, Render, Writer};
//! use workreport::{Figure, Period, Report};
//!
//! let report = Report::builder("2020年工作总结", Period::year(2020)?)
//!     .area("study", "加强理论学习", "开展党委理论中心组学习{5 次}，深入基层宣讲{X 场}。")
//!     .build()?;
//! let doc = Document::new(&report);
//!
//! // The built-in Markdown.
//! let md = Markdown::new().render_to_string(&doc);
//! assert!(md.contains("### （一）加强理论学习"));
//! assert!(md.contains("开展党委理论中心组学习5次，深入基层宣讲X场。"));
//!
//! // The same Markdown with unknown figures in bold: one hook overridden.
//! struct BoldUnknowns(Markdown);
//! impl Hooks for BoldUnknowns {
//!     fn base(&self) -> &dyn Hooks {
//!         &self.0
//!     }
//!     fn figure(&self, w: &mut Writer<'_>, figure: &Figure) -> fmt::Result {
//!         if !figure.value.is_unknown() {
//!             return self.0.figure(w, figure);
//!         }
//!         w.write_str("**")?;
//!         self.0.figure(w, figure)?;
//!         w.write_str("**")
//!     }
//! }
//! let renderers: Vec<Box<dyn Render>> = vec![Box::new(Markdown::new()), Box::new(BoldUnknowns(Markdown::new()))];
//! let bold = renderers[1].render_to_string(&doc);
//! assert!(bold.contains("深入基层宣讲**X场**。"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Renderers never compute totals.** They print the figures of the model
//! and the totals a [`Rollup`] holds, with the qualifier the roll-up chose
//! (`14次以上`), its coverage (`11/12`) and whether it is exact. Output is
//! deterministic: the same document renders to the same bytes.

pub mod escape;
pub mod html;
pub mod json;
mod locale;
pub mod markdown;
pub mod official;

use std::borrow::Cow;
use std::fmt;

use crate::aggregate::{Rollup, Total};
use crate::model::{
    Catalog, DateSlot, Figure, NameSlot, Narrative, OrgUnit, Paragraph, PlanItem, Problem, Report, Run, WorkArea,
};
use crate::quantity::{Bound, Form, Qualifier, Quantity, RangeSep, Value};

pub use locale::{Locale, LocaleError, Numbering};

/// A renderer: writes a [`Document`] in one format.
///
/// One required method; the trait is object safe, so `Box<dyn Render>`
/// holds any renderer. Every [`Hooks`] is a `Render`.
///
/// ```
/// use workreport::render::{Document, Render, html::Html, json::Json, markdown::Markdown};
/// use workreport::{Period, Report};
///
/// let report = Report::builder("2020年工作总结", Period::year(2020)?).build()?;
/// let renderers: Vec<Box<dyn Render>> = vec![Box::new(Markdown::new()), Box::new(Html::new()), Box::new(Json::new())];
/// for r in &renderers {
///     assert!(!r.render_to_string(&Document::new(&report)).is_empty());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Render {
    /// Writes `doc` to `out`.
    ///
    /// # Errors
    ///
    /// Only when `out` fails: a renderer reports no error of its own.
    fn render(&self, doc: &Document<'_>, out: &mut dyn fmt::Write) -> fmt::Result;

    /// The rendering as a string. It cannot fail: writing into a `String`
    /// does not, and should a renderer report an error anyway, the string
    /// holds what it wrote until then.
    fn render_to_string(&self, doc: &Document<'_>) -> String {
        let mut out = String::new();
        // A `String` never fails to grow; see the doc comment.
        let _ = self.render(doc, &mut out);
        out
    }
}

impl<H: Hooks> Render for H {
    fn render(&self, doc: &Document<'_>, out: &mut dyn fmt::Write) -> fmt::Result {
        Writer::new(out, self, doc).document()
    }
}

impl Render for dyn Hooks + '_ {
    fn render(&self, doc: &Document<'_>, out: &mut dyn fmt::Write) -> fmt::Result {
        Writer::new(out, self, doc).document()
    }
}

/// Which totals of a roll-up the totals table lists.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TotalsScope {
    /// The totals of the report's own unit (the roll-up's root when the
    /// report names none) for the report's period.
    #[default]
    Report,
    /// Every total, by metric, then org tree order, then period.
    All,
}

/// What to render: a report, and optionally the totals of a roll-up, the
/// catalog that names the metrics, the locale and the numbering.
///
/// ```
/// use workreport::aggregate::{Rollup, RollupOptions};
/// use workreport::render::{Document, Locale, Numbering};
/// use workreport::{Catalog, Period, Report};
///
/// let report = Report::builder("2020 review", Period::year(2020)?).build()?;
/// let catalog = Catalog::new(vec![])?;
/// let rollup = Rollup::new(&catalog, None, &[], &RollupOptions::new());
/// let doc = Document::new(&report)
///     .rollup(&rollup)
///     .catalog(&catalog)
///     .locale(Locale::En)
///     .numbering(Numbering::Decimal);
/// assert_eq!(doc.report().title, "2020 review");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Document<'a> {
    report: &'a Report,
    rollup: Option<&'a Rollup>,
    catalog: Option<&'a Catalog>,
    locale: Locale,
    numbering: Option<Numbering>,
    totals: TotalsScope,
}

impl<'a> Document<'a> {
    /// The report alone, in the locale of its language.
    pub fn new(report: &'a Report) -> Document<'a> {
        Document {
            report,
            rollup: None,
            catalog: None,
            locale: Locale::of(report.lang),
            numbering: None,
            totals: TotalsScope::Report,
        }
    }

    /// With a totals table from a roll-up.
    pub fn rollup(self, rollup: &'a Rollup) -> Document<'a> {
        Document { rollup: Some(rollup), ..self }
    }

    /// With a catalog, whose labels name the metrics in tables and targets
    /// (the metric's key otherwise).
    pub fn catalog(self, catalog: &'a Catalog) -> Document<'a> {
        Document { catalog: Some(catalog), ..self }
    }

    /// In a locale (by default the report's language's).
    pub fn locale(self, locale: Locale) -> Document<'a> {
        Document { locale, ..self }
    }

    /// With a numbering of headings (by default the locale's:
    /// [`Numbering::Official`] for zh-CN, [`Numbering::Decimal`] for en).
    pub fn numbering(self, numbering: Numbering) -> Document<'a> {
        Document { numbering: Some(numbering), ..self }
    }

    /// Which totals the totals table lists.
    pub fn totals(self, scope: TotalsScope) -> Document<'a> {
        Document { totals: scope, ..self }
    }

    /// The report.
    pub fn report(&self) -> &'a Report {
        self.report
    }
}

/// The top-level parts of a rendered report, in order. A part with
/// nothing in it is left out, and the others are numbered in turn.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// The work areas: `一、主要工作`.
    Work,
    /// The problems: `二、存在问题`.
    Problems,
    /// The plan: its title as written (`2021 年工作计划`).
    Plan,
    /// The totals table of the roll-up.
    Totals,
}

/// What a heading heads.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeadingKind {
    /// The report's title.
    Title,
    /// A top-level part.
    Section(Section),
    /// A work area or sub-area.
    Area,
    /// A problem.
    Problem,
    /// A plan item.
    PlanItem,
}

/// A heading, numbered by the document's [`Numbering`].
///
/// The title has level 0 and no number; parts (`一、`) have level 1; work
/// areas, problems and plan items level 2 (`（一）`); sub-areas 3 (`1.`)
/// and deeper.
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct Heading<'a> {
    /// What it heads.
    pub kind: HeadingKind,
    /// The depth: 0 for the title.
    pub level: usize,
    /// The 1-based index of the heading and its parents (`[1, 3]` for the
    /// third area of the first part); empty for the title.
    pub path: Vec<u32>,
    /// The number as the numbering writes it: `一、`, `（三）`, `1.3`.
    pub number: String,
    /// The text.
    pub text: Cow<'a, str>,
    /// The id of the area, problem or plan item.
    pub id: Option<&'a str>,
}

impl Heading<'_> {
    /// The number and the text, with a space between them where the
    /// number ends in a Latin character and the text starts with one
    /// (`1.1 Project health`, but `（一）加强` and `1.加强`).
    pub fn numbered(&self) -> String {
        format!("{}{}{}", self.number, self.separator(), self.text)
    }

    /// What stands between the number and the text: a space where the
    /// number ends in a Latin character and the text starts with one,
    /// else nothing.
    pub fn separator(&self) -> &'static str {
        let space = self.number.ends_with(|c: char| c.is_ascii())
            && self.text.starts_with(|c: char| c.is_ascii() && !c.is_ascii_whitespace());
        if space { " " } else { "" }
    }
}

/// The totals table: one row per total of the roll-up in the document's
/// [`TotalsScope`], with each cell already written in the locale.
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct TotalsTable<'a> {
    /// The column headers: metric, unit, period, value, coverage, exact.
    pub columns: [&'static str; 6],
    /// The rows, in the roll-up's order.
    pub rows: Vec<TotalRow<'a>>,
}

/// One row of the [`TotalsTable`].
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct TotalRow<'a> {
    /// The total itself.
    pub total: Total<'a>,
    /// The metric's label in the locale (its key without a catalog).
    pub metric: String,
    /// The name of the org unit.
    pub org: String,
    /// The period.
    pub period: String,
    /// The value as the roll-up qualified it (`14次以上`, `超过42条`), in the
    /// locale's language.
    pub value: String,
    /// Reporting units over expected units: `11/12`.
    pub coverage: String,
    /// `是`/`否`, `yes`/`no`: whether the total is exact.
    pub exact: &'static str,
}

impl<'a> TotalRow<'a> {
    /// The cells in column order.
    pub fn cells(&self) -> [&str; 6] {
        [&self.metric, &self.org, &self.period, &self.value, &self.coverage, self.exact]
    }
}

/// Per-node hooks: how each part of a report is written. Every method has
/// a default that calls the same method of [`Hooks::base`], and the base
/// of the base writes plain text; so a renderer overrides what it writes
/// differently and inherits the rest.
///
/// Hooks write to the [`Writer`], which is a [`fmt::Write`], and write the
/// parts inside them through it (`w.narrative(…)`, `w.text(…)`): those
/// calls go to the outermost hooks, so an override applies everywhere.
/// Report text must go through [`Writer::text`] (or the
/// [`escape`] module), which escapes it for the format.
///
/// A type whose `base()` returns itself recurses forever; return another
/// renderer, or leave the default.
///
/// ```
/// use std::fmt;
/// use workreport::render::{Document, Heading, Hooks, Render, Writer};
/// use workreport::{Period, Report};
///
/// /// Plain text with headings underlined.
/// struct Underlined;
/// impl Hooks for Underlined {
///     fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
///         let text = heading.numbered();
///         w.text(&text)?;
///         writeln!(w)?;
///         writeln!(w, "{}\n", "=".repeat(text.chars().count()))
///     }
/// }
///
/// let report = Report::builder("Review", Period::year(2024)?).lang(workreport::Lang::En)
///     .area("health", "Project health", "{26 contributors}.")
///     .build()?;
/// let text = Underlined.render_to_string(&Document::new(&report));
/// assert_eq!(text, "Review\n======\n\n1. Achievements\n===============\n\n1.1 Project health\n==================\n\n26 contributors.\n\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Hooks {
    /// The hooks the defaults call: plain text unless overridden.
    fn base(&self) -> &dyn Hooks {
        &Plain
    }

    /// The whole document: by default the title, the preface, then each
    /// part ([`Writer::title`], [`Writer::sections`]).
    ///
    /// # Errors
    ///
    /// Only when the output fails; so for every hook.
    fn document(&self, w: &mut Writer<'_>) -> fmt::Result {
        self.base().document(w)
    }

    /// A heading of any kind and level.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
        self.base().heading(w, heading)
    }

    /// A top-level part: its heading, then its content
    /// ([`Writer::section_body`]).
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn section(&self, w: &mut Writer<'_>, section: Section, heading: &Heading<'_>) -> fmt::Result {
        self.base().section(w, section, heading)
    }

    /// A work area: its heading, prose, and sub-areas ([`Writer::subareas`]).
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn area(&self, w: &mut Writer<'_>, area: &WorkArea, heading: &Heading<'_>) -> fmt::Result {
        self.base().area(w, area, heading)
    }

    /// A problem: its heading and prose.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn problem(&self, w: &mut Writer<'_>, problem: &Problem, heading: &Heading<'_>) -> fmt::Result {
        self.base().problem(w, problem, heading)
    }

    /// A plan item: its heading, prose, and its targets, owner, due date,
    /// status and the problems it addresses ([`Writer::plan_item_details`]).
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn plan_item(&self, w: &mut Writer<'_>, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        self.base().plan_item(w, item, heading)
    }

    /// Prose: each paragraph.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn narrative(&self, w: &mut Writer<'_>, narrative: &Narrative) -> fmt::Result {
        self.base().narrative(w, narrative)
    }

    /// One paragraph of `narrative`: its runs ([`Writer::runs`]).
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn paragraph(&self, w: &mut Writer<'_>, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        self.base().paragraph(w, paragraph, narrative)
    }

    /// A piece of the report's text (a text run, a heading, a cell),
    /// escaped for the format.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn text(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        self.base().text(w, text)
    }

    /// A figure in prose: its quantity ([`Writer::quantity`]), and its
    /// coverage when some units did not report.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn figure(&self, w: &mut Writer<'_>, figure: &Figure) -> fmt::Result {
        self.base().figure(w, figure)
    }

    /// A name in prose, or its placeholder (`X`).
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn name(&self, w: &mut Writer<'_>, name: &NameSlot) -> fmt::Result {
        self.base().name(w, name)
    }

    /// A date in prose (`X月X日`).
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn date(&self, w: &mut Writer<'_>, date: &DateSlot) -> fmt::Result {
        self.base().date(w, date)
    }

    /// The totals table of the roll-up.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    fn totals_table(&self, w: &mut Writer<'_>, table: &TotalsTable<'_>) -> fmt::Result {
        self.base().totals_table(w, table)
    }
}

/// The state of one rendering: the output, the document, and the hooks
/// every part is written with. Hooks get one; it writes like any
/// [`fmt::Write`].
pub struct Writer<'a> {
    out: &'a mut dyn fmt::Write,
    hooks: &'a dyn Hooks,
    doc: &'a Document<'a>,
    /// Whether the figure being written starts a sentence (English
    /// capitalises it: "Well over 200 pull requests have been merged").
    sentence_start: bool,
    /// Where a Markdown block stands: what its next text may start.
    block: Block,
    /// A string reused to spell quantities.
    scratch: String,
}

/// Where the text of a Markdown block stands: at its start (where `-`,
/// `+` or `1.` would start a list), after leading digits (where `.` or
/// `)` would), or inline. Any markup written makes it inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Inline,
    Start,
    Digits(u8),
}

impl fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer").field("doc", self.doc).finish_non_exhaustive()
    }
}

impl fmt::Write for Writer<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        Writer::write_str(self, s)
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        Writer::write_char(self, c)
    }
}

/// Writes into a string, capitalising the first letter when asked.
struct StringSink<'s> {
    out: &'s mut String,
    capitalize: bool,
}

impl fmt::Write for StringSink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.capitalize && !s.is_empty() {
            self.capitalize = false;
            let mut chars = s.chars();
            if let Some(first) = chars.next() {
                self.out.extend(first.to_uppercase());
                self.out.push_str(chars.as_str());
                return Ok(());
            }
        }
        self.out.push_str(s);
        Ok(())
    }
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut dyn fmt::Write, hooks: &'a dyn Hooks, doc: &'a Document<'a>) -> Writer<'a> {
        Writer { out, hooks, doc, sentence_start: false, block: Block::Inline, scratch: String::new() }
    }

    /// Writes `s` as it is (no escaping): markup of the format.
    ///
    /// # Errors
    ///
    /// Only when the output fails; so for every method that writes.
    pub fn write_str(&mut self, s: &str) -> fmt::Result {
        if !s.is_empty() {
            self.block = Block::Inline;
        }
        self.out.write_str(s)
    }

    /// Writes `c` as it is.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn write_char(&mut self, c: char) -> fmt::Result {
        self.block = Block::Inline;
        self.out.write_char(c)
    }

    /// Writes formatted markup as it is, for `write!` and `writeln!`.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        self.block = Block::Inline;
        self.out.write_fmt(args)
    }

    /// The document being rendered.
    pub fn doc(&self) -> &'a Document<'a> {
        self.doc
    }

    /// The report being rendered.
    pub fn report(&self) -> &'a Report {
        self.doc.report
    }

    /// The roll-up whose totals are tabled, if any.
    pub fn rollup(&self) -> Option<&'a Rollup> {
        self.doc.rollup
    }

    /// The catalog, if any.
    pub fn catalog(&self) -> Option<&'a Catalog> {
        self.doc.catalog
    }

    /// The locale of the added words.
    pub fn locale(&self) -> Locale {
        self.doc.locale
    }

    /// The numbering of headings.
    pub fn numbering(&self) -> Numbering {
        self.doc.numbering.unwrap_or_else(|| Numbering::of(self.doc.locale))
    }

    /// What `f` writes, as a string, instead of to the output: for hooks
    /// that rework what the parts inside them wrote (the official text
    /// wraps its paragraphs this way).
    ///
    /// # Errors
    ///
    /// When `f` fails.
    pub fn capture(&mut self, f: impl FnOnce(&mut Writer<'_>) -> fmt::Result) -> Result<String, fmt::Error> {
        let mut buf = String::with_capacity(256);
        let mut sub = Writer {
            out: &mut buf,
            hooks: self.hooks,
            doc: self.doc,
            sentence_start: self.sentence_start,
            block: self.block,
            scratch: String::new(),
        };
        f(&mut sub)?;
        Ok(buf)
    }

    // Dispatch: each goes to the outermost hooks.

    fn document(&mut self) -> fmt::Result {
        let hooks = self.hooks;
        hooks.document(self)
    }

    /// Writes a heading with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails; so for every method that writes.
    pub fn heading(&mut self, heading: &Heading<'_>) -> fmt::Result {
        let hooks = self.hooks;
        hooks.heading(self, heading)
    }

    /// Writes a part with the hooks, numbered `number` among the parts.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn section(&mut self, section: Section, number: u32) -> fmt::Result {
        let heading = self.section_heading(section, number);
        let hooks = self.hooks;
        hooks.section(self, section, &heading)
    }

    /// Writes a work area with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn area(&mut self, area: &WorkArea, heading: &Heading<'_>) -> fmt::Result {
        let hooks = self.hooks;
        hooks.area(self, area, heading)
    }

    /// Writes a problem with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn problem(&mut self, problem: &Problem, heading: &Heading<'_>) -> fmt::Result {
        let hooks = self.hooks;
        hooks.problem(self, problem, heading)
    }

    /// Writes a plan item with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn plan_item(&mut self, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        let hooks = self.hooks;
        hooks.plan_item(self, item, heading)
    }

    /// Writes prose with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn narrative(&mut self, narrative: &Narrative) -> fmt::Result {
        let hooks = self.hooks;
        hooks.narrative(self, narrative)
    }

    /// Writes a paragraph with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn paragraph(&mut self, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        let hooks = self.hooks;
        hooks.paragraph(self, paragraph, narrative)
    }

    /// Writes text with the hooks: escaped for the format.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn text(&mut self, text: &str) -> fmt::Result {
        let hooks = self.hooks;
        hooks.text(self, text)
    }

    /// Writes a figure with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn figure(&mut self, figure: &Figure) -> fmt::Result {
        let hooks = self.hooks;
        hooks.figure(self, figure)
    }

    /// Writes a name with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn name(&mut self, name: &NameSlot) -> fmt::Result {
        let hooks = self.hooks;
        hooks.name(self, name)
    }

    /// Writes a date with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn date(&mut self, date: &DateSlot) -> fmt::Result {
        let hooks = self.hooks;
        hooks.date(self, date)
    }

    /// Writes a totals table with the hooks.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn totals_table(&mut self, table: &TotalsTable<'_>) -> fmt::Result {
        let hooks = self.hooks;
        hooks.totals_table(self, table)
    }

    // Walks: the structure the default hooks follow.

    /// Writes the report's title as a level-0 heading.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn title(&mut self) -> fmt::Result {
        let heading = self.title_heading();
        self.heading(&heading)
    }

    /// The report's title as a level-0 heading.
    pub fn title_heading(&self) -> Heading<'a> {
        Heading {
            kind: HeadingKind::Title,
            level: 0,
            path: Vec::new(),
            number: String::new(),
            text: Cow::Borrowed(self.report().title.as_str()),
            id: None,
        }
    }

    /// The parts that have content, in order: the work areas, the
    /// problems, the plan, and the totals table when there is a roll-up
    /// with totals in scope.
    pub fn present_sections(&self) -> Vec<Section> {
        let r = self.report();
        let mut out = Vec::new();
        if !r.areas.is_empty() {
            out.push(Section::Work);
        }
        if !r.problems.is_empty() {
            out.push(Section::Problems);
        }
        if !r.plan.items.is_empty() {
            out.push(Section::Plan);
        }
        if !self.totals_rows().is_empty() {
            out.push(Section::Totals);
        }
        out
    }

    /// Writes every part that has content ([`Writer::present_sections`]),
    /// numbered in turn.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn sections(&mut self) -> fmt::Result {
        for (i, s) in (1u32..).zip(self.present_sections()) {
            self.section(s, i)?;
        }
        Ok(())
    }

    /// The heading of a part numbered `number`.
    pub fn section_heading(&self, section: Section, number: u32) -> Heading<'a> {
        let words = self.locale().words();
        let report = self.report();
        let text: Cow<'a, str> = match section {
            Section::Work => Cow::Borrowed(words.work),
            Section::Problems => Cow::Borrowed(words.problems),
            Section::Plan => match (&report.plan.title, &report.plan.period) {
                (Some(t), _) => Cow::Borrowed(t.as_str()),
                (None, Some(p)) if self.locale() == Locale::ZhCn => {
                    Cow::Owned(format!("{}{}", self.locale().period(p), words.plan))
                }
                (None, Some(p)) => Cow::Owned(format!("{} {}", words.plan, self.locale().period(p))),
                (None, None) => Cow::Borrowed(words.plan),
            },
            Section::Totals => Cow::Borrowed(words.totals),
        };
        let path = vec![number];
        Heading {
            kind: HeadingKind::Section(section),
            level: 1,
            number: self.numbering().label(&path),
            path,
            text,
            id: None,
        }
    }

    /// Writes what a part holds: its areas, problems, plan items or totals
    /// table, each with a heading numbered below `heading`.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn section_body(&mut self, section: Section, heading: &Heading<'_>) -> fmt::Result {
        let report = self.report();
        match section {
            Section::Work => {
                for (area, h) in report.areas.iter().zip(self.child_headings(heading, HeadingKind::Area)) {
                    let h = h.with(&area.headline, area.id.as_str());
                    self.area(area, &h)?;
                }
            }
            Section::Problems => {
                for (p, h) in report.problems.iter().zip(self.child_headings(heading, HeadingKind::Problem)) {
                    let h = h.with(&p.title, p.id.as_str());
                    self.problem(p, &h)?;
                }
            }
            Section::Plan => {
                for (item, h) in report.plan.items.iter().zip(self.child_headings(heading, HeadingKind::PlanItem)) {
                    let h = h.with(&item.title, item.id.as_str());
                    self.plan_item(item, &h)?;
                }
            }
            Section::Totals => {
                let table = self.totals();
                if !table.rows.is_empty() {
                    self.totals_table(&table)?;
                }
            }
        }
        Ok(())
    }

    /// Writes the sub-areas of `area`, whose heading is `heading`.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn subareas(&mut self, area: &WorkArea, heading: &Heading<'_>) -> fmt::Result {
        for (sub, h) in area.subareas.iter().zip(self.child_headings(heading, HeadingKind::Area)) {
            let h = h.with(&sub.headline, sub.id.as_str());
            self.area(sub, &h)?;
        }
        Ok(())
    }

    /// Numbered headings below `parent`, without text yet.
    fn child_headings(
        &self,
        parent: &Heading<'_>,
        kind: HeadingKind,
    ) -> impl Iterator<Item = Heading<'static>> + use<> {
        let numbering = self.numbering();
        let (level, parent_path) = (parent.level + 1, parent.path.clone());
        (1u32..).map(move |i| {
            let mut path = parent_path.clone();
            path.push(i);
            Heading { kind, level, number: numbering.label(&path), path, text: Cow::Borrowed(""), id: None }
        })
    }

    /// Writes each run of a paragraph with the hooks: text, figures, names
    /// and dates. A figure index past the narrative's figures writes
    /// nothing.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn runs(&mut self, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        // Only English capitalises a figure that starts a sentence.
        let english = self.report().lang == crate::quantity::Lang::En;
        let mut at_start = true;
        for run in &paragraph.runs {
            match run {
                Run::Text(t) => {
                    self.text(t)?;
                    if english && !t.is_empty() {
                        let end = t.trim_end();
                        // A sentence starts after `. `, `! `, `? `.
                        let after_stop = end.len() < t.len() && end.ends_with(['.', '!', '?']);
                        at_start = (end.is_empty() && at_start) || after_stop;
                    }
                }
                Run::Figure(i) => {
                    if let Some(f) = narrative.figures.get(*i) {
                        self.sentence_start = at_start;
                        let written = self.figure(f);
                        self.sentence_start = false;
                        written?;
                    }
                    at_start = false;
                }
                Run::Name(n) => {
                    self.name(n)?;
                    at_start = false;
                }
                Run::Date(d) => {
                    self.date(d)?;
                    at_start = false;
                }
            }
        }
        Ok(())
    }

    /// A quantity of the prose as the report's language writes it. A value
    /// that came from arithmetic as an interval is written with a qualifier
    /// or as a range (`(42, ∞)` as `超过42`).
    ///
    /// In an English report, a figure that starts a sentence is
    /// capitalised ("Well over 200 pull requests").
    pub fn quantity(&self, q: &Quantity) -> String {
        let mut text = String::new();
        let mut sink = StringSink { out: &mut text, capitalize: self.capitalizes() };
        // Writing into a `String` cannot fail.
        let _ = fmt::write(&mut sink, format_args!("{}", writable(q).display(self.report().lang)));
        text
    }

    /// Writes a quantity of the prose as [`Writer::quantity`] spells it,
    /// through the hooks' `text`, without allocating.
    ///
    /// # Errors
    ///
    /// Only when the output fails.
    pub fn write_quantity(&mut self, q: &Quantity) -> fmt::Result {
        // Spelled into the writer's scratch string, then written as one text.
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let mut sink = StringSink { out: &mut text, capitalize: self.capitalizes() };
        let spelled = fmt::write(&mut sink, format_args!("{}", writable(q).display(self.report().lang)));
        let written = spelled.and_then(|()| self.text(&text));
        self.scratch = text;
        written
    }

    fn capitalizes(&self) -> bool {
        self.sentence_start && self.report().lang == crate::quantity::Lang::En
    }

    /// A figure's coverage in words when some expected units did not
    /// report (`11/12个单位`); `None` when all did or it has none.
    pub fn coverage(&self, figure: &Figure) -> Option<String> {
        let c = figure.coverage?;
        (c.reported < c.expected).then(|| Locale::of(self.report().lang).coverage(c.reported, c.expected))
    }

    /// The label of a metric in the locale: the catalog's, or `None` when
    /// the catalog (or the document) has no such metric.
    pub fn catalog_label(&self, key: &str) -> Option<&'a str> {
        let m = self.catalog()?.get(key)?;
        Some(match (self.locale(), &m.label.en) {
            (Locale::En, Some(en)) if !en.is_empty() => en.as_str(),
            _ => m.label.zh.as_str(),
        })
    }

    /// The label of a metric in the locale: the catalog's, or the key.
    pub fn metric_label<'k>(&self, key: &'k str) -> Cow<'k, str>
    where
        'a: 'k,
    {
        match self.catalog_label(key) {
            Some(l) => Cow::Borrowed(l),
            None => Cow::Borrowed(key),
        }
    }

    /// The name of an org unit in the locale: from the report's org tree,
    /// or the id.
    pub fn org_name<'k>(&self, id: &'k str) -> Cow<'k, str>
    where
        'a: 'k,
    {
        let unit: Option<&'a OrgUnit> = self.report().org.as_ref().and_then(|o| o.find(id));
        match unit {
            Some(u) => match (self.locale(), &u.name_en) {
                (Locale::En, Some(en)) => Cow::Borrowed(en.as_str()),
                _ => Cow::Borrowed(u.name.as_str()),
            },
            None => Cow::Borrowed(id),
        }
    }

    /// A plan item's details as (label, value) pairs, in the locale:
    /// targets, owner, due date, status (when evaluated) and the problems
    /// it addresses.
    pub fn plan_item_details(&self, item: &PlanItem) -> Vec<(&'static str, String)> {
        let loc = self.locale();
        let words = loc.words();
        let mut out = Vec::new();
        for t in &item.targets {
            let baseline = t.baseline.as_ref().map(|b| self.quantity(b));
            let value = self.quantity(&t.value);
            let metric = self.metric_label(t.metric.as_str());
            out.push((words.target, loc.target(&metric, t.comparator, &value, baseline.as_deref())));
        }
        if let Some(o) = &item.owner {
            out.push((words.owner, o.clone()));
        }
        if let Some(d) = item.due {
            out.push((words.due, loc.date(d)));
        }
        if item.status.is_some() {
            out.push((words.status, loc.status(item.status).to_owned()));
        }
        let titles: Vec<&str> = item
            .addresses
            .iter()
            .filter_map(|id| self.report().problems.iter().find(|p| &p.id == id))
            .map(|p| p.title.as_str())
            .collect();
        if !titles.is_empty() {
            out.push((words.addresses, titles.join(words.comma)));
        }
        out
    }

    /// The totals table of the document's roll-up and scope; no rows
    /// without a roll-up.
    pub fn totals(&self) -> TotalsTable<'a> {
        let w = self.locale().words();
        TotalsTable { columns: [w.metric, w.org, w.period, w.value, w.coverage, w.exact], rows: self.totals_rows() }
    }

    fn totals_rows(&self) -> Vec<TotalRow<'a>> {
        let Some(rollup) = self.rollup() else { return Vec::new() };
        let report = self.report();
        let own = report.org.as_ref().map(|o| o.id.as_str()).or_else(|| rollup.node_ids().next().map(|i| i.as_str()));
        let loc = self.locale();
        let words = loc.words();
        rollup
            .totals()
            .filter(|t| match self.doc.totals {
                TotalsScope::Report => Some(t.org().as_str()) == own && t.period() == report.period,
                TotalsScope::All => true,
            })
            .map(|t| {
                let c = t.coverage();
                TotalRow {
                    metric: self.metric_label(t.metric().as_str()).into_owned(),
                    org: self.org_name(t.org().as_str()).into_owned(),
                    period: loc.period(&t.period()),
                    value: t.quantity().display(loc.lang()).to_string(),
                    coverage: format!("{}/{}", c.reported, c.expected()),
                    exact: if t.is_exact() { words.yes } else { words.no },
                    total: t,
                }
            })
            .collect()
    }
}

impl<'a> Heading<'a> {
    fn with<'b>(self, text: &'b str, id: &'b str) -> Heading<'b> {
        Heading { text: Cow::Borrowed(text), id: Some(id), ..self }
    }
}

/// A quantity written with a qualifier or as a range when its value is an
/// interval from arithmetic, which reports never write as `(42, ∞)`.
pub(crate) fn writable(q: &Quantity) -> Cow<'_, Quantity> {
    if q.value().form() != Form::Interval {
        return Cow::Borrowed(q);
    }
    let Some(i) = q.interval() else { return Cow::Borrowed(q) };
    let value = match (i.lower(), i.upper()) {
        (Bound::Closed(d), Bound::Unbounded) => Value::qualified(d, Qualifier::YiShang),
        (Bound::Open(d), Bound::Unbounded) => Value::qualified(d, Qualifier::ChaoGuo),
        (Bound::Unbounded, Bound::Closed(d)) => Value::qualified(d, Qualifier::YiXia),
        (Bound::Unbounded, Bound::Open(d)) => Value::qualified(d, Qualifier::BuDao),
        (l, u) => match (l.value(), u.value()) {
            (Some(a), Some(b)) if a == b => Value::exact(a),
            (Some(a), Some(b)) => match Value::range(a, b, RangeSep::EmDash) {
                Some(v) => v,
                None => return Cow::Borrowed(q),
            },
            _ => return Cow::Borrowed(q),
        },
    };
    Cow::Owned(Quantity::new(value, q.unit().clone()).with_lang(q.lang()))
}

/// Writes a table as text: columns padded to the widest cell by display
/// width (CJK characters are two columns), separated by two spaces.
pub(crate) fn text_table(w: &mut Writer<'_>, columns: &[&str], rows: &[Vec<&str>], cjk: bool) -> fmt::Result {
    let width = |s: &str| display_width(s, cjk);
    let mut widths: Vec<usize> = columns.iter().map(|c| width(c)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(wd) = widths.get_mut(i) {
                *wd = (*wd).max(width(cell));
            }
        }
    }
    let line = |w: &mut Writer<'_>, cells: &[&str]| -> fmt::Result {
        let mut text = String::new();
        for (i, (cell, wd)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < cells.len() {
                text.extend(std::iter::repeat_n(' ', wd.saturating_sub(width(cell))));
            }
        }
        w.text(text.trim_end())?;
        w.write_char('\n')
    };
    line(w, columns)?;
    let rule: Vec<String> = widths.iter().map(|n| "-".repeat(*n)).collect();
    let rule: Vec<&str> = rule.iter().map(String::as_str).collect();
    line(w, &rule)?;
    for row in rows {
        line(w, row)?;
    }
    Ok(())
}

/// The display width of `s` in columns: CJK characters are two; with
/// `cjk`, so are East Asian ambiguous ones (`“`, `…`).
pub(crate) fn display_width(s: &str, cjk: bool) -> usize {
    use unicode_width::UnicodeWidthStr;
    if cjk { s.width_cjk() } else { s.width() }
}

/// The default hooks: plain text.
#[derive(Clone, Copy, Debug)]
struct Plain;

impl Hooks for Plain {
    fn document(&self, w: &mut Writer<'_>) -> fmt::Result {
        w.title()?;
        let preface = &w.report().preface;
        w.narrative(preface)?;
        w.sections()
    }

    fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
        w.text(&heading.number)?;
        w.write_str(heading.separator())?;
        w.text(&heading.text)?;
        w.write_str("\n\n")
    }

    fn section(&self, w: &mut Writer<'_>, section: Section, heading: &Heading<'_>) -> fmt::Result {
        w.heading(heading)?;
        w.section_body(section, heading)
    }

    fn area(&self, w: &mut Writer<'_>, area: &WorkArea, heading: &Heading<'_>) -> fmt::Result {
        w.heading(heading)?;
        w.narrative(&area.narrative)?;
        w.subareas(area, heading)
    }

    fn problem(&self, w: &mut Writer<'_>, problem: &Problem, heading: &Heading<'_>) -> fmt::Result {
        w.heading(heading)?;
        w.narrative(&problem.narrative)
    }

    fn plan_item(&self, w: &mut Writer<'_>, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        w.heading(heading)?;
        w.narrative(&item.narrative)?;
        let details = w.plan_item_details(item);
        let colon = w.locale().words().colon;
        for (label, value) in &details {
            w.text(label)?;
            w.write_str(colon)?;
            w.text(value)?;
            w.write_char('\n')?;
        }
        if !details.is_empty() {
            w.write_char('\n')?;
        }
        Ok(())
    }

    fn narrative(&self, w: &mut Writer<'_>, narrative: &Narrative) -> fmt::Result {
        for p in &narrative.paragraphs {
            w.paragraph(p, narrative)?;
        }
        Ok(())
    }

    fn paragraph(&self, w: &mut Writer<'_>, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        w.runs(paragraph, narrative)?;
        w.write_str("\n\n")
    }

    fn text(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        escape::plain(w, text)
    }

    fn figure(&self, w: &mut Writer<'_>, figure: &Figure) -> fmt::Result {
        w.write_quantity(&figure.value)?;
        if let Some(c) = w.coverage(figure) {
            let words = Locale::of(w.report().lang).words();
            w.write_str(words.open_paren)?;
            w.text(&c)?;
            w.write_str(words.close_paren)?;
        }
        Ok(())
    }

    fn name(&self, w: &mut Writer<'_>, name: &NameSlot) -> fmt::Result {
        w.text(&name.text())
    }

    fn date(&self, w: &mut Writer<'_>, date: &DateSlot) -> fmt::Result {
        let text = Locale::of(w.report().lang).date_slot(date);
        w.text(&text)
    }

    fn totals_table(&self, w: &mut Writer<'_>, table: &TotalsTable<'_>) -> fmt::Result {
        let rows: Vec<Vec<&str>> = table.rows.iter().map(|r| r.cells().to_vec()).collect();
        let cjk = w.locale() == Locale::ZhCn;
        text_table(w, &table.columns, &rows, cjk)?;
        w.write_char('\n')
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Document<'static>>();
    assert_send_sync::<markdown::Markdown>();
    assert_send_sync::<official::OfficialText>();
    assert_send_sync::<html::Html>();
    assert_send_sync::<json::Json>();
};
