//! The seed report (`shared/seed/work-summary-2020.txt`), built in code by
//! `examples/seed_2020.rs`: every `X` of the text is a slot, the text is the
//! seed's own, and the checks list every placeholder.

use workreport::check::{CheckOptions, check};
use workreport::{Code, DatePart, Report, Run, Severity, json};

use crate::seed_2020;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/work-summary-2020.txt");

/// The web page around the document: not part of the report.
const BOILERPLATE: [&str; 5] = ["申明敬告", "文档介绍", "查看更多", "相关文章", "您可能关注的文档"];

fn report() -> Report {
    seed_2020::report().expect("the seed report builds")
}

/// The seed's text without the web page around it: the lines that are
/// neither boilerplate nor the page's repeated title.
fn seed_body() -> String {
    let text = std::fs::read_to_string(SEED).unwrap_or_else(|e| panic!("{SEED}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !BOILERPLATE.iter().any(|b| l.starts_with(b)))
        .filter(|l| *l != "2020年宣传思想文化工作总结及2021年工作计划")
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seed's text as the report writes it: no line-wrap spaces, full-width
/// punctuation.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            '>' => '》',
            c => c,
        })
        .collect()
}

/// How many placeholders the report still has, by kind: unknown figures,
/// unknown names, and unknown parts of dates (`X月X日` has two).
#[derive(Debug, Default, PartialEq, Eq)]
struct Slots {
    unknown_figures: usize,
    known_figures: usize,
    names: usize,
    dates: usize,
    date_marks: usize,
}

fn slots(report: &Report) -> Slots {
    let mut s = Slots::default();
    for (_, narrative) in report.narratives() {
        for figure in &narrative.figures {
            if figure.value.is_unknown() {
                s.unknown_figures += 1;
            } else {
                s.known_figures += 1;
            }
        }
        for run in narrative.paragraphs.iter().flat_map(|p| &p.runs) {
            match run {
                Run::Name(n) if n.value.is_none() => s.names += 1,
                Run::Date(d) => {
                    s.dates += 1;
                    let (y, m, d) = d.parts();
                    s.date_marks += [y, m, d].into_iter().filter(|p| *p == Some(DatePart::Unknown)).count();
                }
                Run::Text(t) => assert!(!t.contains('X'), "an `X` left in text: {t}"),
                _ => {}
            }
        }
    }
    s
}

#[test]
fn seed_counts_every_placeholder() {
    let report = report();
    assert_eq!(report.areas.len(), 6);
    assert_eq!(report.problems.len(), 2);
    assert_eq!(report.plan.items.len(), 5);

    let marks = seed_body().chars().filter(|&c| c == 'X').count();
    assert_eq!(marks, 43, "the seed's `X`s outside the boilerplate");
    let s = slots(&report);
    assert_eq!(s, Slots { unknown_figures: 16, known_figures: 2, names: 24, dates: 2, date_marks: 3 });
    assert_eq!(s.unknown_figures + s.names + s.date_marks, marks);
}

#[test]
fn seed_five_sessions_is_exact() {
    let report = report();
    let figure = report.areas[2]
        .narrative
        .figures
        .iter()
        .find(|f| f.metric.as_ref().is_some_and(|m| m.as_str() == "theory_group_study_sessions"))
        .expect("the 5 次 figure");
    assert!(figure.value.is_exact());
    assert_eq!(figure.value.to_string(), "5次");
    assert_eq!(figure.value.lower(), figure.value.upper());
    assert_eq!(figure.value.lower().map(|d| d.to_string()), Some("5".to_owned()));
}

/// The report's text, numbered as in the seed, is the seed's text.
#[test]
fn seed_text_is_the_seeds() {
    const NUMBERS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
    let report = report();
    let mut text = format!("{}{}", report.title, report.preface.plain_text());
    for (n, area) in NUMBERS.iter().zip(&report.areas) {
        text += &format!("（{n}）{}。{}", area.headline, area.narrative.plain_text());
    }
    text += "存在问题";
    for (n, problem) in NUMBERS.iter().zip(&report.problems) {
        text += &format!("（{n}）{}。{}", problem.title, problem.narrative.plain_text());
    }
    text += report.plan.title.as_deref().unwrap_or_default();
    for (n, item) in NUMBERS.iter().zip(&report.plan.items) {
        text += &format!("（{n}）{}。{}", item.title, item.narrative.plain_text());
    }
    let (ours, seed) = (normalise(&text), normalise(&seed_body()));
    if ours != seed {
        let at = ours.chars().zip(seed.chars()).take_while(|(a, b)| a == b).count();
        let tail = |s: &str| s.chars().skip(at.saturating_sub(10)).take(40).collect::<String>();
        panic!("the texts differ at char {at}:\n ours: {}\n seed: {}", tail(&ours), tail(&seed));
    }
}

#[test]
fn seed_figures_bind_to_the_catalog() {
    let report = report();
    let catalog = seed_2020::catalog().expect("the seed catalog builds");
    let mut used = Vec::new();
    for (path, narrative) in report.narratives() {
        let text = narrative.plain_text();
        for figure in &narrative.figures {
            let Some(metric) = &figure.metric else {
                // Only the anniversary measures nothing.
                assert_eq!((path.as_str(), figure.value.to_string().as_str()), ("plan.items[4].narrative", "100周年"));
                continue;
            };
            let m = catalog.get(metric.as_str()).unwrap_or_else(|| panic!("{path}: no metric `{metric}`"));
            assert!(m.unit.same_dimension(figure.value.unit()), "{path}: `{}` is not in {}", figure.value, m.unit);
            let label = figure.label.as_deref().unwrap_or_else(|| panic!("{path}: `{metric}` has no label"));
            assert!(text.contains(label), "{path}: the label {label:?} is not in the text");
            assert_eq!(catalog.bind(label).map(|m| m.key.as_str()), Some(metric.as_str()), "{path}: {label:?}");
            used.push(metric.as_str().to_owned());
        }
    }
    // One metric per thing the seed counts: each used once, none unused.
    used.sort();
    let keys: Vec<String> = catalog.iter().map(|m| m.key.to_string()).collect();
    assert_eq!(used, keys);
}

#[test]
fn seed_json_snapshot() {
    let text = json::to_string_pretty(&report()).expect("a report serialises");
    insta::assert_snapshot!("seed_report_json", text);
}

#[test]
fn seed_catalog_snapshot() {
    let catalog = seed_2020::catalog().expect("the seed catalog builds");
    let text = json::to_string_pretty(&catalog).expect("a catalog serialises");
    insta::assert_snapshot!("seed_catalog_json", text);
}

#[test]
fn seed_diagnostics_snapshot() {
    let report = report();
    let catalog = seed_2020::catalog().expect("the seed catalog builds");
    let findings = check(&report, &CheckOptions::new().catalog(&catalog));
    assert!(findings.iter().all(|d| d.severity == Severity::Warning), "only warnings");
    let count = |code: Code| findings.iter().filter(|d| d.code == code).count();
    // 16 figures, 24 names, 2 dates, and the township's own name.
    assert_eq!(count(Code::UnfilledPlaceholder), 16 + 24 + 2 + 1);
    assert_eq!(count(Code::ProblemUnaddressed), 0);
    assert_eq!(count(Code::PlanItemWithoutTarget), 5);
    assert_eq!(count(Code::PlanItemWithoutOwner), 5);
    assert_eq!(count(Code::PlanItemWithoutDueDate), 5);
    assert_eq!(findings.len(), 43 + 15);
    let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("seed_diagnostics", lines.join("\n"));
}

#[test]
fn seed_json_round_trips() {
    let text = json::to_string_pretty(&report()).expect("a report serialises");
    let back: Report = json::from_str(&text).expect("the JSON reads back");
    assert_eq!(json::to_string_pretty(&back).expect("a report serialises"), text);
}
