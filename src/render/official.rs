//! Official text: the house style of Chinese official documents
//! (公文) as plain text.
//!
//! - The title first (centred when lines are wrapped), then the preface.
//! - Parts numbered `一、`, areas, problems and plan items `（一）`,
//!   sub-areas `1.` and `（1）` (GB/T 9704). Parts are headings of their
//!   own line; from `（一）` down, the heading runs into its first
//!   paragraph and ends with `。`, as reports write it: `（一）强化责任担当，
//!   加强疫情防控宣传工作。成立疫情防控工作领导小组……`.
//! - Every paragraph starts with two ideographic spaces.
//! - Punctuation next to Chinese text is full width (`,` `;` `:` `?` `!`
//!   `(` `)` become `，` `；` `：` `？` `！` `（` `）`), and spaces between
//!   Chinese characters and digits are dropped (`2021 年` is `2021年`).
//! - Numbers follow GB/T 15835: Arabic digits for measures; a large round
//!   amount is written with `万` or `亿` when that keeps every digit
//!   (`3450000元` is `345万元`, `345000000元` is `3.45亿元`); qualifiers are
//!   written back in Chinese (`约`, `余`, `近`, `以上`).
//! - Lines are optionally hard-wrapped at a display width, CJK characters
//!   counting two columns; closing punctuation never starts a line (it
//!   hangs at the end of the one before) and opening punctuation never
//!   ends one.
//!
//! ```
//! use workreport::render::official::{OfficialText, TextOptions};
//! use workreport::render::{Document, Render};
//! use workreport::{Period, Report};
//!
//! let report = Report::builder("2020年工作总结", Period::year(2020)?)
//!     .area("invest", "强化阵地建设", "先后投资{3450000 元}, 建设了志愿者主题广场。")
//!     .build()?;
//! let text = OfficialText::new().render_to_string(&Document::new(&report));
//! assert_eq!(text, "2020年工作总结\n\n　　一、主要工作\n\n　　（一）强化阵地建设。先后投资345万元，建设了志愿者主题广场。\n\n");
//!
//! let wrapped = OfficialText::with_options(TextOptions::new().wrap(28)).render_to_string(&Document::new(&report));
//! assert!(wrapped.contains("　　（一）强化阵地建设。先后\n投资345万元，建设了志愿者主\n题广场。\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

use super::escape;
use super::{Heading, HeadingKind, Hooks, Locale, Paragraph, TotalsTable, Writer, display_width, text_table, writable};
use crate::model::{Figure, Narrative, PlanItem, Problem, WorkArea};
use crate::quantity::{Dimension, Form, Lang, Quantity, Scale};

/// Options of the official text: wrapping, indentation, coverage.
///
/// ```
/// use workreport::render::official::{OfficialText, TextOptions};
///
/// // 28 characters a line, as GB/T 9704 sets a page: 56 columns.
/// let text = OfficialText::with_options(TextOptions::new().wrap(56).coverage(true));
/// # let _ = text;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct TextOptions {
    wrap: Option<usize>,
    indent: bool,
    coverage: bool,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions::new()
    }
}

impl TextOptions {
    /// No wrapping, paragraphs indented, no coverage in prose.
    pub fn new() -> TextOptions {
        TextOptions { wrap: None, indent: true, coverage: false }
    }

    /// Hard-wrap lines at `columns` display columns (a CJK character is
    /// two); 0 turns wrapping off. Narrower than 8 columns is taken as 8.
    pub fn wrap(self, columns: usize) -> TextOptions {
        TextOptions { wrap: (columns > 0).then_some(columns.max(8)), ..self }
    }

    /// Whether the paragraphs of a Chinese report start with two
    /// ideographic spaces (on by default).
    pub fn indent(self, indent: bool) -> TextOptions {
        TextOptions { indent, ..self }
    }

    /// Whether a figure some units did not report is followed by its
    /// coverage (`14次以上（11/12个单位）`); off by default, as official
    /// prose writes the number alone.
    pub fn coverage(self, coverage: bool) -> TextOptions {
        TextOptions { coverage, ..self }
    }
}

/// The official-text renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct OfficialText {
    options: TextOptions,
}

impl OfficialText {
    /// With the default [`TextOptions`].
    pub fn new() -> OfficialText {
        OfficialText::default()
    }

    /// With `options`.
    pub fn with_options(options: TextOptions) -> OfficialText {
        OfficialText { options }
    }

    /// Two ideographic spaces before a Chinese paragraph; English ones
    /// are not indented.
    fn indent(&self, lang: Lang) -> &'static str {
        if self.options.indent && lang == Lang::Zh { "\u{3000}\u{3000}" } else { "" }
    }

    /// Writes one paragraph: indented, wrapped, then a blank line.
    fn write_block(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let cjk = w.report().lang == Lang::Zh;
        w.write_str(&wrap(text, self.options.wrap, self.indent(w.report().lang), cjk))?;
        w.write_str("\n\n")
    }

    /// A heading that runs into its first paragraph, then the rest.
    fn run_in(&self, w: &mut Writer<'_>, heading: &Heading<'_>, narrative: &Narrative) -> fmt::Result {
        let head = w.capture(|w| w.heading(heading))?;
        let mut paragraphs = narrative.paragraphs.iter();
        let first = match paragraphs.next() {
            Some(p) => w.capture(|w| w.runs(p, narrative))?,
            None => String::new(),
        };
        self.write_block(w, &format!("{head}{}", first.trim()))?;
        for p in paragraphs {
            w.paragraph(p, narrative)?;
        }
        Ok(())
    }
}

impl Hooks for OfficialText {
    fn heading(&self, w: &mut Writer<'_>, heading: &Heading<'_>) -> fmt::Result {
        let cjk = w.report().lang == Lang::Zh;
        let text = w.capture(|w| w.text(&heading.numbered()))?;
        match heading.kind {
            HeadingKind::Title => {
                let title = text.trim();
                match self.options.wrap {
                    Some(width) => {
                        for line in wrap(title, Some(width), "", cjk).lines() {
                            let pad = width.saturating_sub(display_width(line, cjk)) / 2;
                            writeln!(w, "{}{line}", " ".repeat(pad))?;
                        }
                        w.write_char('\n')
                    }
                    None => write!(w, "{title}\n\n"),
                }
            }
            HeadingKind::Section(_) => self.write_block(w, &text),
            // From `（一）` down the heading runs into its paragraph.
            _ => {
                let text = text.trim_end();
                w.write_str(text)?;
                let ends = if cjk {
                    &['。', '！', '？', '；', '：', '.', '!', '?'][..]
                } else {
                    &['.', '!', '?', ':'][..]
                };
                if !text.ends_with(ends) {
                    w.write_str(if cjk { "。" } else { ". " })?;
                }
                Ok(())
            }
        }
    }

    fn area(&self, w: &mut Writer<'_>, area: &WorkArea, heading: &Heading<'_>) -> fmt::Result {
        self.run_in(w, heading, &area.narrative)?;
        w.subareas(area, heading)
    }

    fn problem(&self, w: &mut Writer<'_>, problem: &Problem, heading: &Heading<'_>) -> fmt::Result {
        self.run_in(w, heading, &problem.narrative)
    }

    fn plan_item(&self, w: &mut Writer<'_>, item: &PlanItem, heading: &Heading<'_>) -> fmt::Result {
        self.run_in(w, heading, &item.narrative)?;
        let details = w.plan_item_details(item);
        if details.is_empty() {
            return Ok(());
        }
        let words = w.locale().words();
        let line = w.capture(|w| {
            w.text(words.open_paren.trim_start())?;
            for (i, (label, value)) in details.iter().enumerate() {
                if i > 0 {
                    w.text(words.semicolon)?;
                }
                w.text(label)?;
                w.text(words.colon)?;
                w.text(value)?;
            }
            w.text(words.close_paren)
        })?;
        self.write_block(w, &line)
    }

    fn paragraph(&self, w: &mut Writer<'_>, paragraph: &Paragraph, narrative: &Narrative) -> fmt::Result {
        let text = w.capture(|w| w.runs(paragraph, narrative))?;
        self.write_block(w, &text)
    }

    fn text(&self, w: &mut Writer<'_>, text: &str) -> fmt::Result {
        if w.report().lang == Lang::Zh { escape::plain(w, &full_width(text)) } else { escape::plain(w, text) }
    }

    fn figure(&self, w: &mut Writer<'_>, figure: &Figure) -> fmt::Result {
        let lang = w.report().lang;
        let text = w.quantity(&official_quantity(&figure.value, lang));
        escape::plain(w, &text)?;
        if self.options.coverage {
            if let Some(c) = w.coverage(figure) {
                let words = Locale::of(lang).words();
                write!(w, "{}{c}{}", words.open_paren, words.close_paren)?;
            }
        }
        Ok(())
    }

    fn totals_table(&self, w: &mut Writer<'_>, table: &TotalsTable<'_>) -> fmt::Result {
        let rows: Vec<Vec<&str>> = table.rows.iter().map(|r| r.cells().to_vec()).collect();
        let cjk = w.locale() == Locale::ZhCn;
        text_table(w, &table.columns, &rows, cjk)?;
        w.write_char('\n')
    }
}

/// A quantity as official text writes it (GB/T 15835): an interval from
/// arithmetic as a qualifier or range, then a large round amount in 万 or
/// 亿 when every digit is kept with at most two decimals. English keeps
/// the quantity as it is.
fn official_quantity(q: &Quantity, lang: Lang) -> Cow<'_, Quantity> {
    let q = writable(q);
    if lang != Lang::Zh {
        return q;
    }
    let unit = q.unit();
    let scalable = matches!(unit.dimension(), Dimension::Count(_) | Dimension::Money(_) | Dimension::Number);
    let form = q.value().form();
    if !scalable || !matches!(form, Form::Exact | Form::Qualified | Form::Range) {
        return q;
    }
    let exponent = unit.scale().exponent();
    let largest = match (q.value().number(), q.value().range_ends()) {
        (Some(n), _) => n.abs(),
        (None, Some((_, high, _))) => high.abs(),
        _ => return q,
    };
    let Some(magnitude) = pow10(exponent).and_then(|f| largest.checked_mul(f)) else { return q };
    for (target, threshold) in [(8u8, 100_000_000u64), (4, 100_000)] {
        if exponent >= target || magnitude < Decimal::from(threshold) {
            continue;
        }
        let Some(scaled) = Scale::new(target).and_then(|s| unit.with_scale(s).ok()) else { continue };
        let Ok(c) = q.convert_to(&scaled) else { continue };
        let numbers = [c.value().number(), c.value().range_ends().map(|r| r.0), c.value().range_ends().map(|r| r.1)];
        if numbers.iter().flatten().all(|d| d.normalize().scale() <= 2) {
            return Cow::Owned(c);
        }
    }
    q
}

fn pow10(exponent: u8) -> Option<Decimal> {
    (0..exponent).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(Decimal::TEN))
}

/// Whether `c` is Chinese text or full-width punctuation.
fn is_cjk_context(c: char) -> bool {
    crate::quantity::text::is_cjk(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Half-width punctuation next to Chinese text made full width, and the
/// spaces between Chinese characters, full-width punctuation and digits
/// dropped (`2021 年` is `2021年`, `, 建设` is `，建设`).
fn full_width(text: &str) -> Cow<'_, str> {
    let needs = text.chars().any(|c| matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')' | ' '));
    if !needs {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let neighbour = |i: usize, back: bool| -> Option<char> {
        if back {
            chars.get(..i)?.iter().rev().find(|c| **c != ' ').copied()
        } else {
            chars.get(i + 1..)?.iter().find(|c| **c != ' ').copied()
        }
    };
    let mapped: Vec<char> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let cjk_near =
                || neighbour(i, true).is_some_and(is_cjk_context) || neighbour(i, false).is_some_and(is_cjk_context);
            match c {
                ',' if cjk_near() => '，',
                ';' if cjk_near() => '；',
                ':' if cjk_near() => '：',
                '?' if cjk_near() => '？',
                '!' if cjk_near() => '！',
                '(' if cjk_near() => '（',
                ')' if cjk_near() => '）',
                c => c,
            }
        })
        .collect();
    #[derive(PartialEq)]
    enum Class {
        Han,
        Wide,
        Digit,
        Other,
    }
    let class = |c: Option<&char>| match c {
        Some(c) if crate::quantity::text::is_cjk(*c) => Class::Han,
        Some(c) if is_cjk_context(*c) => Class::Wide,
        Some(c) if c.is_ascii_digit() => Class::Digit,
        _ => Class::Other,
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in mapped.iter().enumerate() {
        if *c == ' ' {
            let before = class(mapped.get(..i).and_then(|m| m.iter().rev().find(|c| **c != ' ')));
            let after = class(mapped.get(i + 1..).and_then(|m| m.iter().find(|c| **c != ' ')));
            let wide = |k: &Class| *k == Class::Han || *k == Class::Wide;
            if (wide(&before) && (wide(&after) || after == Class::Digit)) || (before == Class::Digit && wide(&after)) {
                continue;
            }
        }
        out.push(*c);
    }
    Cow::Owned(out)
}

/// Characters that may not start a line: closing punctuation.
fn no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '”'
            | '’'
            | '…'
            | '%'
            | '‰'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// Characters that may not end a line: opening punctuation.
fn no_end(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '“' | '‘' | '(')
}

/// `text` wrapped at `width` display columns, the first line after
/// `indent`. CJK characters may break anywhere; runs of other characters
/// break at spaces. Closing punctuation hangs at the end of a line rather
/// than start the next; opening punctuation moves to the next line.
fn wrap(text: &str, width: Option<usize>, indent: &str, cjk: bool) -> String {
    let Some(width) = width else { return format!("{indent}{text}") };
    let w = |s: &str| display_width(s, cjk);
    // Units, as byte ranges with whether a space precedes them: one wide
    // character, or a run of narrow non-space characters. A number keeps
    // its classifier (`26场`, `44.0万元`): they never part at a line end.
    let mut ranges: Vec<(usize, usize, bool)> = Vec::new();
    let mut space = false;
    let mut start: Option<usize> = None;
    let mut glue = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                ranges.push((s, i, space));
            }
            space = true;
            glue = false;
            continue;
        }
        let narrow = display_width(c.encode_utf8(&mut [0; 4]), cjk) < 2;
        if narrow && !(no_start(c) && start.is_none()) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            glue = text.get(s..i).is_some_and(|r| r.ends_with(|d: char| d.is_ascii_digit()));
            ranges.push((s, i, space));
            space = false;
        }
        match ranges.last_mut() {
            Some(last) if glue && !narrow && !no_start(c) && !no_end(c) => {
                last.1 = end;
                glue = matches!(c, '万' | '亿' | '千' | '百');
            }
            _ => {
                ranges.push((i, end, space));
                space = false;
                glue = false;
            }
        }
    }
    if let Some(s) = start {
        ranges.push((s, text.len(), space));
    }
    let units = ranges.into_iter().map(|(s, e, space)| (text.get(s..e).unwrap_or_default(), space));

    let mut lines: Vec<String> = Vec::new();
    let mut line = String::from(indent);
    let mut used = w(indent);
    let mut empty = true;
    for (unit, space_before) in units {
        let gap = usize::from(space_before && !empty);
        let need = gap + w(unit);
        let hangs = unit.chars().next().is_some_and(no_start);
        if !empty && used + need > width && !hangs {
            // Opening punctuation at the end moves down with the unit.
            let mut carry = String::new();
            while let Some(c) = line.chars().last().filter(|c| no_end(*c)) {
                line.pop();
                carry.insert(0, c);
            }
            if line.trim().is_empty() {
                line.push_str(&carry);
                carry.clear();
            }
            lines.push(std::mem::take(&mut line));
            used = w(&carry);
            line = carry;
            line.push_str(unit);
            used += w(unit);
            empty = false;
            continue;
        }
        if gap == 1 {
            line.push(' ');
        }
        line.push_str(unit);
        used += need;
        empty = false;
    }
    lines.push(line);
    lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_next_to_chinese_is_full_width() {
        assert_eq!(full_width("成立小组,统筹协调(一)"), "成立小组，统筹协调（一）");
        assert_eq!(full_width("2021 年工作计划"), "2021年工作计划");
        assert_eq!(full_width("10:30 and 1,000"), "10:30 and 1,000");
        assert_eq!(full_width("使用 Rust 开发"), "使用 Rust 开发");
        assert_eq!(full_width(", 建设了 （一） 广场"), "，建设了（一）广场");
    }

    #[test]
    fn large_round_amounts_use_wan_and_yi() {
        let q = |s: &str| official_quantity(&s.parse::<Quantity>().unwrap(), Lang::Zh).to_string();
        assert_eq!(q("3450000元"), "345万元");
        assert_eq!(q("345000000元"), "3.45亿元");
        assert_eq!(q("1234567元"), "1234567元");
        assert_eq!(q("300000余元"), "30余万元");
        assert_eq!(q("12000万元"), "1.2亿元");
        assert_eq!(q("5次"), "5次");
        assert_eq!(q("99999人"), "99999人");
        assert_eq!(q("6%-6.5%"), "6%-6.5%");
    }

    #[test]
    fn wrapping_keeps_punctuation_rules() {
        // `，` hangs at the end of a full line rather than start the next.
        assert_eq!(wrap("一二三，四五六", Some(6), "", true), "一二三，\n四五六");
        // `《` moves down with what it opens.
        assert_eq!(wrap("一二三四《五》", Some(10), "", true), "一二三四\n《五》");
        assert_eq!(wrap("the quick brown fox", Some(10), "", false), "the quick\nbrown fox");
        assert_eq!(wrap("共发布1200条", Some(8), "", true), "共发布\n1200条");
        // A number keeps its classifier and scale.
        assert_eq!(wrap("宣讲26场。投资44.0万元", Some(8), "", true), "宣讲26场。\n投资\n44.0万元");
    }
}
