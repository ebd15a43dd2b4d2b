//! HTML: one self-contained page, for people who would rather look than
//! read.
//!
//! The page has no external assets (styles inline, charts as inline SVG,
//! no scripts) and, by default, a Content-Security-Policy that forbids
//! loading or running anything. It holds the report — headings, prose
//! with figures marked (unknown ones highlighted), problems, plan items
//! with their targets and status — a table of every figure with its
//! coverage, the totals table of a roll-up, and two charts:
//!
//! - **figures by work area**: for each top-level area, how many of its
//!   figures are known and how many are still to fill;
//! - **plan progress**: the plan items by status (`not evaluated` for
//!   items without one).
//!
//! Every piece of the report's text goes through
//! [`escape::html`].
//!
//! ```
//! use workreport::render::html::{Html, HtmlOptions};
//! use workreport::render::{Document, Render};
//! use workreport::{Period, Report};
//!
//! let report = Report::builder("<b>2020</b> review", Period::year(2020)?)
//!     .area("a", "Area", "held {X 次}")
//!     .build()?;
//! let page = Html::new().render_to_string(&Document::new(&report));
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.contains("<title>&lt;b&gt;2020&lt;/b&gt; review</title>"));
//! assert!(page.contains(r#"<svg class="chart""#));
//! assert!(!page.contains("<b>"));
//! let bare = Html::with_options(HtmlOptions::new().charts(false)).render_to_string(&Document::new(&report));
//! assert!(!bare.contains("<svg"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use super::escape;
use super::{Heading, HeadingKind, Hooks, Locale, Paragraph, Section, TotalsTable, Writer, display_width};
use crate::model::{DateSlot, Figure, NameSlot, Narrative, PlanItem, Problem, Status, WorkArea};

/// Options of the HTML page.
///
/// ```
/// use workreport::render::html::{Html, HtmlOptions};
///
/// let html = Html::with_options(HtmlOptions::new().charts(false).figures_table(false));
/// # let _ = html;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct HtmlOptions {
    charts: bool,
    figures_table: bool,
    csp: bool,
}

impl Default for HtmlOptions {
    fn default() -> HtmlOptions {
        HtmlOptions::new()
    }
}

impl HtmlOptions {
    /// Charts, the table of figures and the Content-Security-Policy on.
    pub fn new() -> HtmlOptions {
        HtmlOptions { charts: true, figures_table: true, csp: true }
    }

    /// Whether the page has the SVG charts.
    pub fn charts(self, charts: bool) -> HtmlOptions {
        HtmlOptions { charts, ..self }
    }

    /// Whether the page has the table of every figure.
    pub fn figures_table(self, figures_table: bool) -> HtmlOptions {
        HtmlOptions { figures_table, ..self }
    }

    /// Whether the page carries a `Content-Security-Policy` that forbids
    /// scripts and every external resource. Turn it off only for hooks
    /// that add scripts of their own.
    pub fn csp(self, csp: bool) -> HtmlOptions {
        HtmlOptions { csp, ..self }
    }
}

/// The HTML renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html {
    options: HtmlOptions,
}

impl Html {
    /// With the default [`HtmlOptions`].
    pub fn new() -> Html {
        Html::default()
    }

    /// With `options`.
    pub fn with_options(options: HtmlOptions) -> Html {
        Html { options }
    }
}

const CSS: &str = "\
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--known:#2f6f4e;--unknown:#c9a227;--accent:#8c1c13}
body{margin:0;color:var(--ink);background:#fff;font:16px/1.75 \"Noto Serif CJK SC\",\"Source Han Serif SC\",\"Songti SC\",SimSun,Georgia,serif}
main{max-width:52rem;margin:0 auto;padding:2rem 1.25rem 4rem;overflow-wrap:anywhere}
h1{font-size:1.7rem;text-align:center;margin:0 0 .25rem;line-height:1.4}
h2{font-size:1.3rem;margin:2.5rem 0 1rem;border-bottom:2px solid var(--accent);padding-bottom:.25rem}
h3{font-size:1.1rem;margin:1.75rem 0 .5rem}
h4,h5,h6{font-size:1rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0;text-indent:2em}
p.meta{text-align:center;color:var(--muted);text-indent:0;margin-bottom:2rem}
.figure{font-weight:600;color:var(--known);white-space:nowrap}
.figure.unknown,.name.unknown,.date.unknown{color:var(--ink);background:#fbefc4;border-bottom:2px dotted var(--unknown);font-weight:600}
.coverage{font-size:.75em;color:var(--muted);margin-left:.15em}
dl.details{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0 1rem 2em;font-size:.95rem}
dl.details dt{color:var(--muted)}
dl.details dd{margin:0}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem;line-height:1.5}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.num{white-space:nowrap}
tr.unknown td{background:#fdf8e6}
tr.inexact td.num{color:var(--accent)}
figure.chart{margin:1.5rem 0}
figure.chart figcaption{font-weight:600;margin-bottom:.5rem}
svg.chart{max-width:100%;height:auto;font:13px sans-serif}
svg.chart .known{fill:var(--known)}
svg.chart .unknown{fill:var(--unknown)}
svg.chart .count{fill:var(--muted)}
svg.chart .status-done{fill:#2f6f4e}
svg.chart .status-partly{fill:#6d9f71}
svg.chart .status-in_progress{fill:#3d6fb6}
svg.chart .status-planned{fill:#8aa4c8}
svg.chart .status-not_done{fill:#b3261e}
svg.chart .status-overdue{fill:#8c1c13}
svg.chart .status-carried_over{fill:#9a7b4f}
svg.chart .status-unknown,svg.chart .status-none{fill:#9aa4ad}
@media print{main{max-width:none}h2{break-after:avoid}figure.chart,table{break-inside:avoid}}
";

/// The CSS class of a status; `status-none` for an item not evaluated.
fn status_class(status: Option<Status>) -> &'static str {
    match status {
        None => "status-none",
        Some(Status::Planned) => "status-planned",
        Some(Status::InProgress) => "status-in_progress",
        Some(Status::Done) => "status-done",
        Some(Status::Partly) => "status-partly",
        Some(Status::NotDone) => "status-not_done",
        Some(Status::Unknown) => "status-unknown",
        Some(Status::Overdue) => "status-overdue",
        Some(Status::CarriedOver) => "status-carried_over",
    }
}

/// Writes `text` escaped for an attribute value or content.
fn esc(w: &mut Writer<'_>, text: &str) -> fmt::Result {
    escape::html(w, text)
}

impl Hooks for Html {
    fn document(&self, w: &mut Writer<'_>) -> fmt::Result {
        let report = w.report();
        let locale = w.locale();
        write!(w, "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", locale.tag())?;
        w.write_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
        if self.options.csp {
            w.write_str(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
            )?;
        }
        w.write_str("<meta name=\"generator\" content=\"workreport\">\n<title>")?;
        w.text(&report.title)?;
        w.write_str("</title>\n<style>\n")?;
        w.write_str(CSS)?;
        w.write_str("</style>\n</head>\n<body>\n<main>\n<header>\n")?;
        w.title()?;
        w.write_str("<p class=\"meta\">")?;
        w.text(&locale.period(&report.period))?;
        if let Some(org) = &report.org {
            w.write_str(" · ")?;
            let name = w.org_name(org.id.as_str());
            w.text(&name)?;
        }
        w.write_str("</p>\n</header>\n")?;
        if !report.preface.is_empty() {
            w.write_str("<section class=\"preface\">\n")?;
            w.narrative(&report.preface)?;
            w.write_str("</section>\n")?;
        }
        w.sections()?;
        w.write_str("</main>\n</body>\n</html>\n")
    }

    fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
        let level = (heading.level + 1).min(6);
        write!(w, "<h{level}")?;
        let anchor = match (heading.kind, heading.id) {
            (HeadingKind::Section(s), _) => Some(("", section_id(s))),
            (HeadingKind::Area, Some(id)) => Some(("area-", id)),
            (HeadingKind::Problem, Some(id)) => Some(("problem-", id)),
            (HeadingKind::PlanItem, Some(id)) => Some(("plan-", id)),
            _ => None,
        };
        if let Some((prefix, id)) = anchor {
            write!(w, " id=\"{prefix}")?;
            esc(w, id)?;
            w.write_char('"')?;
        }
        w.write_char('>')?;
        if !heading.number.is_empty() {
            w.write_str("<span class=\"no\">")?;
            w.text(&heading.number)?;
            w.write_str("</span>")?;
            w.write_str(heading.separator())?;
        }
        w.text(&heading.text)?;
        writeln!(w, "</h{level}>")
    }

    fn section(&self, w: &mut Writer<'_>, section: Section, heading: &Heading<'_>) -> fmt::Result {
        writeln!(w, "<section class=\"part part-{}\">", section_id(section))?;
        w.heading(heading)?;
        w.section_body(section, heading)?;
        match section {
            Section::Work => {
                if self.options.charts {
                    figures_chart(w)?;
                }
                if self.options.figures_table {
                    figures_table(w)?;
                }
            }
            Section::Plan if self.options.charts => plan_chart(w)?,
            _ => {}
        }
        w.write_str("</section>\n")
    }

    fn area(&self, w: &mut Writer<'_>, area: &WorkArea, heading: &Heading<'_>) -> fmt::Result {
        w.write_str("<section class=\"area\">\n")?;
        w.heading(heading)?;
        w.narrative(&area.narrative)?;
        w.subareas(area, heading)?;
        w.write_str("</section>\n")
    }

    fn problem(&self, w: &mut Writer<'_>, problem: &Problem, heading: &Heading<'_>) -> fmt::Result {
        w.write_str("<section class=\"problem\">\n")?;
        w.heading(heading)?;
        w.narrative(&problem.narrative)?;
        w.write_str("</section>\n")
    }

    fn plan_item(&self, w: &mut Writer<'_>, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        writeln!(w, "<section class=\"plan-item {}\">", status_class(item.status))?;
        w.heading(heading)?;
        w.narrative(&item.narrative)?;
        let details = w.plan_item_details(item);
        if !details.is_empty() {
            w.write_str("<dl class=\"details\">\n")?;
            for (label, value) in &details {
                w.write_str("<dt>")?;
                w.text(label)?;
                w.write_str("</dt><dd>")?;
                w.text(value)?;
                w.write_str("</dd>\n")?;
            }
            w.write_str("</dl>\n")?;
        }
        w.write_str("</section>\n")
    }

    fn paragraph(&self, w: &mut Writer<'_>, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        w.write_str("<p>")?;
        w.runs(paragraph, narrative)?;
        w.write_str("</p>\n")
    }

    fn text(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        esc(w, text)
    }

    fn figure(&self, w: &mut Writer<'_>, figure: &Figure) -> fmt::Result {
        let unknown = figure.value.is_unknown();
        w.write_str(if unknown { "<span class=\"figure unknown\"" } else { "<span class=\"figure\"" })?;
        if let Some(m) = &figure.metric {
            w.write_str(" title=\"")?;
            let label = w.metric_label(m.as_str());
            esc(w, &label)?;
            w.write_char('"')?;
        }
        w.write_char('>')?;
        w.write_quantity(&figure.value)?;
        w.write_str("</span>")?;
        if let Some(c) = w.coverage(figure) {
            w.write_str("<sup class=\"coverage\">")?;
            w.text(&c)?;
            w.write_str("</sup>")?;
        }
        Ok(())
    }

    fn name(&self, w: &mut Writer<'_>, name: &NameSlot) -> fmt::Result {
        if name.value.is_some() {
            return w.text(&name.text());
        }
        w.write_str("<span class=\"name unknown\">")?;
        w.text(&name.text())?;
        w.write_str("</span>")
    }

    fn date(&self, w: &mut Writer<'_>, date: &DateSlot) -> fmt::Result {
        w.write_str(if date.is_unfilled() { "<span class=\"date unknown\">" } else { "<span class=\"date\">" })?;
        let text = Locale::of(w.report().lang).date_slot(date);
        w.text(&text)?;
        w.write_str("</span>")
    }

    fn totals_table(&self, w: &mut Writer<'_>, table: &TotalsTable<'_>) -> fmt::Result {
        w.write_str("<table class=\"totals\">\n<thead><tr>")?;
        for c in table.columns {
            w.write_str("<th scope=\"col\">")?;
            w.text(c)?;
            w.write_str("</th>")?;
        }
        w.write_str("</tr></thead>\n<tbody>\n")?;
        for row in &table.rows {
            w.write_str(if row.total.is_exact() { "<tr class=\"exact\">" } else { "<tr class=\"inexact\">" })?;
            for (i, cell) in row.cells().iter().enumerate() {
                w.write_str(if i == 3 { "<td class=\"num\">" } else { "<td>" })?;
                w.text(cell)?;
                w.write_str("</td>")?;
            }
            w.write_str("</tr>\n")?;
        }
        w.write_str("</tbody>\n</table>\n")
    }
}

fn section_id(section: Section) -> &'static str {
    match section {
        Section::Work => "work",
        Section::Problems => "problems",
        Section::Plan => "plan",
        Section::Totals => "totals",
    }
}

/// Every narrative of the report with the heading of the part it belongs
/// to, in document order.
fn narratives_with_places<'r>(w: &Writer<'r>) -> Vec<(&'r str, &'r Narrative)> {
    let report = w.report();
    let words = w.locale().words();
    let mut out = vec![(words.preface, &report.preface)];
    fn areas<'r>(out: &mut Vec<(&'r str, &'r Narrative)>, list: &'r [WorkArea]) {
        for a in list {
            out.push((a.headline.as_str(), &a.narrative));
            areas(out, &a.subareas);
        }
    }
    areas(&mut out, &report.areas);
    out.extend(report.problems.iter().map(|p| (p.title.as_str(), &p.narrative)));
    out.extend(report.plan.items.iter().map(|i| (i.title.as_str(), &i.narrative)));
    out
}

/// The table of every figure: where, what, value and coverage.
fn figures_table(w: &mut Writer<'_>) -> fmt::Result {
    let places = narratives_with_places(w);
    if places.iter().all(|(_, n)| n.figures.is_empty()) {
        return Ok(());
    }
    let words = w.locale().words();
    w.write_str("<table class=\"figures\">\n<caption>")?;
    w.text(words.figures)?;
    w.write_str("</caption>\n<thead><tr>")?;
    for c in [words.where_, words.what, words.value, words.coverage] {
        w.write_str("<th scope=\"col\">")?;
        w.text(c)?;
        w.write_str("</th>")?;
    }
    w.write_str("</tr></thead>\n<tbody>\n")?;
    for (place, narrative) in places {
        for f in &narrative.figures {
            w.write_str(if f.value.is_unknown() { "<tr class=\"unknown\"><td>" } else { "<tr><td>" })?;
            w.text(place)?;
            w.write_str("</td><td>")?;
            let what = match (&f.label, &f.metric) {
                (_, Some(m)) if w.catalog_label(m.as_str()).is_some() => w.metric_label(m.as_str()),
                (Some(l), _) => Cow::Borrowed(l.as_str()),
                (None, Some(m)) => Cow::Borrowed(m.as_str()),
                (None, None) => Cow::Borrowed(words.none),
            };
            w.text(&what)?;
            w.write_str("</td><td class=\"num\">")?;
            let q = w.quantity(&f.value);
            w.text(&q)?;
            w.write_str("</td><td>")?;
            match f.coverage {
                Some(c) => write!(w, "{}/{}", c.reported, c.expected)?,
                None => w.write_str(words.none)?,
            }
            w.write_str("</td></tr>\n")?;
        }
    }
    w.write_str("</tbody>\n</table>\n")
}

/// One segment of a bar: its CSS class, count and tooltip.
type Segment = (&'static str, u32, String);

/// A horizontal bar chart: rows of a label, segments and a note after the
/// bar. Lengths are integer pixels, so the output is exact.
struct Bars<'a> {
    caption: &'a str,
    rows: Vec<(String, Vec<Segment>, String)>,
    legend: Vec<(&'static str, &'a str)>,
}

const LABEL_W: u32 = 280;
const BAR_W: u32 = 320;
const ROW_H: u32 = 26;
const BAR_H: u32 = 18;

fn truncate(text: &str, columns: usize) -> String {
    if display_width(text, true) <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = display_width(c.encode_utf8(&mut [0; 4]), true);
        if used + cw > columns.saturating_sub(2) {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

fn bar_chart(w: &mut Writer<'_>, class: &str, chart: &Bars<'_>) -> fmt::Result {
    let max = chart.rows.iter().map(|(_, segs, _)| segs.iter().map(|s| s.1).sum::<u32>()).max().unwrap_or(0).max(1);
    let legend_h = if chart.legend.is_empty() { 0 } else { ROW_H };
    let count = u32::try_from(chart.rows.len()).unwrap_or(u32::MAX);
    let height = count.saturating_mul(ROW_H).saturating_add(legend_h).saturating_add(8);
    let width = LABEL_W + BAR_W + 60;
    writeln!(w, "<figure class=\"chart {class}\">")?;
    w.write_str("<figcaption>")?;
    w.text(chart.caption)?;
    w.write_str("</figcaption>\n")?;
    writeln!(
        w,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">"
    )?;
    w.write_str("<title>")?;
    w.text(chart.caption)?;
    w.write_str("</title>\n")?;
    for (i, (label, segments, note)) in (0u32..).zip(&chart.rows) {
        let y = i.saturating_mul(ROW_H).saturating_add(4);
        let text_y = y.saturating_add(BAR_H - 4);
        write!(w, "<text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">", LABEL_W - 8)?;
        w.text(&truncate(label, 38))?;
        w.write_str("<title>")?;
        w.text(label)?;
        w.write_str("</title></text>\n")?;
        let mut x = LABEL_W;
        for (class, n, tip) in segments {
            if *n == 0 {
                continue;
            }
            // At most BAR_W: `n` is at most `max`.
            let len = u32::try_from(u64::from(*n) * u64::from(BAR_W) / u64::from(max)).unwrap_or(BAR_W).max(2);
            write!(w, "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{len}\" height=\"{BAR_H}\"><title>")?;
            w.text(tip)?;
            w.write_str("</title></rect>\n")?;
            x = x.saturating_add(len);
        }
        write!(w, "<text class=\"count\" x=\"{}\" y=\"{text_y}\">", x.saturating_add(6))?;
        w.text(note)?;
        w.write_str("</text>\n")?;
    }
    if !chart.legend.is_empty() {
        let y = count.saturating_mul(ROW_H).saturating_add(8);
        let mut x = LABEL_W;
        for (class, label) in &chart.legend {
            writeln!(w, "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\"></rect>")?;
            write!(w, "<text x=\"{}\" y=\"{}\">", x.saturating_add(16), y.saturating_add(11))?;
            w.text(label)?;
            w.write_str("</text>\n")?;
            let label_w = u32::try_from(display_width(label, true)).unwrap_or(40);
            x = x.saturating_add(label_w.saturating_mul(7).saturating_add(32));
        }
    }
    w.write_str("</svg>\n</figure>\n")
}

/// Figures by top-level work area: known and still to fill.
fn figures_chart(w: &mut Writer<'_>) -> fmt::Result {
    fn count(area: &WorkArea, known: &mut u32, unknown: &mut u32) {
        for f in &area.narrative.figures {
            if f.value.is_unknown() {
                *unknown += 1;
            } else {
                *known += 1;
            }
        }
        for s in &area.subareas {
            count(s, known, unknown);
        }
    }
    let words = w.locale().words();
    let numbering = w.numbering();
    let mut rows = Vec::new();
    for (i, area) in (1u32..).zip(&w.report().areas) {
        let (mut known, mut unknown) = (0, 0);
        count(area, &mut known, &mut unknown);
        let number = numbering.label(&[1, i]);
        let sep = if number.ends_with(|c: char| c.is_ascii())
            && area.headline.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            " "
        } else {
            ""
        };
        let label = format!("{number}{sep}{}", area.headline);
        let segments = vec![
            ("known", known, format!("{}{}{known}", area.headline, words.colon)),
            ("unknown", unknown, format!("{}{}{unknown} {}", area.headline, words.colon, words.unknown)),
        ];
        rows.push((label, segments, format!("{known}/{}", known + unknown)));
    }
    if rows.iter().all(|(_, s, _)| s.iter().all(|x| x.1 == 0)) {
        return Ok(());
    }
    let chart =
        Bars { caption: words.figures_by_area, rows, legend: vec![("known", words.known), ("unknown", words.unknown)] };
    bar_chart(w, "figures-by-area", &chart)
}

/// Plan items by status, in a fixed order; statuses with no item are left
/// out.
fn plan_chart(w: &mut Writer<'_>) -> fmt::Result {
    const ORDER: [Option<Status>; 9] = [
        Some(Status::Done),
        Some(Status::Partly),
        Some(Status::InProgress),
        Some(Status::Planned),
        Some(Status::NotDone),
        Some(Status::Overdue),
        Some(Status::CarriedOver),
        Some(Status::Unknown),
        None,
    ];
    let items = &w.report().plan.items;
    let locale = w.locale();
    let rows: Vec<_> = ORDER
        .iter()
        .filter_map(|s| {
            let n = u32::try_from(items.iter().filter(|i| i.status == *s).count()).unwrap_or(u32::MAX);
            let label = locale.status(*s);
            (n > 0).then(|| {
                let class = status_class(*s);
                (label.to_owned(), vec![(class, n, format!("{label}{}{n}", locale.words().colon))], n.to_string())
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let chart = Bars { caption: locale.words().plan_progress, rows, legend: Vec::new() };
    bar_chart(w, "plan-progress", &chart)
}
