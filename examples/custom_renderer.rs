//! Renderers written outside the crate, against its extension point.
//!
//! - `AsciiDoc`: a whole new format. It implements [`Hooks`] — headings,
//!   paragraphs, text escaping, plan items and the totals table — and
//!   inherits the walk of the report, figures, names and dates from the
//!   defaults. Every `Hooks` is a [`Render`], so it goes in a
//!   `Box<dyn Render>` beside the built-in ones.
//! - `LinkedFigures`: the built-in Markdown with one hook overridden: a
//!   figure bound to a metric links to the metric's entry of a catalog
//!   page. Everything else is the Markdown renderer's, through
//!   [`Hooks::base`].
//!
//! ```text
//! cargo run --example custom_renderer              # AsciiDoc, then the linked Markdown
//! ```

use std::fmt;

use workreport::render::markdown::Markdown;
use workreport::render::{Document, Heading, HeadingKind, Hooks, Render, TotalsTable, Writer, escape};
use workreport::{Catalog, Figure, Metric, Narrative, Paragraph, Period, PlanItem, Report};

/// AsciiDoc: `=` headings, paragraphs separated by blank lines, a
/// definition list for a plan item's details, and a table for totals.
struct AsciiDoc;

/// The characters AsciiDoc reads as markup, written as its built-in
/// attribute references so they stay text.
fn asciidoc_escape(w: &mut Writer<'_>, text: &str) -> fmt::Result {
    let mut plain = String::new();
    escape::plain(&mut plain, text)?;
    for c in plain.chars() {
        match c {
            '*' => w.write_str("{asterisk}")?,
            '+' => w.write_str("{plus}")?,
            '`' => w.write_str("{backtick}")?,
            '^' => w.write_str("{caret}")?,
            '~' => w.write_str("{tilde}")?,
            '[' => w.write_str("{startsb}")?,
            ']' => w.write_str("{endsb}")?,
            '|' => w.write_str("{vbar}")?,
            '<' => w.write_str("{lt}")?,
            '>' => w.write_str("{gt}")?,
            '&' => w.write_str("{amp}")?,
            '\\' => w.write_str("{backslash}")?,
            '#' | '_' | '{' | '}' => write!(w, "pass:[{c}]")?,
            c => w.write_char(c)?,
        }
    }
    Ok(())
}

impl Hooks for AsciiDoc {
    fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
        // `=` for the title, `==` for parts, and so on (AsciiDoc stops at six).
        let marks = "======".get(..(heading.level + 1).min(6)).unwrap_or("=");
        write!(w, "{marks} ")?;
        w.text(&heading.number)?;
        w.write_str(heading.separator())?;
        w.text(&heading.text)?;
        if heading.kind == HeadingKind::Title {
            // The document header: attributes right below the title.
            let period = w.report().period.to_string();
            write!(w, "\n:revremark: {period}")?;
        }
        w.write_str("\n\n")
    }

    fn paragraph(&self, w: &mut Writer<'_>, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        w.runs(paragraph, narrative)?;
        w.write_str("\n\n")
    }

    fn text(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        asciidoc_escape(w, text)
    }

    fn plan_item(&self, w: &mut Writer<'_>, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        w.heading(heading)?;
        w.narrative(&item.narrative)?;
        let details = w.plan_item_details(item);
        for (label, value) in &details {
            w.text(label)?;
            w.write_str(":: ")?;
            w.text(value)?;
            w.write_char('\n')?;
        }
        if !details.is_empty() {
            w.write_char('\n')?;
        }
        Ok(())
    }

    fn totals_table(&self, w: &mut Writer<'_>, table: &TotalsTable<'_>) -> fmt::Result {
        w.write_str("[%header]\n|===\n")?;
        for c in table.columns {
            w.write_str("|")?;
            w.text(c)?;
            w.write_char(' ')?;
        }
        w.write_char('\n')?;
        for row in &table.rows {
            for cell in row.cells() {
                w.write_str("|")?;
                w.text(cell)?;
                w.write_char(' ')?;
            }
            w.write_char('\n')?;
        }
        w.write_str("|===\n\n")
    }
}

/// The built-in Markdown, with figures bound to a metric linked to the
/// metric's entry in a catalog page: one hook overridden, the rest
/// inherited.
struct LinkedFigures {
    markdown: Markdown,
    catalog_page: &'static str,
}

impl Hooks for LinkedFigures {
    fn base(&self) -> &dyn Hooks {
        &self.markdown
    }

    fn figure(&self, w: &mut Writer<'_>, figure: &Figure) -> fmt::Result {
        let Some(metric) = &figure.metric else {
            return self.markdown.figure(w, figure);
        };
        w.write_char('[')?;
        self.markdown.figure(w, figure)?;
        // A metric key has no whitespace, but may have `)`: escape it.
        let key: String = metric.as_str().chars().map(|c| if c == ')' { '_' } else { c }).collect();
        write!(w, "]({}#{key})", self.catalog_page)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalog = Catalog::new(vec![
        Metric::new("review_meetings".parse()?, "意识形态分析研判会", "次".parse()?).en("ideology review meetings"),
        Metric::new("investment".parse()?, "阵地建设投资", "万元".parse()?).en("investment in venues"),
    ])?;
    let report = Report::builder("2020年宣传思想文化工作总结", Period::year(2020)?)
        .preface("今年以来，在{name:镇党委}的领导下，扎实有序推进各项工作。")
        .area(
            "ideology",
            "增强政治意识，抓牢抓实意识形态工作",
            "组织召开意识形态分析研判会{12 次 @review_meetings}，于{date:X月X日}开展[专题]学习。",
        )
        .area("positions", "强化阵地建设", "先后投资{30 余万元 @investment}，建设了志愿者主题广场。")
        .problem("online", "思想认识还有差距", "对网络意识形态的影响力认识不足。")
        .concerning("ideology")
        .plan(Period::year(2021)?, "2021年工作计划")
        .plan_item("ideology-duty", "抓好意识形态责任落实", "每季度召开意识形态分析研判会。")
        .addresses("online")
        .target("review_meetings", ">=", "16 次")
        .owner("党委宣传委员")
        .due("2021-12-31")
        .build()?;
    let doc = Document::new(&report).catalog(&catalog);

    let renderers: Vec<(&str, Box<dyn Render>)> = vec![
        ("AsciiDoc", Box::new(AsciiDoc)),
        (
            "Markdown with linked figures",
            Box::new(LinkedFigures { markdown: Markdown::new(), catalog_page: "catalog.html" }),
        ),
    ];
    for (name, renderer) in &renderers {
        println!("---- {name}\n");
        print!("{}", renderer.render_to_string(&doc));
    }
    Ok(())
}
