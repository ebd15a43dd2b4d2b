//! From the outline to the model: parts, work areas, problems, plan items,
//! figure slots, and the diagnostics with their byte ranges.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{
    AreaId, Figure, Location, NameSlot, Narrative, OrgId, OrgUnit, Paragraph, Period, PlanItem, PlanItemId, Problem,
    ProblemId, Report, Run, Span, WorkArea,
};
use crate::quantity::Lang;

use super::figures::{self, Found, FoundKind};
use super::layout::{Layout, Para, ParaKind, is_date_line, is_org_line};
use super::lexicon;
use super::structure::{self, Entry, Kind, Node, Outline, PartWord, clean_title, part_word};
use super::{FigureKind, FoundFigure, OutlineNode, Parsed, Part, PartKind, Reading};

/// How many characters of context a diagnostic quotes on each side.
const CONTEXT: usize = 8;

/// The codes ingestion findings use until the crate has their own (see
/// the module documentation): where no existing code fits, the closest.
fn code_for_numbering() -> Code {
    Code::HeadingNumbering
}

fn code_for_header() -> Code {
    Code::NoPeriod
}

/// A part while it is being assigned.
#[derive(Debug)]
struct PartInfo {
    kind: PartKind,
    title: String,
    starter: Option<usize>,
    /// A problems paragraph inside another part: the pieces it spans.
    para_level: bool,
    span: Option<Span>,
}

struct Assign<'a> {
    outline: &'a Outline,
    paras: &'a [Para],
    parts: Vec<PartInfo>,
    node_part: Vec<usize>,
    piece_part: Vec<usize>,
    classified: Vec<Option<PartKind>>,
    has_classified: Vec<bool>,
    current: usize,
    /// An open problems paragraph part, and whether its intro stood alone.
    problem_para: Option<(usize, bool)>,
    /// The part to go back to after a problems paragraph.
    resume: Option<(PartKind, String)>,
    explicit: bool,
    last_top: PartKind,
    english: bool,
}

fn kind_of(word: PartWord) -> PartKind {
    match word {
        PartWord::Review => PartKind::Review,
        PartWord::Problems => PartKind::Problems,
        PartWord::Plan => PartKind::Plan,
        PartWord::Other => PartKind::Other,
    }
}

fn classify(node: &Node) -> Option<PartKind> {
    let strict = matches!(node.kind, Kind::Md | Kind::Lead | Kind::Bullet | Kind::CnShi | Kind::Ordinal | Kind::Dash);
    match node.kind {
        Kind::Appendix => Some(part_word(&node.title, false).map_or(PartKind::Other, kind_of)),
        Kind::Lead | Kind::Bullet | Kind::Dash | Kind::CnShi | Kind::Ordinal => None,
        _ => part_word(&node.title, strict).map(kind_of),
    }
}

/// Whether a paragraph opens a list of problems: `我们也清醒看到…问题`.
fn problem_intro(text: &str) -> Option<usize> {
    // Every intro phrase has one of these characters; most paragraphs have
    // none early on. The first 120 characters are at most 480 bytes: those
    // are looked through first, as bytes, and counted only when one is there.
    let mut bound = text.len().min(480);
    while !text.is_char_boundary(bound) {
        bound -= 1;
    }
    if !["清", "存", "看"].iter().any(|c| text[..bound].contains(c)) {
        return None;
    }
    let head = text.char_indices().nth(120).map_or(text, |(i, _)| &text[..i]);
    if !head.contains(['清', '存', '看']) {
        return None;
    }
    let mut end = 0;
    for _ in 0..2 {
        let rest = &text[end..];
        let stop =
            rest.find(['。', '：']).map_or(rest.len(), |i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
        let sentence = &rest[..stop];
        end += stop;
        let about = ["问题", "不足", "困难", "挑战", "短板", "差距", "矛盾"].iter().any(|w| sentence.contains(w));
        let intro = about
            && lexicon::PROBLEM_INTROS
                .iter()
                .any(|w| sentence.find(w).is_some_and(|at| text[..end - stop + at].chars().count() <= 80));
        if intro {
            return Some(end);
        }
        if end >= text.len() {
            break;
        }
    }
    None
}

fn is_resolution(text: &str) -> bool {
    let t = text.trim_start_matches(['“', '　', ' ']);
    lexicon::RESOLUTION_STARTS.iter().any(|w| t.starts_with(w))
        || t.starts_with("各位代表")
        || t.starts_with("所有这些")
        || t.starts_with("这些问题")
}

impl Assign<'_> {
    fn new_part(&mut self, kind: PartKind, title: String, starter: Option<usize>, para_level: bool) -> usize {
        self.parts.push(PartInfo { kind, title, starter, para_level, span: None });
        self.current = self.parts.len() - 1;
        self.current
    }

    /// The current part, reopening the one a problems paragraph interrupted.
    fn current(&mut self) -> usize {
        if let Some((kind, title)) = self.resume.take() {
            self.new_part(kind, title, None, false);
        }
        self.current
    }

    fn end_problem_para(&mut self) {
        if self.problem_para.take().is_some() && self.resume.is_none() {
            // Nothing to resume: keep the problems part current.
        }
    }

    fn walk(&mut self, entries: &[Entry], in_starter: bool) {
        for entry in entries {
            match *entry {
                Entry::Piece(pid) => self.piece(pid),
                Entry::Child(n) => {
                    if let Some((part, _)) = self.problem_para.take() {
                        let _ = part;
                    }
                    let node = &self.outline.nodes[n];
                    if in_starter {
                        let c = self.current();
                        self.node_part[n] = c;
                        self.walk(&node.entries, true);
                        continue;
                    }
                    let class = self.classified[n];
                    let numbered_top = node.depth == 1 && !matches!(node.kind, Kind::Md | Kind::Lead | Kind::Bullet);
                    if let Some(kind) = class {
                        self.resume = None;
                        self.explicit = true;
                        let p = self.new_part(kind, node.title.clone(), Some(n), false);
                        self.node_part[n] = p;
                        if node.depth == 1 {
                            self.last_top = kind;
                        }
                        self.walk(&node.entries, true);
                    } else if numbered_top && self.explicit && !self.has_classified[n] {
                        self.resume = None;
                        let kind = match self.last_top {
                            PartKind::Other => PartKind::Other,
                            _ => PartKind::Plan,
                        };
                        let p = self.new_part(kind, node.title.clone(), Some(n), false);
                        self.node_part[n] = p;
                        self.last_top = kind;
                        self.walk(&node.entries, true);
                    } else if self.has_classified[n] {
                        let c = self.current();
                        self.node_part[n] = c;
                        self.walk(&node.entries, false);
                    } else {
                        let c = self.current();
                        self.node_part[n] = c;
                        self.walk(&node.entries, true);
                    }
                }
            }
        }
    }

    fn piece(&mut self, pid: usize) {
        let (outline, paras) = (self.outline, self.paras);
        let piece = &outline.pieces[pid];
        let text = paras[piece.para].text().get(piece.range.clone()).unwrap_or("");
        if let Some((part, _bare)) = self.problem_para {
            if is_resolution(text) || problem_intro(text).is_some() {
                self.problem_para = None;
            } else {
                self.piece_part[pid] = part;
                return;
            }
        }
        let here = self.current();
        let kind = self.parts[here].kind;
        if kind == PartKind::Review && !self.english {
            if let Some(end) = problem_intro(text) {
                let title = clean_title(&text[..end]);
                let resume = (kind, self.parts[here].title.clone());
                let p = self.new_part(PartKind::Problems, title, None, true);
                self.piece_part[pid] = p;
                self.resume = Some(resume);
                let bare = text[end..].trim().is_empty();
                if bare {
                    self.problem_para = Some((p, true));
                }
                return;
            }
        }
        self.piece_part[pid] = here;
    }
}

/// Splits problem sentences: after `from`, by `。` and `；`, up to a resolution.
fn split_problems(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |s: usize, e: usize, out: &mut Vec<Range<usize>>| -> bool {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start_matches(['，', ' ', '　']).len();
        let piece = &piece[lead..];
        if is_resolution(piece) {
            return false;
        }
        let mut body = piece;
        for prefix in ["主要是：", "主要表现在：", "具体表现为：", "主要有：", "主要是", "表现在："]
        {
            if let Some(r) = body.strip_prefix(prefix) {
                body = r;
            }
        }
        if let Some(m) = structure::marker(body, false) {
            if matches!(m.kind, Kind::CnShi | Kind::Ordinal | Kind::Num | Kind::CnParen | Kind::NumParen) {
                body = &body[m.len..];
            }
        }
        let trimmed = body.trim_end_matches(['。', '；', '，', ' ']);
        let trimmed = trimmed.strip_suffix("等等").unwrap_or(trimmed).trim_end_matches(['，', '；']);
        if !trimmed.trim().is_empty() {
            let s2 = s + lead + (piece.len() - body.len());
            out.push(s2..s2 + trimmed.len());
        }
        true
    };
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？') {
            if !push(start, i, &mut out) {
                return out;
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        push(start, text.len(), &mut out);
    }
    out
}

/// Splits English paragraphs into sentences: (first sentence, rest).
fn first_sentence(text: &str) -> (Range<usize>, Range<usize>) {
    let end = text
        .char_indices()
        .find(|(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(' '))
        .map_or(text.len(), |(i, _)| i);
    let rest_start = (end + 1).min(text.len());
    let rest = rest_start + (text[rest_start..].len() - text[rest_start..].trim_start().len());
    (0..end, rest..text.len())
}

/// A slot whose placeholder is reported once the narrative has a path.
#[derive(Debug)]
struct Pending {
    /// `figures[i]` or `paragraphs[p][r]`.
    place: String,
    span: Span,
    message: String,
}

/// Builds a narrative from stretches of paragraphs.
struct NarrativeBuilder {
    narrative: Narrative,
    pending: Vec<Pending>,
}

impl NarrativeBuilder {
    fn new() -> NarrativeBuilder {
        NarrativeBuilder { narrative: Narrative::new(), pending: Vec::new() }
    }

    /// Adds `text` (a stretch of `para`, starting at `base`) as a paragraph,
    /// with the figures found in it: `found` holds ranges of a text that
    /// `text` starts `shift.1` bytes into, once moved on by `shift.0` bytes.
    fn push(&mut self, para: &Para, base: usize, text: &str, found: &[Found], shift: (usize, usize)) {
        let rest = text.trim_start();
        let lead = text.len() - rest.len();
        let t = rest.trim_end();
        if t.is_empty() {
            return;
        }
        let (lo, hi) = (lead, lead + t.len());
        let p_index = self.narrative.paragraphs.len();
        let (add, sub) = shift;
        let inside = found.iter().filter_map(|f| {
            let range = (f.range.start + add).checked_sub(sub)?..(f.range.end + add).checked_sub(sub)?;
            (range.start >= lo && range.end <= hi).then_some((range, f))
        });
        let mut runs: Vec<Run> = Vec::with_capacity(2 * inside.clone().count() + 1);
        let mut at = lo;
        for (range, f) in inside {
            if range.start > at {
                runs.push(Run::Text(text[at..range.start].to_owned()));
            }
            let span = para.span(base + range.start..base + range.end);
            let quote = || context(text, range.clone());
            match &f.kind {
                FoundKind::Quantity(q) => {
                    let i = self.narrative.figures.len();
                    let mut figure = Figure::new(q.clone());
                    figure.label.clone_from(&f.label);
                    figure.source = Some(span);
                    if q.is_unknown() {
                        self.pending.push(Pending {
                            place: format!("figures[{i}]"),
                            span,
                            message: format!("figure `{q}` is not filled: “{}”", quote()),
                        });
                    }
                    self.narrative.figures.push(figure);
                    runs.push(Run::Figure(i));
                }
                FoundKind::Name(p) => {
                    let slot = NameSlot { value: None, placeholder: *p };
                    self.pending.push(Pending {
                        place: format!("paragraphs[{p_index}][{}]", runs.len()),
                        span,
                        message: format!("name `{}` is not filled: “{}”", slot.text(), quote()),
                    });
                    runs.push(Run::Name(slot));
                }
                FoundKind::Date(d) => {
                    if d.is_unfilled() {
                        self.pending.push(Pending {
                            place: format!("paragraphs[{p_index}][{}]", runs.len()),
                            span,
                            message: format!("date `{d}` is not filled: “{}”", quote()),
                        });
                    }
                    runs.push(Run::Date(*d));
                }
            }
            at = range.end;
        }
        if at < hi {
            runs.push(Run::Text(text[at..hi].to_owned()));
        }
        self.narrative.paragraphs.push(Paragraph { runs });
    }

    /// The narrative, with a diagnostic for every placeholder in it; `path`
    /// (the narrative's owner) is written only when there is one.
    fn finish(self, path: impl FnOnce() -> String, diagnostics: &mut Vec<Diagnostic>) -> Narrative {
        if self.pending.is_empty() {
            return self.narrative;
        }
        let owner = path();
        for p in self.pending {
            let path = format!("{owner}.narrative.{}", p.place);
            diagnostics.push(Diagnostic::new(
                Code::UnfilledPlaceholder,
                Severity::Warning,
                p.message,
                Location::new(path).with_span(Some(p.span)),
            ));
        }
        self.narrative
    }
}

/// A few characters either side of `range` in `text`.
fn context(text: &str, range: Range<usize>) -> String {
    let head = text.get(..range.start).unwrap_or("");
    let head = head.char_indices().rev().take(CONTEXT).last().map_or("", |(i, _)| &head[i..]);
    let tail = text.get(range.end..).unwrap_or("");
    let tail = tail.char_indices().nth(CONTEXT).map_or(tail, |(i, _)| &tail[..i]);
    [head, text.get(range).unwrap_or(""), tail].concat()
}

struct Model<'a> {
    outline: &'a Outline,
    paras: &'a [Para],
    piece_found: Vec<Vec<Found>>,
    node_found: Vec<Vec<Found>>,
    piece_part: Vec<usize>,
    /// Piece ids ordered by part, in document order within a part.
    by_part: Vec<usize>,
    node_part: Vec<usize>,
    parts: Vec<PartInfo>,
    diagnostics: Vec<Diagnostic>,
    english: bool,
}

impl Model<'_> {
    fn part_kind_of_node(&self, n: usize) -> PartKind {
        self.parts.get(self.node_part[n]).map_or(PartKind::Other, |p| p.kind)
    }

    fn piece_in(&self, pid: usize, kind: PartKind) -> bool {
        self.parts.get(self.piece_part[pid]).is_some_and(|p| p.kind == kind && !p.para_level)
    }

    /// Room in `b` for the pieces `pids`: a paragraph each, and their quantities.
    fn reserve(&self, b: &mut NarrativeBuilder, pids: impl Iterator<Item = usize>) {
        let (mut paragraphs, mut figures) = (0, 0);
        for pid in pids {
            paragraphs += 1;
            figures += self.piece_found[pid].iter().filter(|f| matches!(f.kind, FoundKind::Quantity(_))).count();
        }
        b.narrative.paragraphs.reserve(paragraphs);
        b.narrative.figures.reserve(figures);
    }

    /// Adds a piece to a narrative.
    fn add_piece(&self, b: &mut NarrativeBuilder, pid: usize) {
        let piece = &self.outline.pieces[pid];
        let para = &self.paras[piece.para];
        let text = para.text().get(piece.range.clone()).unwrap_or("");
        b.push(para, piece.range.start, text, &self.piece_found[pid], (0, 0));
    }

    /// Adds a heading, as a paragraph, to a narrative (for headings below plan items).
    fn add_heading(&self, b: &mut NarrativeBuilder, n: usize) {
        let node = &self.outline.nodes[n];
        let para = &self.paras[node.para];
        let text = para.text().get(node.heading.clone()).unwrap_or("");
        let shift = node.title_range.start.saturating_sub(node.heading.start);
        b.push(para, node.heading.start, text, &self.node_found[n], (shift, 0));
    }

    /// Headline text with a check of `X` left in it.
    fn heading_text(&mut self, n: usize, path: impl Fn() -> String) -> String {
        let node = &self.outline.nodes[n];
        for f in &self.node_found[n] {
            if let FoundKind::Name(_) = f.kind {
                let para = &self.paras[node.para];
                let span = para.span(node.title_range.start + f.range.start..node.title_range.start + f.range.end);
                self.diagnostics.push(Diagnostic::new(
                    Code::UnfilledPlaceholder,
                    Severity::Warning,
                    format!("placeholder `X` in text: “{}”", context(&node.title, f.range.clone())),
                    Location::new(path()).with_span(Some(span)),
                ));
            }
        }
        node.title.clone()
    }

    fn area(&mut self, n: usize, path: &dyn Fn() -> String, id: String) -> WorkArea {
        let headline = self.heading_text(n, || format!("{}.headline", path()));
        let mut b = NarrativeBuilder::new();
        let mut children = Vec::new();
        let entries = &self.outline.nodes[n].entries;
        let pieces = entries.iter().filter_map(|e| match *e {
            Entry::Piece(pid) if self.piece_in(pid, PartKind::Review) => Some(pid),
            _ => None,
        });
        self.reserve(&mut b, pieces);
        for e in entries {
            match *e {
                Entry::Piece(pid) if self.piece_in(pid, PartKind::Review) => self.add_piece(&mut b, pid),
                Entry::Child(c) if self.part_kind_of_node(c) == PartKind::Review => children.push(c),
                _ => {}
            }
        }
        let narrative = b.finish(path, &mut self.diagnostics);
        let mut area = WorkArea::new(valid_id::<AreaId>(&id), headline);
        area.narrative = narrative;
        for (i, c) in children.into_iter().enumerate() {
            let sub = self.area(c, &|| format!("{}.subareas[{i}]", path()), format!("{id}-{}", i + 1));
            area.subareas.push(sub);
        }
        area
    }

    /// Every piece and heading below `n`, flattened into `b`.
    fn flatten(&self, b: &mut NarrativeBuilder, n: usize, with_heading: bool) {
        if with_heading {
            self.add_heading(b, n);
        }
        for e in &self.outline.nodes[n].entries {
            match *e {
                Entry::Piece(pid) => self.add_piece(b, pid),
                Entry::Child(c) => self.flatten(b, c, true),
            }
        }
    }
}

fn valid_id<T: std::str::FromStr>(id: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    // Ids made here are ASCII words with digits: they always validate.
    match id.parse() {
        Ok(v) => v,
        Err(_) => match "x".parse() {
            Ok(v) => v,
            Err(e) => unreachable_id(e),
        },
    }
}

#[cold]
fn unreachable_id<T, E: std::fmt::Debug>(e: E) -> T {
    // `x` is a valid id of every kind; this cannot be reached.
    panic!("a literal id failed to validate: {e:?}")
}

/// The first year written as `2020年` (or a lone four-digit year in English).
fn year_in(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && !(i > 0 && b[i - 1].is_ascii_digit())
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            let y: i32 = text[i..i + 4].parse().ok()?;
            let after = &text[i + 4..];
            let word = after.is_empty() || after.starts_with([' ', ',', '.', ')']);
            if (1900..=2100).contains(&y) && (after.starts_with('年') || word) {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

/// The period a title names: a year, a half, a quarter or a month.
fn period_in(text: &str) -> Option<Period> {
    let year = year_in(text)?;
    let at = text.find(&format!("{year}年")).map(|i| i + 4 + '年'.len_utf8());
    if let Some(at) = at {
        let rest = &text[at..];
        for (prefix, len) in [("上半年", "上半年".len()), ("下半年", "下半年".len())] {
            if rest.starts_with(prefix) {
                if let Ok(p) = format!("{year}年{}", &rest[..len]).parse::<Period>() {
                    return Some(p);
                }
            }
        }
        if let Some(q) = rest.find("季度").filter(|q| *q <= 6) {
            if let Ok(p) = format!("{year}年{}", &rest[..q + "季度".len()]).parse::<Period>() {
                return Some(p);
            }
        }
        if let Some(m) = rest.find('月').filter(|m| *m <= 2) {
            if rest[..m].bytes().all(|b| b.is_ascii_digit())
                && !rest[m + '月'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())
            {
                if let Ok(p) = format!("{year}年{}", &rest[..m + '月'.len_utf8()]).parse::<Period>() {
                    return Some(p);
                }
            }
        }
    }
    Period::year(year).ok()
}

/// The reporting organisation from a byline, an organisation line or the title.
fn org_in(lines: &[&str], title: Option<&str>) -> Option<String> {
    for line in lines {
        if !is_org_line(line) || is_date_line(line) {
            continue;
        }
        let line = line.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')'));
        if let Some(i) = line.find("人民政府") {
            return Some(line[..i + "人民政府".len()].to_owned());
        }
        if line.contains("国务院") {
            return Some("国务院".to_owned());
        }
        if let Some((office_at, office)) = lexicon::OFFICES.iter().filter_map(|o| line.find(o).map(|i| (i, *o))).min() {
            let place = line[..office_at].trim();
            let place = place.strip_suffix(&office[..office.len() - "长".len().min(office.len())]).unwrap_or(place);
            if place.ends_with(['省', '市', '县', '区', '州', '旗', '镇', '乡']) {
                return Some(format!("{place}人民政府"));
            }
            continue;
        }
        if !line.contains(' ') {
            return Some(line.to_owned());
        }
    }
    let title = title?;
    let i = title.find("人民政府")?;
    let head = &title[..i + "人民政府".len()];
    let start = head
        .find('年')
        .map_or(0, |y| if head[..y].bytes().all(|b| b.is_ascii_digit()) { y + '年'.len_utf8() } else { 0 });
    Some(head[start..].to_owned()).filter(|s| s.chars().count() >= 4)
}

/// The table header row of every table row, found in one pass.
fn table_headers(paras: &[Para]) -> Vec<Option<usize>> {
    let mut out = vec![None; paras.len()];
    let mut header = None;
    for (i, p) in paras.iter().enumerate() {
        match p.kind {
            ParaKind::TableRow => {
                if paras.get(i + 1).is_some_and(|n| n.kind == ParaKind::TableDelim) {
                    header = Some(i);
                } else {
                    out[i] = header;
                }
            }
            ParaKind::TableDelim => {}
            _ => header = None,
        }
    }
    out
}

fn cells(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.bytes().filter(|&b| b == b'|').count());
    let mut start = None;
    // `|` is one byte, never part of another character.
    for (i, b) in text.bytes().enumerate() {
        if b == b'|' {
            if let Some(s) = start {
                out.push(s..i);
            }
            start = Some(i + 1);
        }
    }
    if let Some(s) = start.filter(|s| *s < text.len()) {
        out.push(s..text.len());
    }
    out
}

/// The trimmed cells of a table's header row.
fn header_cells(header: &str) -> Vec<&str> {
    cells(header).into_iter().map(|r| header[r].trim()).collect()
}

/// Numbers in a table row, labelled by the row's first cell and the
/// column's header (`heads`, the header row's cells).
fn table_found(text: &str, heads: &[&str]) -> Vec<Found> {
    let row = cells(text);
    let row_label = row.first().map_or("", |r| text[r.clone()].trim());
    let mut out = Vec::with_capacity(row.len());
    for (j, r) in row.iter().enumerate() {
        let cell = &text[r.clone()];
        let Some(q) = figures::cell_number(cell) else { continue };
        let lead = cell.len() - cell.trim_start().len();
        let range = r.start + lead..r.start + lead + cell.trim().len();
        let head = heads.get(j).copied().unwrap_or("");
        let label = match (row_label.is_empty() || j == 0, head.is_empty()) {
            (false, false) => {
                let mut label = String::with_capacity(row_label.len() + '：'.len_utf8() + head.len());
                label.push_str(row_label);
                label.push('：');
                label.push_str(head);
                Some(label)
            }
            (false, true) => Some(row_label.to_owned()),
            (true, false) => Some(head.to_owned()),
            (true, true) => None,
        };
        out.push(Found { range, kind: FoundKind::Quantity(q), label, input: String::new() });
    }
    out
}

pub(super) fn build(input: &str, layout: Layout) -> Parsed {
    let paras = &layout.body;
    let title_text = layout.title.as_ref().map(|t| t.text().to_owned()).unwrap_or_default();
    let skip = match (paras.first(), title_text.is_empty()) {
        (Some(first), false)
            if first.kind == ParaKind::Text
                && first.text().starts_with(&title_text)
                && first.text().len() > title_text.len() =>
        {
            title_text.len()
        }
        _ => 0,
    };
    let outline = structure::outline(input, paras, skip);

    // Figures of every piece and heading.
    let headers = table_headers(paras);
    // The cells of the last header row read: the rows of a table follow it.
    let mut heads: Option<(usize, Vec<&str>)> = None;
    let piece_found: Vec<Vec<Found>> = outline
        .pieces
        .iter()
        .map(|piece| {
            let para = &paras[piece.para];
            let text = para.text().get(piece.range.clone()).unwrap_or("");
            if para.kind == ParaKind::TableRow {
                let cells = match headers[piece.para] {
                    Some(h) => {
                        if heads.as_ref().is_none_or(|(at, _)| *at != h) {
                            heads = Some((h, header_cells(paras[h].text())));
                        }
                        heads.as_ref().map_or(&[][..], |(_, cells)| cells.as_slice())
                    }
                    None => &[],
                };
                table_found(text, cells)
            } else {
                // The clause marks the heading finder noted in the piece.
                let marks = outline.para_marks.get(piece.para).cloned().flatten().map_or(figures::Marks::Scan, |r| {
                    let all = outline.marks.get(r).unwrap_or_default();
                    let from = all.partition_point(|&m| m < piece.range.start);
                    figures::Marks::Known(&all[from..], piece.range.start)
                });
                figures::scan(text, marks)
            }
        })
        .collect();
    let node_found: Vec<Vec<Found>> =
        outline.nodes.iter().map(|n| figures::scan(&n.title, figures::Marks::Scan)).collect();

    // Parts.
    let classified: Vec<Option<PartKind>> = outline.nodes.iter().map(classify).collect();
    let mut has_classified = vec![false; outline.nodes.len()];
    for n in (0..outline.nodes.len()).rev() {
        if classified[n].is_some() {
            has_classified[n] = true;
        }
        if has_classified[n] {
            if let Some(p) = outline.nodes[n].parent {
                has_classified[p] = true;
            }
        }
    }
    let mut assign = Assign {
        outline: &outline,
        paras,
        parts: vec![PartInfo {
            kind: PartKind::Review,
            title: String::new(),
            starter: None,
            para_level: false,
            span: None,
        }],
        node_part: vec![0; outline.nodes.len()],
        piece_part: vec![0; outline.pieces.len()],
        classified,
        has_classified,
        current: 0,
        problem_para: None,
        resume: None,
        explicit: false,
        last_top: PartKind::Review,
        english: layout.english,
    };
    assign.walk(&outline.root, false);
    assign.end_problem_para();
    let Assign { mut parts, node_part, piece_part, .. } = assign;
    // Spans of parts.
    let mut widen = |part: usize, span: Span| {
        if let Some(p) = parts.get_mut(part) {
            p.span = Some(match p.span {
                None => span,
                Some(s) => Span { start: s.start.min(span.start), end: s.end.max(span.end) },
            });
        }
    };
    for (n, node) in outline.nodes.iter().enumerate() {
        widen(node_part[n], paras[node.para].span(node.heading.clone()));
        if let Some(end) = node.end {
            widen(node_part[n], end);
        }
    }
    for (pid, piece) in outline.pieces.iter().enumerate() {
        widen(piece_part[pid], paras[piece.para].span(piece.range.clone()));
    }

    let mut by_part: Vec<usize> = (0..piece_part.len()).collect();
    by_part.sort_by_key(|&pid| piece_part[pid]);
    let mut model = Model {
        outline: &outline,
        paras,
        piece_found,
        node_found,
        piece_part,
        by_part,
        node_part,
        parts,
        diagnostics: Vec::new(),
        english: layout.english,
    };
    for (span, message) in &outline.issues {
        model.diagnostics.push(Diagnostic::new(
            code_for_numbering(),
            Severity::Info,
            message.clone(),
            Location::new("").with_span(Some(*span)),
        ));
    }
    let report = model.report(&layout, &title_text);
    let figures = model.figure_list(input);
    let outline_tree = outline_nodes(&outline, paras, None);
    let mut parts_out: Vec<Part> = Vec::new();
    for p in &model.parts {
        let Some(span) = p.span else { continue };
        // An untitled lead-in (the salutation before the review's heading) joins the part it leads into.
        if let Some(last) = parts_out.last_mut() {
            if last.title.is_empty() && last.kind == p.kind {
                *last = Part { kind: p.kind, title: p.title.clone(), start: last.start, end: span.end.max(last.end) };
                continue;
            }
        }
        parts_out.push(Part { kind: p.kind, title: p.title.clone(), start: span.start, end: span.end });
    }
    let mut diagnostics = std::mem::take(&mut model.diagnostics);
    diagnostics.sort_by_key(|d| d.location.span.map_or((usize::MAX, usize::MAX), |s| (s.start, s.end)));
    Parsed { report, outline: outline_tree, parts: parts_out, figures, diagnostics }
}

fn outline_nodes(outline: &Outline, paras: &[Para], parent: Option<usize>) -> Vec<OutlineNode> {
    outline
        .children(parent)
        .map(|n| {
            let node = &outline.nodes[n];
            let mut span = paras[node.para].span(node.heading.clone());
            if let Some(end) = node.end {
                span.end = span.end.max(end.end);
            }
            OutlineNode {
                marker: node.marker.clone(),
                title: node.title.clone(),
                level: node.depth,
                start: span.start,
                end: span.end,
                children: outline_nodes(outline, paras, Some(n)),
            }
        })
        .collect()
}

impl Model<'_> {
    fn report(&mut self, layout: &Layout, title: &str) -> Report {
        let outline = self.outline;
        // Period: the review's heading, the title, the subtitle's year before, the most common year.
        let review_year = self
            .parts
            .iter()
            .filter(|p| p.kind == PartKind::Review && p.starter.is_some())
            .find_map(|p| period_in(&p.title));
        let subtitle_year = layout
            .front
            .iter()
            .find_map(|p| year_in(p.text()).filter(|_| p.text().contains('在') || p.text().starts_with("——")))
            .and_then(|y| Period::year(y - 1).ok());
        let period = review_year.or_else(|| period_in(title)).or(subtitle_year).or_else(|| self.common_year());
        let period = match period {
            Some(p) => p,
            None => {
                self.diagnostics.push(Diagnostic::new(
                    code_for_header(),
                    Severity::Warning,
                    "no reporting period found in the title, the headings or the dates: the report is dated 1000",
                    Location::new("period"),
                ));
                Period::year(1000).unwrap_or_else(unreachable_id)
            }
        };
        let mut report = Report::new(title, period);
        report.lang = if self.english { Lang::En } else { Lang::Zh };
        let lines: Vec<&str> = layout.front.iter().chain(&layout.back).map(Para::text).collect();
        report.org = org_in(&lines, Some(title)).map(|name| OrgUnit::new(valid_id::<OrgId>("org"), name));

        // Preface and areas.
        let review_tops: Vec<usize> = outline
            .children(None)
            .filter(|&n| {
                self.part_kind_of_node(n) == PartKind::Review && self.parts[self.node_part[n]].starter == Some(n)
            })
            .collect();
        let unwrap_one =
            (review_tops.len() == 1).then(|| review_tops[0]).filter(|&n| outline.children(Some(n)).next().is_some());
        let mut preface = NarrativeBuilder::new();
        let mut area_nodes: Vec<usize> = Vec::new();
        for e in &outline.root {
            match *e {
                Entry::Piece(pid) if self.piece_in(pid, PartKind::Review) => self.add_piece(&mut preface, pid),
                Entry::Child(n) if self.part_kind_of_node(n) == PartKind::Review => {
                    if Some(n) == unwrap_one {
                        for e2 in &outline.nodes[n].entries {
                            match *e2 {
                                Entry::Piece(pid) if self.piece_in(pid, PartKind::Review) => {
                                    self.add_piece(&mut preface, pid)
                                }
                                Entry::Child(c) if self.part_kind_of_node(c) == PartKind::Review => area_nodes.push(c),
                                _ => {}
                            }
                        }
                    } else {
                        area_nodes.push(n);
                    }
                }
                _ => {}
            }
        }
        report.preface = preface.finish(|| "preface".to_owned(), &mut self.diagnostics);
        for (i, n) in area_nodes.into_iter().enumerate() {
            let area = self.area(n, &|| format!("areas[{i}]"), format!("area-{}", i + 1));
            report.areas.push(area);
        }

        // Problems, plan items and remedies, in document order.
        let mut plan_title = None;
        let mut plan_period = None;
        for part_index in 0..self.parts.len() {
            let kind = self.parts[part_index].kind;
            match kind {
                PartKind::Problems => self.problems(part_index, &mut report),
                PartKind::Plan => {
                    if let Some(starter) = self.parts[part_index].starter {
                        let title = &outline.nodes[starter].title;
                        let dated = period_in(title).filter(|p| p.kind() == crate::PeriodKind::Year);
                        if plan_title.is_none() || (plan_period.is_none() && dated.is_some()) {
                            plan_title = Some(title.clone());
                            plan_period = dated;
                        }
                        self.plan_items(starter, &mut report, &[]);
                    }
                }
                _ => {}
            }
        }
        if self.english {
            self.shortfalls(&mut report);
        }
        if !report.plan.items.is_empty() || plan_title.is_some() {
            report.plan.title = plan_title;
            report.plan.period =
                plan_period.or_else(|| (report.period.kind() == crate::PeriodKind::Year).then(|| report.period.next()));
        }
        report
    }

    fn common_year(&self) -> Option<Period> {
        let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
        for found in &self.piece_found {
            for f in found {
                if let FoundKind::Date(d) = &f.kind {
                    if let (Some(crate::DatePart::Known(y)), _, _) = d.parts() {
                        *counts.entry(i32::from(y)).or_default() += 1;
                    }
                }
            }
        }
        let best = counts.iter().max_by_key(|(y, c)| (**c, **y))?;
        Period::year(*best.0).ok()
    }

    /// A problem of `text` (a stretch of `para`, starting at `base`), with
    /// the figures of `found`: ranges of a text that `text` starts `origin`
    /// bytes into.
    fn problem_from_text(
        &mut self,
        report: &mut Report,
        para: &Para,
        base: usize,
        text: &str,
        found: &[Found],
        origin: usize,
    ) {
        let i = report.problems.len();
        let path = || format!("problems[{i}]");
        let (title_range, rest) = if self.english {
            first_sentence(text)
        } else {
            // The first clause, or two when the first only sets the scene (`受疫情冲击，…`).
            let mut cut = text.find(['，', ',']).unwrap_or(text.len());
            let fronted =
                ["受", "在", "对", "从", "由", "随着", "面对", "因", "为了"].iter().any(|w| text.starts_with(w));
            if fronted || text[..cut].chars().count() <= 4 {
                let after = text[cut..].chars().next().map_or(cut, |c| cut + c.len_utf8());
                cut = text[after..].find(['，', ',']).map_or(text.len(), |i| after + i);
            }
            let rest_start = text[cut..].chars().next().map_or(cut, |c| cut + c.len_utf8());
            (0..cut, rest_start..text.len())
        };
        let title = clean_title(&text[title_range]);
        let mut b = NarrativeBuilder::new();
        b.push(para, base + rest.start, &text[rest.clone()], found, (0, origin + rest.start));
        let narrative = b.finish(path, &mut self.diagnostics);
        let mut problem = Problem::new(valid_id::<ProblemId>(&format!("problem-{}", i + 1)), title);
        problem.narrative = narrative;
        report.problems.push(problem);
    }

    fn problems(&mut self, part_index: usize, report: &mut Report) {
        let outline = self.outline;
        let part = &self.parts[part_index];
        let first_problem = report.problems.len();
        let starter = part.starter;
        let has_children = starter.is_some_and(|s| outline.children(Some(s)).next().is_some());
        if let (Some(s), true) = (starter, has_children) {
            let mut remedies = false;
            for &e in &outline.nodes[s].entries {
                match e {
                    Entry::Piece(pid) => {
                        let text = self.piece_text(pid);
                        if lexicon::REMEDY_INTROS.iter().any(|w| text.contains(w)) {
                            remedies = true;
                        }
                    }
                    Entry::Child(c) => {
                        if remedies {
                            let addresses: Vec<ProblemId> =
                                report.problems[first_problem..].iter().map(|p| p.id.clone()).collect();
                            self.plan_item(c, report, &addresses);
                        } else {
                            let i = report.problems.len();
                            let path = || format!("problems[{i}]");
                            let title = self.heading_text(c, || format!("{}.title", path()));
                            let mut b = NarrativeBuilder::new();
                            self.flatten(&mut b, c, false);
                            let narrative = b.finish(path, &mut self.diagnostics);
                            let mut problem = Problem::new(valid_id::<ProblemId>(&format!("problem-{}", i + 1)), title);
                            problem.narrative = narrative;
                            report.problems.push(problem);
                        }
                    }
                }
            }
            return;
        }
        // Problems written as sentences: after the intro of the first piece.
        let paras = self.paras;
        // The part's pieces, in order: a stretch of `by_part`.
        let of_part = |i: &usize| self.piece_part[*i].cmp(&part_index);
        let lo = self.by_part.partition_point(|i| of_part(i).is_lt());
        let hi = self.by_part.partition_point(|i| of_part(i).is_le());
        for (k, at) in (lo..hi).enumerate() {
            let pid = self.by_part[at];
            let piece = &outline.pieces[pid];
            let para = &paras[piece.para];
            let text = para.text().get(piece.range.clone()).unwrap_or("");
            // Taken for the piece and put back: the figures are only read.
            let found = std::mem::take(&mut self.piece_found[pid]);
            let from = if k == 0 && self.parts[part_index].para_level { problem_intro(text).unwrap_or(0) } else { 0 };
            if self.english {
                self.problem_from_text(report, para, piece.range.start, text, &found, 0);
            } else {
                for r in split_problems(&text[from..]) {
                    let r = r.start + from..r.end + from;
                    self.problem_from_text(
                        report,
                        para,
                        piece.range.start + r.start,
                        &text[r.clone()],
                        &found,
                        r.start,
                    );
                }
            }
            self.piece_found[pid] = found;
        }
    }

    fn piece_text(&self, pid: usize) -> &str {
        let piece = &self.outline.pieces[pid];
        self.paras[piece.para].text().get(piece.range.clone()).unwrap_or("")
    }

    /// The items of a plan part: its children, or the part itself.
    fn plan_items(&mut self, starter: usize, report: &mut Report, addresses: &[ProblemId]) {
        let outline = self.outline;
        if outline.children(Some(starter)).next().is_none() {
            self.plan_item(starter, report, addresses);
            return;
        }
        let entries = &outline.nodes[starter].entries;
        let intro: Vec<usize> = entries
            .iter()
            .take_while(|e| matches!(e, Entry::Piece(_)))
            .filter_map(|e| match e {
                Entry::Piece(p) => Some(*p),
                Entry::Child(_) => None,
            })
            .collect();
        if !intro.is_empty() {
            let i = report.plan.items.len();
            let path = || format!("plan.items[{i}]");
            let title = outline.nodes[starter].title.clone();
            let mut b = NarrativeBuilder::new();
            for pid in intro {
                self.add_piece(&mut b, pid);
            }
            let narrative = b.finish(path, &mut self.diagnostics);
            let item = PlanItem::new(valid_id::<PlanItemId>(&format!("plan-{}", i + 1)), title).narrative(narrative);
            report.plan.items.push(item);
        }
        let mut last_item: Option<usize> = None;
        let mut trailing: Vec<usize> = Vec::new();
        let mut seen_child = false;
        for &e in entries {
            match e {
                Entry::Child(c) => {
                    seen_child = true;
                    if self.part_kind_of_node(c) == PartKind::Plan {
                        self.plan_item(c, report, addresses);
                        last_item = Some(report.plan.items.len() - 1);
                    }
                }
                Entry::Piece(pid) if seen_child => trailing.push(pid),
                Entry::Piece(_) => {}
            }
        }
        if let (Some(i), false) = (last_item, trailing.is_empty()) {
            let path = || format!("plan.items[{i}]");
            let mut b = NarrativeBuilder::new();
            b.narrative = std::mem::take(&mut report.plan.items[i].narrative);
            for pid in trailing {
                self.add_piece(&mut b, pid);
            }
            report.plan.items[i].narrative = b.finish(path, &mut self.diagnostics);
        }
    }

    fn plan_item(&mut self, n: usize, report: &mut Report, addresses: &[ProblemId]) {
        let i = report.plan.items.len();
        let path = || format!("plan.items[{i}]");
        let title = self.heading_text(n, || format!("{}.title", path()));
        let mut b = NarrativeBuilder::new();
        let mut item = PlanItem::new(valid_id::<PlanItemId>(&format!("plan-{}", i + 1)), title);
        item.addresses = addresses.to_vec();
        let entries = &self.outline.nodes[n].entries;
        let pieces = entries.iter().filter_map(|e| match *e {
            Entry::Piece(pid) => Some(pid),
            Entry::Child(_) => None,
        });
        self.reserve(&mut b, pieces);
        for e in entries {
            match *e {
                Entry::Piece(pid) => {
                    if !details(self.piece_text(pid), &mut item, &report.problems) {
                        self.add_piece(&mut b, pid);
                    }
                }
                Entry::Child(c) => self.flatten(&mut b, c, true),
            }
        }
        item.narrative = b.finish(path, &mut self.diagnostics);
        report.plan.items.push(item);
    }

    /// English reviews: sentences that admit a shortfall become problems of their area.
    fn shortfalls(&mut self, report: &mut Report) {
        use std::fmt::Write as _;
        let mut found = Vec::new();
        // One buffer for a paragraph's text and one for a sentence in lower case, reused.
        let (mut text, mut lower) = (String::new(), String::new());
        for (path, area) in report.all_areas() {
            let _ = path;
            for p in &area.narrative.paragraphs {
                text.clear();
                for r in &p.runs {
                    // Writing to a `String` does not fail.
                    let _ = match r {
                        Run::Text(t) => {
                            text.push_str(t);
                            Ok(())
                        }
                        Run::Figure(i) => match area.narrative.figures.get(*i) {
                            Some(f) => write!(text, "{}", f.value),
                            None => Ok(()),
                        },
                        Run::Name(n) => {
                            text.push_str(&n.text());
                            Ok(())
                        }
                        Run::Date(d) => write!(text, "{d}"),
                        #[allow(unreachable_patterns)]
                        _ => Ok(()),
                    };
                }
                let mut start = 0;
                for (i, c) in text.char_indices() {
                    let end_here =
                        matches!(c, '.' | '!' | '?') && text[i + 1..].chars().next().is_none_or(|n| n == ' ');
                    if end_here || i + c.len_utf8() == text.len() {
                        let sentence = text[start..i + c.len_utf8()].trim();
                        lower.clear();
                        lower.push_str(sentence);
                        lower.make_ascii_lowercase();
                        if lexicon::EN_SHORTFALLS.iter().any(|w| lower.contains(w)) {
                            found.push((area.id.clone(), sentence.trim_end_matches('.').to_owned()));
                        }
                        start = i + c.len_utf8();
                    }
                }
            }
        }
        for (area, sentence) in found {
            let i = report.problems.len();
            let mut problem = Problem::new(valid_id::<ProblemId>(&format!("problem-{}", i + 1)), sentence);
            problem.areas.push(area);
            report.problems.push(problem);
        }
    }

    /// Every figure found, in document order, with its reading; takes the
    /// figures of pieces and headings, which are not needed after.
    fn figure_list(&mut self, input: &str) -> Vec<FoundFigure> {
        let piece_found = std::mem::take(&mut self.piece_found);
        let node_found = std::mem::take(&mut self.node_found);
        let count = piece_found.iter().chain(&node_found).map(Vec::len).sum();
        let mut all: Vec<FoundFigure> = Vec::with_capacity(count);
        let mut add = |para: &Para, base: usize, f: Found| {
            let span = para.span(base + f.range.start..base + f.range.end);
            let text = input.get(span.start..span.end).unwrap_or("").to_owned();
            let (kind, reading, date) = match f.kind {
                FoundKind::Quantity(quantity) => {
                    let input = if f.input.is_empty() {
                        para.text().get(base + f.range.start..base + f.range.end).unwrap_or("").to_owned()
                    } else {
                        f.input
                    };
                    (FigureKind::Quantity, Some(Reading { input, quantity }), None)
                }
                FoundKind::Name(_) => (FigureKind::Name, None, None),
                FoundKind::Date(d) => (FigureKind::Date, None, Some(d.to_string())),
            };
            all.push(FoundFigure { kind, text, start: span.start, end: span.end, label: f.label, reading, date });
        };
        for (piece, found) in self.outline.pieces.iter().zip(piece_found) {
            let para = &self.paras[piece.para];
            for f in found {
                add(para, piece.range.start, f);
            }
        }
        for (node, found) in self.outline.nodes.iter().zip(node_found) {
            let para = &self.paras[node.para];
            for f in found {
                add(para, node.title_range.start, f);
            }
        }
        all.sort_by_key(|f| (f.start, f.end));
        all
    }
}

/// Reads the details line the official text writes after a plan item —
/// `（目标：…；责任人：…；完成时限：2021年12月31日；状态：推进中；针对问题：…）` —
/// into `item`; false when `text` is not such a line.
fn details(text: &str, item: &mut PlanItem, problems: &[Problem]) -> bool {
    // `trim_start` first: most pieces are ruled out by their first character.
    let Some(inner) = text.trim_start().strip_prefix('（').and_then(|t| t.trim_end().strip_suffix('）')) else {
        return false;
    };
    let mut fields = Vec::new();
    for field in inner.split('；') {
        let Some((label, value)) = field.split_once('：') else { return false };
        if !lexicon::DETAIL_LABELS.contains(&label) {
            return false;
        }
        fields.push((label, value));
    }
    let mut read = item.clone();
    for (label, value) in fields {
        match label {
            "责任人" => read.owner = Some(value.to_owned()),
            "完成时限" => {
                let Some(date) = value.parse::<crate::DateSlot>().ok().and_then(|d| match d.parts() {
                    (
                        Some(crate::DatePart::Known(y)),
                        Some(crate::DatePart::Known(m)),
                        Some(crate::DatePart::Known(d)),
                    ) => chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)),
                    _ => None,
                }) else {
                    return false;
                };
                read.due = Some(date);
            }
            "状态" => {
                let Some((_, key)) = lexicon::STATUS_WORDS.iter().find(|(w, _)| *w == value) else { return false };
                let Ok(status) = serde_json::from_value::<crate::Status>(serde_json::Value::String((*key).to_owned()))
                else {
                    return false;
                };
                read.status = Some(status);
            }
            "针对问题" => {
                let mut found: Vec<(usize, ProblemId)> = Vec::new();
                for p in problems {
                    let t = p.title.as_str();
                    let at = if value == t || value.starts_with(&format!("{t}、")) {
                        Some(0)
                    } else {
                        value
                            .find(&format!("、{t}、"))
                            .or_else(|| value.strip_suffix(t).filter(|h| h.ends_with('、')).map(|h| h.len()))
                    };
                    if let Some(at) = at {
                        if !read.addresses.contains(&p.id) {
                            found.push((at, p.id.clone()));
                        }
                    }
                }
                if found.is_empty() {
                    return false;
                }
                found.sort_by_key(|(at, _)| *at);
                read.addresses.extend(found.into_iter().map(|(_, id)| id));
            }
            _ => {
                // `目标：意识形态分析研判会不少于16次，基数12次`.
                let (body, baseline) = match value.rsplit_once("，基数") {
                    Some((b, base)) => (b, Some(base)),
                    None => (value, None),
                };
                let Some((at, word, symbol)) = lexicon::COMPARATOR_WORDS
                    .iter()
                    .filter_map(|(w, sym)| body.find(w).map(|at| (at, *w, *sym)))
                    .min_by_key(|(at, w, _)| (*at, std::cmp::Reverse(w.len())))
                else {
                    return false;
                };
                let (Ok(metric), Ok(comparator), Ok(value)) = (
                    body[..at].parse::<crate::MetricKey>(),
                    symbol.parse::<crate::Comparator>(),
                    body[at + word.len()..].parse::<crate::Quantity>(),
                ) else {
                    return false;
                };
                let mut target = crate::Target::new(metric, comparator, value);
                if let Some(b) = baseline {
                    let Ok(b) = b.parse::<crate::Quantity>() else { return false };
                    target = target.baseline(b);
                }
                read.targets.push(target);
            }
        }
    }
    *item = read;
    true
}
