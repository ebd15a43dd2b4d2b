//! Markdown: CommonMark that a CommonMark parser reads back to the
//! report's structure.
//!
//! The title is a level-1 heading, parts level 2, areas, problems and plan
//! items level 3, sub-areas below (down to level 6). Paragraphs are one
//! line each. A plan item's targets, owner, due date, status and the
//! problems it addresses are a bullet list; the totals table is a GFM
//! table (the one extension used). Every piece of the report's text goes
//! through [`escape::markdown`], so `*`, `[`, `<`
//! or a leading `1.` in a report stay text.
//!
//! ```
//! use workreport::render::{Document, Render, markdown::Markdown};
//! use workreport::{Period, Report};
//!
//! let report = Report::builder("2020年工作总结", Period::year(2020)?)
//!     .area("study", "加强理论学习", "开展党委理论中心组学习{5 次}。")
//!     .problem("shallow", "学习不够深入", "")
//!     .plan(Period::year(2021)?, "2021年工作计划")
//!     .plan_item("study-more", "加强理论学习引导", "")
//!     .owner("宣传委员")
//!     .build()?;
//! let md = Markdown::new().render_to_string(&Document::new(&report));
//! let expected = [
//!     "# 2020年工作总结",
//!     "## 一、主要工作",
//!     "### （一）加强理论学习",
//!     "开展党委理论中心组学习5次。",
//!     "## 二、存在问题",
//!     "### （一）学习不够深入",
//!     "## 三、2021年工作计划",
//!     "### （一）加强理论学习引导",
//!     "- 责任人：宣传委员\n\n",
//! ];
//! assert_eq!(md, expected.join("\n\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use super::escape;
use super::{Block, Heading, Hooks, Paragraph, TotalsTable, Writer};
use crate::model::{Narrative, PlanItem};

/// The Markdown renderer. It has no options yet; build it with
/// [`Markdown::new`].
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct Markdown;

impl Markdown {
    /// The Markdown renderer.
    pub fn new() -> Markdown {
        Markdown
    }
}

impl Hooks for Markdown {
    fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
        const HASHES: &str = "######";
        let n = (heading.level + 1).min(HASHES.len());
        w.write_str(HASHES.get(..n).unwrap_or(HASHES))?;
        w.write_char(' ')?;
        w.text(&heading.number)?;
        w.write_str(heading.separator())?;
        w.text(&heading.text)?;
        w.write_str("\n\n")
    }

    fn paragraph(&self, w: &mut Writer<'_>, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        w.block = Block::Start;
        w.runs(paragraph, narrative)?;
        // A paragraph of nothing but spaces is left out.
        let wrote = w.block != Block::Start;
        w.block = Block::Inline;
        if wrote { w.write_str("\n\n") } else { Ok(()) }
    }

    fn text(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        let (rest, digits) = match w.block {
            Block::Inline => return escape::markdown(w, text),
            // Leading spaces would indent the block (four make code).
            Block::Start => (text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_control()), 0),
            Block::Digits(n) => (text, usize::from(n)),
        };
        if rest.is_empty() {
            return Ok(());
        }
        // `-`, `+` and `=` would start a list item or a thematic break.
        if digits == 0 && rest.starts_with(['-', '+', '=']) {
            w.write_str("\\")?;
            return escape::markdown(w, rest);
        }
        // `1.` and `1)` would start an ordered list, up to nine digits.
        let lead = rest.bytes().take_while(u8::is_ascii_digit).count();
        let total = digits + lead;
        if lead == rest.len() {
            escape::markdown(w, rest)?;
            w.block = match u8::try_from(total) {
                Ok(n) if n <= 9 => Block::Digits(n),
                _ => Block::Inline,
            };
            return Ok(());
        }
        match rest.get(lead..) {
            Some(tail) if (1..=9).contains(&total) && tail.starts_with(['.', ')']) => {
                escape::markdown(w, rest.get(..lead).unwrap_or_default())?;
                w.write_str("\\")?;
                escape::markdown(w, tail)
            }
            _ => escape::markdown(w, rest),
        }
    }

    fn plan_item(&self, w: &mut Writer<'_>, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        w.heading(heading)?;
        w.narrative(&item.narrative)?;
        let details = w.plan_item_details(item);
        let colon = w.locale().words().colon;
        for (label, value) in &details {
            w.write_str("- ")?;
            w.block = Block::Start;
            w.text(label)?;
            w.text(colon)?;
            w.text(value)?;
            w.write_char('\n')?;
        }
        if !details.is_empty() {
            w.write_char('\n')?;
        }
        Ok(())
    }

    fn totals_table(&self, w: &mut Writer<'_>, table: &TotalsTable<'_>) -> fmt::Result {
        let row = |w: &mut Writer<'_>, cells: &[&str]| -> fmt::Result {
            w.write_char('|')?;
            for cell in cells {
                w.write_char(' ')?;
                // An empty cell stays a cell.
                if cell.trim().is_empty() {
                    w.write_str("\u{2014}")?;
                } else {
                    w.text(cell)?;
                }
                w.write_str(" |")?;
            }
            w.write_char('\n')
        };
        row(w, &table.columns)?;
        w.write_char('|')?;
        for _ in table.columns {
            w.write_str(" --- |")?;
        }
        w.write_char('\n')?;
        for r in &table.rows {
            row(w, &r.cells())?;
        }
        w.write_char('\n')
    }
}
