//! Text ingestion (`workreport::ingest::text`): the seed read as the
//! hand-built seed report, the corpus read as a person would (snapshots),
//! and the laws: no panic on any input, byte ranges on char boundaries,
//! linear time.

use proptest::prelude::*;
use workreport::ingest::text::{self, FigureKind, Parsed};
use workreport::render::official::{OfficialText, TextOptions};
use workreport::render::{Document, Render};
use workreport::{Code, DatePart, Narrative, Period, PlanItem, Report, Run};

#[allow(dead_code)]
#[path = "../../examples/workreport/parse.rs"]
mod parse_cli;

use crate::seed_2020;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/work-summary-2020.txt");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(CORPUS)
        .unwrap_or_else(|e| panic!("{CORPUS}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name, read(&p.to_string_lossy()))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the corpus has {} files", files.len());
    files
}

/// Prints what was read from a seed or corpus file: `INGEST_DUMP=seed` or
/// `INGEST_DUMP=gov-national-2019.txt cargo test --test integration ingest_dump -- --nocapture`.
#[test]
fn ingest_dump() {
    let Ok(which) = std::env::var("INGEST_DUMP") else { return };
    let path = if which == "seed" { SEED.to_owned() } else { format!("{CORPUS}/{which}") };
    let input = read(&path);
    let parsed = text::parse(&input);
    if std::env::var("INGEST_JSON").is_ok() {
        println!("{}", serde_json::to_string(&parsed).expect("serialises"));
    } else {
        println!("{}", parse_cli::outline(&parsed, &input));
    }
}

// ---------------------------------------------------------------------------
// The seed.

fn seed() -> (String, Parsed) {
    let input = read(SEED);
    let parsed = text::parse(&input);
    (input, parsed)
}

/// Unknown figures, known figures, unfilled names, dates, unknown date parts.
fn slots(report: &Report) -> [usize; 5] {
    let mut s = [0; 5];
    for (_, narrative) in report.narratives() {
        for figure in &narrative.figures {
            s[usize::from(!figure.value.is_unknown())] += 1;
        }
        for run in narrative.paragraphs.iter().flat_map(|p| &p.runs) {
            match run {
                Run::Name(n) if n.value.is_none() => s[2] += 1,
                Run::Date(d) => {
                    s[3] += 1;
                    let (y, m, d) = d.parts();
                    s[4] += [y, m, d].into_iter().filter(|p| *p == Some(DatePart::Unknown)).count();
                }
                Run::Text(t) => assert!(!t.contains('X'), "an `X` left in text: {t}"),
                _ => {}
            }
        }
    }
    s
}

#[test]
fn ingest_seed_structure() {
    let (_, parsed) = seed();
    let report = &parsed.report;
    let hand = seed_2020::report().expect("the seed report builds");
    assert_eq!(report.title, hand.title);
    assert_eq!(report.period, hand.period);
    let headlines = |r: &Report| r.areas.iter().map(|a| a.headline.clone()).collect::<Vec<_>>();
    assert_eq!(headlines(report), headlines(&hand));
    assert_eq!(report.areas.len(), 6);
    let titles = |r: &Report| r.problems.iter().map(|p| p.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(report), ["理论学习不够深入", "思想认识还有差距"]);
    assert_eq!(titles(report), titles(&hand));
    let items = |r: &Report| r.plan.items.iter().map(|p| p.title.clone()).collect::<Vec<_>>();
    assert_eq!(items(report), items(&hand));
    assert_eq!(report.plan.items.len(), 5);
    assert_eq!(report.plan.period, hand.plan.period);
    assert_eq!(report.plan.title.as_deref(), Some("2021年工作计划"));
}

/// Every narrative of the parse reads as the hand-built report's: the same
/// text, with the same slots in the same places.
#[test]
fn ingest_seed_text_is_the_hand_built_reports() {
    let (_, parsed) = seed();
    let hand = seed_2020::report().expect("the seed report builds");
    let ours = parsed.report.narratives();
    let theirs = hand.narratives();
    assert_eq!(ours.len(), theirs.len());
    for ((path, a), (_, b)) in ours.iter().zip(&theirs) {
        assert_eq!(a.plain_text(), b.plain_text(), "{path}");
        let kinds = |n: &Narrative| {
            n.paragraphs
                .iter()
                .flat_map(|p| &p.runs)
                .filter(|r| !matches!(r, Run::Text(_)))
                .map(|r| match r {
                    Run::Figure(i) => n.figures[*i].value.to_string(),
                    Run::Name(_) => "name".to_owned(),
                    Run::Date(d) => d.to_string(),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(a), kinds(b), "{path}");
    }
}

#[test]
fn ingest_seed_placeholders_are_all_reported() {
    let (input, parsed) = seed();
    // 16 unknown figures, `5 次` and `100 周年`, 24 names, `X月X日` and `X月`.
    assert_eq!(slots(&parsed.report), [16, 2, 24, 2, 3]);
    let five = parsed.report.areas[2].narrative.figures.iter().find(|f| f.value.to_string() == "5次").expect("5 次");
    assert!(five.value.is_exact());
    assert_eq!(five.value.lower().map(|d| d.to_string()).as_deref(), Some("5"));
    let span = five.source.expect("a source span");
    assert_eq!(&input[span.start..span.end], "5 次");

    // Every `X` of the body is one finding, whose range covers it.
    let unfilled: Vec<_> = parsed.diagnostics.iter().filter(|d| d.code == Code::UnfilledPlaceholder).collect();
    assert_eq!(unfilled.len(), 16 + 24 + 2);
    let mut marks = 0;
    for d in &unfilled {
        let span = d.location.span.expect("a byte range");
        let text = &input[span.start..span.end];
        assert!(text.contains('X'), "{d}: {text:?}");
        marks += text.matches('X').count();
    }
    assert_eq!(marks, 43, "every `X` of the seed's body");
    let names = parsed.figures.iter().filter(|f| f.kind == FigureKind::Name).count();
    assert_eq!(names, 24);
}

#[test]
fn ingest_seed_leaves_the_web_page_out() {
    let (input, parsed) = seed();
    let report = serde_json::to_string(&parsed.report).expect("a report serialises");
    for chrome in ["申明敬告", "本站不保证", "文档介绍", "查看更多", "相关文章", "您可能关注的文档"]
    {
        assert!(!report.contains(chrome), "{chrome} is in the report");
        let at = input.find(chrome).expect("the chrome is in the input");
        assert!(parsed.parts.iter().all(|p| !(p.start..p.end).contains(&at)), "{chrome} is in a part");
    }
    // The title repeated at the top of the page and of the body is not prose.
    assert!(parsed.report.preface.plain_text().starts_with("“不弛于空想，不婺于虚声”。今年以来"));
}

#[test]
fn ingest_seed_figures_bind_like_the_hand_built_report() {
    let (_, mut parsed) = seed();
    let catalog = seed_2020::catalog().expect("the seed catalog builds");
    let bound = text::bind(&mut parsed.report, &catalog);
    let hand = seed_2020::report().expect("the seed report builds");
    let metrics = |r: &Report| -> Vec<Option<String>> {
        r.narratives()
            .into_iter()
            .flat_map(|(_, n)| n.figures.iter().map(|f| f.metric.as_ref().map(|m| m.to_string())).collect::<Vec<_>>())
            .collect()
    };
    let (ours, theirs) = (metrics(&parsed.report), metrics(&hand));
    assert_eq!(ours.len(), theirs.len());
    let same = ours.iter().zip(&theirs).filter(|(a, b)| a.is_some() && a == b).count();
    let wrong: Vec<_> = ours.iter().zip(&theirs).filter(|(a, b)| a.is_some() && a != b).collect();
    assert!(wrong.is_empty(), "bound to another metric than the hand-built report: {wrong:?}");
    assert_eq!(bound, same);
    assert!(same >= 12, "only {same} of 17 figures bind by their clause");
    if std::env::var("INGEST_DUMP").is_ok() {
        println!(
            "{same} of {} figures bind as in the hand-built report",
            theirs.iter().filter(|m| m.is_some()).count()
        );
    }
}

// ---------------------------------------------------------------------------
// The corpus: what a person reading each report would extract.

/// The outline, parts, report summary, figures with their readings, and
/// diagnostics of each corpus file, as the `parse` subcommand prints them.
#[test]
fn ingest_corpus_snapshots() {
    for (name, input) in corpus() {
        let parsed = text::parse(&input);
        let outline = parse_cli::outline(&parsed, &input);
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!("ingest_corpus", outline);
        });
    }
}

// ---------------------------------------------------------------------------
// Round trip: the official text of a report reads back as the same report.

/// Words that read as text only: no unit, qualifier, scale word, marker
/// or part keyword starts or ends one.
const WORDS: &[&str] = &[
    "加强",
    "学习",
    "宣传",
    "推进",
    "建设",
    "组织",
    "开展",
    "活动",
    "群众",
    "文化",
    "阵地",
    "服务",
    "基层",
    "志愿",
    "理论",
    "思想",
    "意识形态",
    "会议",
    "培训",
    "干部",
    "宣讲",
    "平台",
    "媒体",
    "社区",
    "居民",
    "安全",
    "环境",
    "治理",
    "教育",
    "卫生",
    "健康",
    "交通",
    "农业",
    "产业",
    "经济",
    "创新",
    "改革",
    "发展",
    "质量",
    "制度",
    "机制",
    "责任",
    "落实",
    "监督",
    "检查",
];

/// Figures as templates write them.
const FIGURES: &[&str] = &[
    "5 次",
    "X 次",
    "30 余万元",
    "约 30 场",
    "6%",
    "X 余条",
    "1.5亿元",
    "3450000 元",
    "30 次以上",
    "近1亿人次",
    "6%-6.5%",
    "12 个",
    "X 人",
    "100 周年",
    "0.8个百分点",
    "2000 余万元",
    "3.5%左右",
    "1361万人",
    "超过 8100 亿千瓦时",
];

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..=max).prop_map(|w| w.concat())
}

/// A slot of a template.
fn slot() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FIGURES).prop_map(|f| format!("{{{f}}}")),
        1 => Just("{name:X}".to_owned()),
        1 => prop_oneof![Just("{date:X月X日}"), Just("{date:2020年3月}"), Just("{date:X月}")].prop_map(str::to_owned),
    ]
}

/// A paragraph: clauses of words, some ending with a slot, then `。`.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec((words(3), prop::option::of(slot())), 1..4).prop_map(|clauses| {
        let parts: Vec<String> = clauses.into_iter().map(|(w, s)| format!("{w}{}", s.unwrap_or_default())).collect();
        format!("{}。", parts.join("，"))
    })
}

fn narrative() -> impl Strategy<Value = String> {
    prop::collection::vec(paragraph(), 0..3).prop_map(|p| p.join("\n"))
}

fn headline() -> impl Strategy<Value = String> {
    prop::collection::vec(words(3), 1..3).prop_map(|p| p.join("，"))
}

/// A headline or title and its narrative template.
type Headed = (String, String);
/// An area: headline, narrative, sub-areas with their own sub-areas.
type AreaSpec = (String, String, Vec<(String, String, Vec<Headed>)>);
/// A plan item: title, narrative, owner, due, status, problems addressed, a target.
type ItemSpec = (String, String, Option<String>, bool, Option<usize>, Vec<usize>, bool);

#[derive(Clone, Debug)]
struct Spec {
    year: i32,
    title: String,
    preface: String,
    areas: Vec<AreaSpec>,
    problems: Vec<Headed>,
    items: Vec<ItemSpec>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let area = (
        headline(),
        narrative(),
        prop::collection::vec((headline(), narrative(), prop::collection::vec((headline(), narrative()), 0..2)), 0..3),
    );
    let item = (
        headline(),
        narrative(),
        prop::option::of(prop::sample::select(&["宣传委员", "党委书记", "文化站"][..]).prop_map(str::to_owned)),
        any::<bool>(),
        prop::option::of(0usize..8),
        prop::collection::vec(0usize..3, 0..3),
        any::<bool>(),
    );
    (
        2000i32..2030,
        words(2),
        narrative(),
        prop::collection::vec(area, 0..4),
        prop::collection::vec((headline(), narrative()), 0..3),
        prop::collection::vec(item, 0..4),
    )
        .prop_map(|(year, t, preface, areas, problems, items)| Spec {
            year,
            title: format!("{year}年{t}工作总结"),
            preface,
            areas,
            problems,
            items,
        })
}

fn build(s: &Spec) -> Report {
    let mut b = Report::builder(&s.title, Period::year(s.year).expect("a year")).preface(&s.preface);
    for (i, (h, n, subs)) in s.areas.iter().enumerate() {
        b = b.area(&format!("area-{}", i + 1), h, n);
        let _ = subs;
    }
    // Distinct titles, so `针对问题：…` names one problem each.
    for (i, (t, n)) in s.problems.iter().enumerate() {
        b = b.problem(&format!("problem-{}", i + 1), &format!("{}{t}", ["宣传", "文化", "阵地"][i % 3]), n);
    }
    if !s.items.is_empty() {
        b = b.plan(Period::year(s.year + 1).expect("a year"), &format!("{}年工作计划", s.year + 1));
    }
    for (i, (t, n, owner, due, status, addresses, target)) in s.items.iter().enumerate() {
        b = b.plan_item(&format!("plan-{}", i + 1), t, n);
        if let Some(o) = owner {
            b = b.owner(o);
        }
        if *due {
            b = b.due(&format!("{}-12-31", s.year + 1));
        }
        let addresses: std::collections::BTreeSet<usize> =
            addresses.iter().copied().filter(|a| *a < s.problems.len()).collect();
        for a in addresses {
            b = b.addresses(&format!("problem-{}", a + 1));
        }
        if *target {
            b = b.target("review_meetings", ">=", "12 次");
        }
        let _ = status;
    }
    let mut report = b.build().expect("the generated report builds");
    // Sub-areas and statuses have no builder method for every level: set them here.
    for (area, (_, _, subs)) in report.areas.iter_mut().zip(&s.areas) {
        for (j, (h, n, subsubs)) in subs.iter().enumerate() {
            let mut sub =
                workreport::WorkArea::new(format!("{}-{}", area.id, j + 1).parse().expect("an id"), h.clone());
            sub.narrative = Narrative::from_template(n).expect("a template");
            for (k, (h2, n2)) in subsubs.iter().enumerate() {
                let mut subsub =
                    workreport::WorkArea::new(format!("{}-{}", sub.id, k + 1).parse().expect("an id"), h2.clone());
                subsub.narrative = Narrative::from_template(n2).expect("a template");
                sub.subareas.push(subsub);
            }
            area.subareas.push(sub);
        }
    }
    const STATUSES: [&str; 8] =
        ["planned", "in_progress", "done", "partly", "not_done", "unknown", "overdue", "carried_over"];
    for (item, spec) in report.plan.items.iter_mut().zip(&s.items) {
        if let Some(i) = spec.4 {
            item.status = serde_json::from_value(serde_json::json!(STATUSES[i % STATUSES.len()])).ok();
        }
    }
    report
}

/// What the round trip keeps: text, slots (figures by meaning), structure
/// and the plan's details; not ids, labels or byte ranges.
fn view(r: &Report) -> serde_json::Value {
    fn narrative(n: &Narrative) -> serde_json::Value {
        let paragraphs: Vec<Vec<String>> = n
            .paragraphs
            .iter()
            .map(|p| {
                p.runs
                    .iter()
                    .map(|run| match run {
                        Run::Text(t) => format!("text:{t}"),
                        Run::Figure(i) => n.figures.get(*i).map_or_else(String::new, |f| {
                            let q = &f.value;
                            let interval =
                                q.base_interval().map(|i| i.to_string()).unwrap_or_else(|| "unknown".to_owned());
                            format!("figure:{}:{interval}", q.base_unit())
                        }),
                        Run::Name(n) => format!("name:{}", n.text()),
                        Run::Date(d) => format!("date:{d}"),
                        _ => "other".to_owned(),
                    })
                    .collect()
            })
            .collect();
        serde_json::json!(paragraphs)
    }
    fn area(a: &workreport::WorkArea) -> serde_json::Value {
        serde_json::json!({"headline": a.headline, "narrative": narrative(&a.narrative), "subareas": a.subareas.iter().map(area).collect::<Vec<_>>()})
    }
    let index = |id: &workreport::ProblemId| r.problems.iter().position(|p| &p.id == id);
    let item = |i: &PlanItem| {
        let targets: Vec<String> =
            i.targets.iter().map(|t| format!("{} {} {}", t.metric, t.comparator, t.value)).collect();
        serde_json::json!({
            "title": i.title, "narrative": narrative(&i.narrative), "owner": i.owner, "due": i.due.map(|d| d.to_string()),
            "status": i.status, "addresses": i.addresses.iter().map(index).collect::<Vec<_>>(), "targets": targets,
        })
    };
    serde_json::json!({
        "title": r.title,
        "period": r.period.to_string(),
        "preface": narrative(&r.preface),
        "areas": r.areas.iter().map(area).collect::<Vec<_>>(),
        "problems": r.problems.iter().map(|p| serde_json::json!({"title": p.title, "narrative": narrative(&p.narrative)})).collect::<Vec<_>>(),
        // The official text drops spaces next to Chinese (`2021 年` is `2021年`).
        "plan": {"title": r.plan.title.as_ref().map(|t| t.replace(' ', "")), "period": r.plan.period.map(|p| p.to_string()),
                 "items": r.plan.items.iter().map(item).collect::<Vec<_>>()},
    })
}

fn round_trip(report: &Report, options: TextOptions) -> Result<(), TestCaseError> {
    let text = OfficialText::with_options(options).render_to_string(&Document::new(report));
    let parsed = text::parse(&text);
    let (a, b) = (view(report), view(&parsed.report));
    prop_assert_eq!(&a, &b, "the official text:\n{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ingest_official_text_round_trips(s in spec()) {
        round_trip(&build(&s), TextOptions::new())?;
    }

    #[test]
    fn ingest_wrapped_official_text_round_trips(s in spec()) {
        round_trip(&build(&s), TextOptions::new().wrap(60))?;
    }
}

#[test]
fn ingest_seed_official_text_round_trips() {
    let hand = seed_2020::report().expect("the seed report builds");
    let text = OfficialText::new().render_to_string(&Document::new(&hand));
    let parsed = text::parse(&text);
    let (ours, theirs) = (view(&parsed.report), view(&hand));
    if ours != theirs {
        let (a, b) = (
            serde_json::to_string_pretty(&ours).unwrap_or_default(),
            serde_json::to_string_pretty(&theirs).unwrap_or_default(),
        );
        let at = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        let show = |s: &str| s.lines().skip(at.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n");
        panic!("the seed's official text reads back differently at line {at}:\n{}\n---\n{}", show(&a), show(&b));
    }
}

// ---------------------------------------------------------------------------
// No panic, and byte ranges that point into the input, on any input.

/// What every parse holds, whatever the input.
fn invariants(input: &str, parsed: &Parsed) -> Result<(), String> {
    let ok = |s: usize, e: usize| s <= e && e <= input.len() && input.is_char_boundary(s) && input.is_char_boundary(e);
    for f in &parsed.figures {
        if !ok(f.start, f.end) {
            return Err(format!("figure {f:?} is not a range of the input"));
        }
    }
    fn nodes(n: &[text::OutlineNode], out: &mut Vec<(usize, usize)>) {
        for x in n {
            out.push((x.start, x.end));
            nodes(&x.children, out);
        }
    }
    let mut spans = Vec::new();
    nodes(&parsed.outline, &mut spans);
    spans.extend(parsed.parts.iter().map(|p| (p.start, p.end)));
    spans.extend(parsed.diagnostics.iter().filter_map(|d| d.location.span.map(|s| (s.start, s.end))));
    for (_, n) in parsed.report.narratives() {
        spans.extend(n.figures.iter().filter_map(|f| f.source.map(|s| (s.start, s.end))));
        for run in n.paragraphs.iter().flat_map(|p| &p.runs) {
            if let Run::Figure(i) = run {
                if *i >= n.figures.len() {
                    return Err(format!("a run points to figure {i} of {}", n.figures.len()));
                }
            }
        }
    }
    if let Some((s, e)) = spans.into_iter().find(|(s, e)| !ok(*s, *e)) {
        return Err(format!("{s}..{e} is not a range of the input ({} bytes)", input.len()));
    }
    for w in parsed.parts.windows(2) {
        if w[0].start > w[1].start {
            return Err(format!("parts out of order: {:?}", w));
        }
    }
    // The model is a valid document: it serialises and reads back.
    let json = workreport::json::to_string(&parsed.report).map_err(|e| e.to_string())?;
    workreport::json::from_str::<Report>(&json).map_err(|e| format!("the parsed report does not load: {e}"))?;
    Ok(())
}

/// Characters that exercise every rule: markers, units, qualifiers,
/// placeholders, brackets, full-width and zero-width forms, line breaks.
const ALPHABET: &[&str] = &[
    "一",
    "二",
    "十",
    "、",
    "（",
    "）",
    "(",
    ")",
    "。",
    "，",
    "：",
    "；",
    "是",
    "第",
    "X",
    "×",
    "x",
    "5",
    "３",
    "0",
    ".",
    ",",
    "%",
    "万",
    "亿",
    "余",
    "多",
    "约",
    "近",
    "超",
    "以上",
    "左右",
    "次",
    "人",
    "元",
    "年",
    "月",
    "日",
    "—",
    "——",
    "-",
    "《",
    "》",
    ">",
    "“",
    "”",
    "\n",
    "\n\n",
    " ",
    "　",
    "\u{200B}",
    "\u{FEFF}",
    "\r\n",
    "#",
    "## ",
    "- ",
    "|",
    "附件",
    "存在问题",
    "工作计划",
    "清醒看到",
    "问题",
    "我们",
    "针对上述问题",
    "well over ",
    "200 ",
    "people",
    "https://a.b/1",
    "é",
    "😀",
    "\u{0}",
    "\t",
    "1.",
    "①",
    "⑴",
    "名词解释",
    "责任编辑",
    "查看更多",
    "（目标：a不少于",
    "）",
    "针对问题：",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..200).prop_map(|v| v.concat())
}

/// A corpus or seed text with a few edits at char boundaries.
fn mutated() -> impl Strategy<Value = String> {
    let texts: Vec<String> = corpus().into_iter().map(|(_, t)| t).chain([read(SEED)]).collect();
    (
        prop::sample::select(texts),
        prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, prop::sample::select(ALPHABET)), 1..12),
    )
        .prop_map(|(text, edits)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (at, op, s) in edits {
                if chars.is_empty() {
                    chars.extend(s.chars());
                    continue;
                }
                let i = at.index(chars.len());
                match op {
                    0 => {
                        chars.splice(i..i, s.chars());
                    }
                    1 => {
                        chars.remove(i);
                    }
                    2 => {
                        let end = (i + 40).min(chars.len());
                        chars.drain(i..end);
                    }
                    _ => {
                        let end = (i + 200).min(chars.len());
                        let copy: Vec<char> = chars[i..end].to_vec();
                        chars.splice(i..i, copy);
                    }
                }
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ingest_never_panics_on_any_string(input in any::<String>()) {
        let parsed = text::parse(&input);
        invariants(&input, &parsed).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn ingest_never_panics_on_report_like_soup(input in soup()) {
        let parsed = text::parse(&input);
        invariants(&input, &parsed).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ingest_never_panics_on_mutated_corpus(input in mutated()) {
        let parsed = text::parse(&input);
        invariants(&input, &parsed).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn ingest_corpus_invariants() {
    for (name, input) in corpus().into_iter().chain([("seed".to_owned(), read(SEED))]) {
        let parsed = text::parse(&input);
        if let Err(e) = invariants(&input, &parsed) {
            panic!("{name}: {e}");
        }
        // Every quantity found reads as the text it was found in.
        for f in parsed.figures.iter().filter(|f| f.kind == FigureKind::Quantity) {
            let reading = f.reading.as_ref().expect("a quantity has a reading");
            assert!(!reading.display().is_empty(), "{name}: {f:?}");
        }
    }
}

#[test]
fn ingest_pathological_inputs_are_read_in_time() {
    let digits = "1".repeat(1 << 20);
    let brackets = "（".repeat(1 << 18) + &"）".repeat(1 << 18);
    let markers = "（一）".repeat(1 << 16);
    let figures = "X次，".repeat(1 << 16);
    let shi = "一是".repeat(1 << 17);
    for input in [digits, brackets, markers, figures, shi] {
        let start = std::time::Instant::now();
        let parsed = text::parse(&input);
        invariants(&input, &parsed).unwrap_or_else(|e| panic!("{e}"));
        // Generous: a debug build reads a megabyte in well under this.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "{} bytes took {:?}",
            input.len(),
            start.elapsed()
        );
    }
}

// ---------------------------------------------------------------------------
// Normalisation fixtures.

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ingest");

/// The seed hard-wrapped at 30 characters, as text copied out of a PDF:
/// it reads as the seed itself.
#[test]
fn ingest_hard_wrapped_seed_reads_as_the_seed() {
    let input = read(&format!("{FIXTURES}/hard-wrapped-seed.txt"));
    let parsed = text::parse(&input);
    let hand = seed_2020::report().expect("the seed report builds");
    assert_eq!(
        view(&parsed.report),
        view(&{
            // The hard-wrapped text has no `针对问题` lines: the plan's links are the hand-built report's own.
            let mut h = hand.clone();
            for item in &mut h.plan.items {
                item.addresses.clear();
            }
            h
        })
    );
    assert_eq!(slots(&parsed.report), [16, 2, 24, 2, 3]);
    invariants(&input, &parsed).unwrap_or_else(|e| panic!("{e}"));
}

/// Full-width digits and letters, a zero-width space and a byte-order
/// mark, a letter-spaced title and CRLF line ends.
#[test]
fn ingest_full_width_and_invisible_characters() {
    let input = read(&format!("{FIXTURES}/full-width-crlf.txt"));
    let parsed = text::parse(&input);
    let r = &parsed.report;
    assert_eq!(r.title, "政府工作报告");
    assert_eq!(r.period.to_string(), "2019");
    assert_eq!(r.plan.period.map(|p| p.to_string()).as_deref(), Some("2020"));
    // A review with no sub-headings is one work area.
    assert!(r.preface.is_empty());
    assert_eq!(r.areas.len(), 1);
    assert_eq!(r.areas[0].headline, "2019年工作回顾");
    let texts: Vec<String> = r.areas[0].narrative.plain_text().lines().map(str::to_owned).collect();
    assert_eq!(
        texts,
        [
            "全年地区生产总值完成192.3亿元，同比增长6.0%。新增就业5661人，城镇登记失业率控制在3.5%以内。投资1100万元新建污水管线2847米。"
        ]
    );
    let found: Vec<(&str, String)> = parsed
        .figures
        .iter()
        .filter(|f| f.kind == FigureKind::Quantity)
        .map(|f| (&input[f.start..f.end], f.reading.as_ref().map(|r| r.display()).unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("１９２．３亿元", "192.3亿元".to_owned()),
            ("６．０％", "6.0%".to_owned()),
            ("５６６１人", "5661人".to_owned()),
            ("３．５％以内", "3.5%以内".to_owned()),
            ("１１００万元", "1100万元".to_owned()),
            ("２８４７米", "2847米".to_owned()),
            ("７．８９亿元", "7.89亿元".to_owned()),
            ("３５０天以上", "350天以上".to_owned()),
            ("２４座", "24座".to_owned()),
        ]
    );
    let problems: Vec<&str> = r.problems.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(problems, ["产业基础仍然薄弱", "可用财力不足", "营商环境有待优化"]);
    let items: Vec<&str> = r.plan.items.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(items, ["全力打好三大攻坚战", "提升城市品质"]);
    invariants(&input, &parsed).unwrap_or_else(|e| panic!("{e}"));
}

/// Short readings as inline snapshots: what the scanner makes of
/// spellings that trip naive readers.
#[test]
fn ingest_tricky_spellings() {
    let read_all = |s: &str| -> String {
        let parsed = text::parse(&format!("2020年工作总结\n\n{s}\n"));
        parsed
            .figures
            .iter()
            .map(|f| match (&f.reading, &f.date) {
                (Some(r), _) => format!("{}={}", f.text, r.display()),
                (None, Some(d)) => format!("{}=date {d}", f.text),
                _ => format!("{}=name", f.text),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    insta::assert_snapshot!(read_all("超30万人，逾5000户，10蒸吨及以下，近5年来，最近3次，节约30%，机制约30场。"), @"超30万人=超过30万人 逾5000户=超过5000户 10蒸吨及以下=10蒸吨以下 5年=5年 3次=3次 30%=30% 约30场=约30场");
    insta::assert_snapshot!(read_all("12345热线，第十四届，1/4，5G网络，PM2.5浓度，2021—2025年，〔2021〕30号。"), @"");
    insta::assert_snapshot!(read_all("X人民政府，X 人，X月X日，X月份，X日报，X余万元。"), @"X=name X 人=X人 X月X日=date X月X日 X月=date X月 X=name X余万元=X余万元");
}

/// Numbering that does not follow on is reported where it is, and the
/// heading still placed as a sibling.
#[test]
fn ingest_numbering_gaps_are_reported() {
    let input = "2020年工作总结\n\n一、工作回顾\n\n开展活动5次。\n\n三、工作计划\n\n（一）加强学习。\n";
    let parsed = text::parse(input);
    let lines: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(lines.join("\n"), @"info[heading-numbering] (report) (bytes 62..80): heading `三、` follows number 1 of its list: one is missing");
    let top: Vec<&str> = parsed.outline.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(top, ["工作回顾", "工作计划"]);
}
