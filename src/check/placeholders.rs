//! Unfilled placeholders: figures, names and dates still written `X`, and
//! `X` left in plain text (`在 X 的领导下`).

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Location, Narrative, Report, Run};
use crate::quantity::Placeholder;

/// How many characters of context a finding quotes on each side.
const CONTEXT: usize = 8;

pub(super) fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    text(out, "title", &report.title);
    if let Some(org) = &report.org {
        org_names(out, org, "org".to_owned());
    }
    let areas = report.all_areas();
    for (path, narrative) in report.narratives() {
        let owner = path.strip_suffix(".narrative").unwrap_or(&path);
        if let Some((_, area)) = areas.iter().find(|(p, _)| p == owner) {
            text(out, &format!("{owner}.headline"), &area.headline);
        }
        if let Some(i) = index_of(owner, "problems[") {
            if let Some(p) = report.problems.get(i) {
                text(out, &format!("{owner}.title"), &p.title);
            }
        }
        if let Some(i) = index_of(owner, "plan.items[") {
            if let Some(p) = report.plan.items.get(i) {
                text(out, &format!("{owner}.title"), &p.title);
            }
        }
        narrative_slots(out, &path, narrative);
    }
}

fn index_of(path: &str, prefix: &str) -> Option<usize> {
    path.strip_prefix(prefix)?.strip_suffix(']')?.parse().ok()
}

fn org_names(out: &mut Vec<Diagnostic>, unit: &crate::model::OrgUnit, path: String) {
    text(out, &format!("{path}.name"), &unit.name);
    for (i, c) in unit.children.iter().enumerate() {
        org_names(out, c, format!("{path}.children[{i}]"));
    }
}

fn unfilled(out: &mut Vec<Diagnostic>, location: Location, message: String) {
    out.push(Diagnostic::new(Code::UnfilledPlaceholder, Severity::Warning, message, location));
}

/// `X` marks standing alone in plain text.
fn text(out: &mut Vec<Diagnostic>, path: &str, text: &str) {
    for at in lone_marks(text) {
        unfilled(out, Location::new(path), format!("placeholder `X` in text: “{}”", window(text, at, at + 1)));
    }
}

fn narrative_slots(out: &mut Vec<Diagnostic>, path: &str, narrative: &Narrative) {
    let mut reported = vec![false; narrative.figures.len()];
    for (p, paragraph) in narrative.paragraphs.iter().enumerate() {
        // The paragraph as plain text, with each run's char range, for quoting context.
        let mut plain: Vec<char> = Vec::new();
        let mut ranges = Vec::with_capacity(paragraph.runs.len());
        for run in &paragraph.runs {
            let start = plain.len();
            let s = match run {
                Run::Text(t) => t.clone(),
                Run::Figure(i) => narrative.figures.get(*i).map(|f| f.value.to_string()).unwrap_or_default(),
                Run::Name(n) => n.text(),
                Run::Date(d) => d.to_string(),
            };
            plain.extend(s.chars());
            ranges.push((start, plain.len()));
        }
        let quote = |(s, e): (usize, usize)| -> String {
            plain[s.saturating_sub(CONTEXT)..(e + CONTEXT).min(plain.len())].iter().collect()
        };
        for (r, run) in paragraph.runs.iter().enumerate() {
            let run_path = format!("{path}.paragraphs[{p}][{r}]");
            match run {
                Run::Figure(i) => {
                    let Some(f) = narrative.figures.get(*i) else { continue };
                    if f.value.is_unknown() && !reported[*i] {
                        reported[*i] = true;
                        let metric = f.metric.as_ref().map(|m| format!(" ({m})")).unwrap_or_default();
                        unfilled(
                            out,
                            Location::new(format!("{path}.figures[{i}]")).with_span(f.source),
                            format!("figure `{}`{metric} is not filled: “{}”", f.value, quote(ranges[r])),
                        );
                    }
                }
                Run::Name(n) if n.value.is_none() => {
                    unfilled(
                        out,
                        Location::new(run_path),
                        format!("name `{}` is not filled: “{}”", n.text(), quote(ranges[r])),
                    );
                }
                Run::Date(d) if d.is_unfilled() => {
                    unfilled(out, Location::new(run_path), format!("date `{d}` is not filled: “{}”", quote(ranges[r])));
                }
                Run::Text(t) => {
                    for at in lone_marks(t) {
                        let c = ranges[r].0 + t[..at].chars().count();
                        unfilled(
                            out,
                            Location::new(run_path.clone()),
                            format!("placeholder `X` in text: “{}”", quote((c, c + 1))),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    for (i, f) in narrative.figures.iter().enumerate() {
        if f.value.is_unknown() && !reported[i] {
            unfilled(
                out,
                Location::new(format!("{path}.figures[{i}]")).with_span(f.source),
                format!("figure `{}` is not filled", f.value),
            );
        }
    }
}

/// Byte offsets of placeholder marks that stand alone: `X` or `×` with no
/// ASCII letter or digit on either side (so `Xi` and `COVID-19` are text).
fn lone_marks(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let word = |c: Option<&(usize, char)>| c.is_some_and(|(_, c)| c.is_ascii_alphanumeric());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if Placeholder::is_mark(c) && c != 'x' {
            let mut j = i;
            while j < chars.len() && chars[j].1 == c {
                j += 1;
            }
            if !word(i.checked_sub(1).and_then(|k| chars.get(k))) && !word(chars.get(j)) {
                out.push(at);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The text around byte range `start..end`, with a few characters each side.
fn window(text: &str, start: usize, end: usize) -> String {
    let before: Vec<char> = text[..start].chars().rev().take(CONTEXT).collect();
    let after: String = text[end..].chars().take(CONTEXT).collect();
    let mut s: String = before.into_iter().rev().collect();
    s.push_str(&text[start..end]);
    s.push_str(&after);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_marks_skip_words() {
        assert_eq!(lone_marks("在 X 的领导下"), vec![4]);
        assert_eq!(lone_marks("Xi and COVID-19 and XX"), vec![20]);
        assert_eq!(lone_marks("X、X 等"), vec![0, 4]);
        assert!(lone_marks("max x").is_empty());
    }
}
