//! The renderers: snapshots of every format over three reports (the seed,
//! a township report filled from a roll-up, an English report), the
//! Markdown read back by a CommonMark parser, determinism, and escaping
//! of the OWASP XSS filter-evasion payloads.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use workreport::aggregate::{Rollup, RollupOptions};
use workreport::render::html::{Html, HtmlOptions};
use workreport::render::json::Json;
use workreport::render::markdown::Markdown;
use workreport::render::official::{OfficialText, TextOptions};
use workreport::render::{Document, Locale, Render, TotalsScope};
use workreport::{
    Catalog, Direction, Figure, FigureCoverage, Lang, Metric, MetricKind, NameSlot, Narrative, Observation, OrgUnit,
    Paragraph, Period, PlanItem, Problem, Report, Run, Status, WorkArea, json,
};

use crate::seed_2020;

/// The reports the tests render, with what they are rendered with.
pub(crate) mod fixtures {
    use super::*;

    /// A report with the catalog and roll-up it is rendered with.
    pub(crate) struct Fixture {
        pub(crate) name: &'static str,
        pub(crate) report: Report,
        pub(crate) catalog: Catalog,
        pub(crate) rollup: Option<Rollup>,
        pub(crate) scope: TotalsScope,
    }

    impl Fixture {
        pub(crate) fn doc(&self) -> Document<'_> {
            let doc = Document::new(&self.report).catalog(&self.catalog).totals(self.scope);
            match &self.rollup {
                Some(r) => doc.rollup(r),
                None => doc,
            }
        }
    }

    pub(crate) fn all() -> Vec<Fixture> {
        vec![seed(), township(), english()]
    }

    /// The seed report, every `X` a slot.
    pub(crate) fn seed() -> Fixture {
        Fixture {
            name: "seed",
            report: seed_2020::report().expect("the seed report builds"),
            catalog: seed_2020::catalog().expect("the seed catalog builds"),
            rollup: None,
            scope: TotalsScope::Report,
        }
    }

    fn metric(key: &str, zh: &str, en: &str, unit: &str, kind: MetricKind) -> Metric {
        Metric::new(key.parse().expect("key"), zh, unit.parse().expect("unit"))
            .en(en)
            .kind(kind)
            .direction(Direction::HigherIsBetter)
    }

    fn org(id: &str, name: &str) -> OrgUnit {
        OrgUnit::new(id.parse().expect("org id"), name)
    }

    /// A township's report whose figures were filled from the roll-up of
    /// its four residents' committees (set by hand here, as `fill` will):
    /// one committee's meetings unknown, one's posts missing.
    pub(crate) fn township() -> Fixture {
        let catalog = Catalog::new(vec![
            metric("review_meetings", "意识形态分析研判会", "ideology review meetings", "次", MetricKind::Flow),
            metric("grassroots_lectures", "基层宣讲", "grassroots lectures", "场", MetricKind::Flow),
            metric("volunteer_teams", "志愿服务队", "volunteer teams", "支", MetricKind::Stock),
            metric("wechat_posts", "微信工作动态", "WeChat posts", "条", MetricKind::Flow),
            metric("venue_investment", "阵地建设投资", "investment in venues", "万元", MetricKind::Flow),
            metric("model_people", "身边最美人物", "model people honoured", "人", MetricKind::DistinctCount).disjoint(),
        ])
        .expect("the township catalog builds");
        let town = org("qingquan", "清泉镇")
            .name_en("Qingquan Town")
            .child(org("nanyantou", "南堰头居委会").name_en("Nanyantou"))
            .child(org("nanshuitun", "南水屯居委会").name_en("Nanshuitun"))
            .child(org("beishuitun", "北水屯居委会").name_en("Beishuitun"))
            .child(org("dongguan", "东关居委会").name_en("Dongguan"));
        let year = Period::year(2020).expect("year");
        let rows: [(&str, [&str; 4]); 6] = [
            ("review_meetings", ["4次", "3次", "5次", "X次"]),
            ("grassroots_lectures", ["6场", "8场", "5场", "7场"]),
            ("volunteer_teams", ["3支", "2支", "4支", "3支"]),
            ("wechat_posts", ["120条", "80余条", "95条", ""]),
            ("venue_investment", ["12.5万元", "8万元", "85000元", "15万元"]),
            ("model_people", ["5人", "3人", "4人", "6人"]),
        ];
        let units = ["nanyantou", "nanshuitun", "beishuitun", "dongguan"];
        let mut observations = Vec::new();
        for (metric, values) in rows {
            for (unit, value) in units.iter().zip(values) {
                if value.is_empty() {
                    continue;
                }
                observations.push(Observation::new(
                    metric.parse().expect("key"),
                    unit.parse().expect("org"),
                    year,
                    value.parse().expect("value"),
                ));
            }
        }
        let rollup = Rollup::new(&catalog, Some(&town), &observations, &RollupOptions::new());

        let mut report = Report::builder("清泉镇2020年宣传思想文化工作总结及2021年工作计划", year)
            .org(town)
            .preface("2020年，清泉镇在{name:镇党委}的领导下，统筹疫情防控和宣传思想文化工作，现将全年工作总结如下：")
            .area(
                "ideology",
                "增强政治意识，抓牢抓实意识形态工作",
                "全镇四个居委会共组织召开意识形态分析研判会{X 次 @review_meetings}，\
                 深入基层宣讲{X 场 @grassroots_lectures}。",
            )
            .subarea(
                "ideology-online",
                "牢牢掌控网络意识形态主动权",
                "年初以来共发布微信工作动态{X 条 @wechat_posts}，对网络谣言及时制止。",
            )
            .area(
                "civility",
                "强化文明建设，推进社会主义核心价值观培育",
                "组建{X 支 @volunteer_teams}新时代文明实践志愿服务队，\
                 评选出身边最美人物{X 人 @model_people}，并于{date:2020年10月9日}举行表彰仪式。\n\
                 志愿者开展结对帮扶、清洁家园等活动{X 余次}。",
            )
            .area(
                "positions",
                "强化阵地建设，营造健康向上的良好氛围",
                "先后投资{X 万元 @venue_investment}，建设了志愿者主题广场和{name:X}文化大街。",
            )
            .problem("online-awareness", "思想认识还有差距", "对网络意识形态的影响力、传播力认识不足。")
            .concerning("ideology")
            .problem("uneven-units", "各居委会工作不平衡", "个别居委会数据报送不及时，东关居委会研判会次数未报。")
            .concerning("ideology")
            .plan(year.next(), "2021年工作计划")
            .plan_item("ideology-duty", "抓好意识形态责任落实", "每季度召开意识形态分析研判会。")
            .concerning("ideology")
            .addresses("online-awareness")
            .target("review_meetings", ">=", "16 次")
            .owner("党委宣传委员")
            .due("2021-12-31")
            .plan_item("reporting", "规范数据报送", "建立月报制度，按时报送各项数据。")
            .addresses("uneven-units")
            .target("wechat_posts", ">=", "400 条")
            .owner("党政办")
            .due("2021-06-30")
            .plan_item("culture-festival", "办好建党100周年文化节", "结合建党{100 周年}，组织开展文化节专场。")
            .concerning("civility")
            .build()
            .expect("the township report builds");
        report.plan.items[0].status = Some(Status::InProgress);
        report.plan.items[1].status = Some(Status::Done);
        report.plan.items[0].targets[0].baseline = Some("12 次".parse().expect("baseline"));

        // Fill by hand what the roll-up holds for the township and the year.
        for (_, narrative) in report.narratives_mut() {
            for figure in &mut narrative.figures {
                let Some(metric) = figure.metric.as_ref() else { continue };
                if let Some(total) = rollup.get(metric.as_str(), "qingquan", &year) {
                    let c = total.coverage();
                    figure.value = total.quantity();
                    figure.coverage = Some(FigureCoverage { reported: c.reported, expected: c.expected() });
                }
            }
        }
        // One figure not in the roll-up, filled by hand: about 30 activities.
        report.areas[1].narrative.figures[2].value = "30余次".parse().expect("value");
        Fixture { name: "township", report, catalog, rollup: Some(rollup), scope: TotalsScope::Report }
    }

    /// The OpenWallet Foundation's 2024 annual review of Credo
    /// (`shared/corpus/en-owf-credo-annual-2024.txt`), by hand.
    pub(crate) fn english() -> Fixture {
        let catalog = Catalog::new(vec![
            Metric::new("contributors".parse().expect("key"), "贡献者", "contributors".parse().expect("unit"))
                .en("contributors"),
            Metric::new(
                "significant_contributors".parse().expect("key"),
                "主要贡献者",
                "contributors".parse().expect("unit"),
            )
            .en("significant contributors"),
            Metric::new("merged_prs".parse().expect("key"), "合并的拉取请求", "pull requests".parse().expect("unit"))
                .en("pull requests merged"),
            Metric::new("maintainers".parse().expect("key"), "维护者", "maintainers".parse().expect("unit"))
                .en("maintainers"),
            Metric::new(
                "maintainer_orgs".parse().expect("key"),
                "维护者所属组织",
                "organizations".parse().expect("unit"),
            )
            .en("maintainers' organizations")
            .kind(MetricKind::Stock),
        ])
        .expect("the English catalog builds");
        let year = Period::year(2024).expect("year");
        let mut report = Report::builder("2024 Credo Annual Review", year)
            .lang(Lang::En)
            .org(org("credo", "Credo").name_en("Credo"))
            .preface("The OpenWallet Foundation TAC's yearly review of the Credo project.")
            .area(
                "health",
                "Project health",
                "Credo has seen contributions from {26 contributors @contributors} over the last {12 months}, \
                 of which {4 contributors @significant_contributors} have made significant contributions \
                 (over 10 PRs merged). {Well over 200 pull requests @merged_prs} have been merged.\n\
                 All releases made in the past year were for the 0.5.x version; work on 0.6.x has started.",
            )
            .area(
                "diversity",
                "Maintainer diversity",
                "Credo currently has {5 maintainers @maintainers} associated with {3 organizations @maintainer_orgs}. \
                 {2 maintainers} were removed and {1 maintainer} was added.",
            )
            .area(
                "adoption",
                "Project adoption",
                "Credo is used by governments and organizations in North America, South America, Asia and Europe.",
            )
            .subarea(
                "adoption-standards",
                "Standards",
                "Adoption is helped by support for both DIDComm/Aries and OpenID4VC standards.",
            )
            .problem(
                "documentation",
                "Documentation goals not met",
                "We didn't meet our goals related to writing documentation.",
            )
            .concerning("adoption")
            .problem(
                "single-org",
                "Maintainers from few organizations",
                "It would be good for Credo to attract a more diverse set of maintainers from different organizations.",
            )
            .concerning("diversity")
            .plan(year.next(), "Goals for 2025")
            .plan_item(
                "kms",
                "New Key Management System interface",
                "Out-of-the-box support for OpenBAO, Google Cloud KMS and AWS KMS.",
            )
            .owner("maintainers")
            .due("2025-12-31")
            .plan_item("didcomm", "Remove DIDComm out of core", "Merge support for DIDComm v2.")
            .plan_item("docs", "Documentation", "Documentation for at least the most used features of the framework.")
            .addresses("documentation")
            .owner("maintainers")
            .plan_item("maintainers", "More diverse maintainers", "Attract maintainers from other organizations.")
            .addresses("single-org")
            .target("maintainer_orgs", ">=", "4 organizations")
            .build()
            .expect("the English report builds");
        report.plan.items[0].status = Some(Status::InProgress);
        report.plan.items[1].status = Some(Status::Planned);
        Fixture { name: "english", report, catalog, rollup: None, scope: TotalsScope::Report }
    }

    /// The OWASP filter-evasion payloads of `tests/fixtures/render/xss-payloads.txt`.
    pub(crate) fn payloads() -> Vec<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/render/xss-payloads.txt");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.lines().filter(|l| !l.is_empty() && !l.starts_with("##")).map(str::to_owned).collect()
    }

    /// A report with every payload in every kind of text field — title,
    /// preface, headlines, prose, names, figure labels, problem and plan
    /// titles, owners, tags, org unit names (Chinese and English) and
    /// metric labels — and ids with payloads of their own (ids hold no
    /// whitespace). Its totals table lists every unit.
    pub(crate) fn xss() -> Fixture {
        let payloads = payloads();
        let n = payloads.len();
        let p = |i: usize| payloads[i % n].clone();
        let all = payloads.join(" ");
        let id = |kind: &str, i: usize| format!("{kind}{i}\"><svg/onload=alert({i})>");
        let key = |i: usize| format!("m{i}\"><img/src=x/onerror=alert({i})>");
        let year = Period::year(2020).expect("year");

        // A metric has three wordings and a unit two names: enough for every payload.
        let metrics = n.div_ceil(3);
        let catalog = Catalog::new(
            (0..metrics)
                .map(|i| {
                    let m = Metric::new(key(i).parse().expect("key"), p(3 * i), "次".parse().expect("unit"));
                    let m = if 3 * i + 1 < n { m.en(p(3 * i + 1)) } else { m };
                    if 3 * i + 2 < n { m.alias(p(3 * i + 2)) } else { m }
                })
                .collect(),
        )
        .expect("catalog");
        let units = n.div_ceil(2);
        let mut town = OrgUnit::new(id("o", 0).parse().expect("org"), p(0)).name_en(p(1));
        for u in 1..units {
            town = town.child(OrgUnit::new(id("o", u).parse().expect("org"), p(2 * u)).name_en(p(2 * u + 1)));
        }
        let observations: Vec<Observation> = (1..units)
            .map(|u| {
                Observation::new(
                    key(u % metrics).parse().expect("key"),
                    id("o", u).parse().expect("org"),
                    year,
                    "3次".parse().expect("q"),
                )
            })
            .collect();
        let rollup = Rollup::new(&catalog, Some(&town), &observations, &RollupOptions::new());

        // Three payloads of prose, each with a figure and names.
        let narrative = |i: usize| {
            let mut nar = Narrative::new();
            for j in 0..3 {
                let mut figure = Figure::new(if j % 2 == 0 { "5次" } else { "X次" }.parse().expect("q"))
                    .metric(key((i + j) % metrics).parse().expect("key"))
                    .label(p(i + j));
                figure.coverage = Some(FigureCoverage { reported: 2, expected: 3 });
                nar.figures.push(figure);
                nar.paragraphs.push(Paragraph {
                    runs: vec![
                        Run::Text(p(i + j)),
                        Run::Figure(j),
                        Run::Name(NameSlot::known(p(i + j + 1))),
                        Run::Name(NameSlot::unknown()),
                        Run::Text(p(i + j + 2)),
                    ],
                });
            }
            nar
        };

        let mut report = Report::new(all.clone(), year);
        report.org = Some(town);
        report.preface = narrative(0);
        for (i, payload) in payloads.iter().enumerate() {
            let mut area = WorkArea::new(id("a", i).parse().expect("area id"), payload.clone());
            area.narrative = narrative(i);
            area.tags = vec![payload.clone()];
            if i == 0 {
                let mut sub = WorkArea::new(id("s", i).parse().expect("area id"), p(i + 1));
                sub.narrative = narrative(i + 1);
                area.subareas.push(sub);
            }
            report.areas.push(area);
            let mut problem = Problem::new(id("p", i).parse().expect("problem id"), payload.clone());
            problem.narrative = narrative(i + 2);
            problem.areas.push(id("a", i).parse().expect("area id"));
            report.problems.push(problem);
            let mut item = PlanItem::new(id("i", i).parse().expect("item id"), payload.clone())
                .narrative(narrative(i + 3))
                .owner(p(i + 1))
                .addresses(id("p", i).parse().expect("problem id"))
                .area(id("a", i).parse().expect("area id"))
                .due("2021-12-31".parse().expect("date"));
            item.status = [None, Some(Status::Done), Some(Status::NotDone)][i % 3];
            report.plan.items.push(item);
        }
        report.plan.title = Some(all);
        report.plan.period = Some(year.next());
        Fixture { name: "xss", report, catalog, rollup: Some(rollup), scope: TotalsScope::All }
    }
}

fn renderers() -> Vec<(&'static str, Box<dyn Render>)> {
    vec![
        ("markdown", Box::new(Markdown::new())),
        ("text", Box::new(OfficialText::new())),
        ("html", Box::new(Html::new())),
        ("json", Box::new(Json::new())),
    ]
}

/// Every renderer over every fixture: read each snapshot as a reader would.
#[test]
fn render_snapshots() {
    for fixture in fixtures::all() {
        for (format, renderer) in renderers() {
            let output = renderer.render_to_string(&fixture.doc());
            insta::assert_snapshot!(format!("render_{}_{format}", fixture.name), output);
        }
    }
}

/// The official text hard-wrapped at 28 characters a line (GB/T 9704).
#[test]
fn render_official_text_wrapped() {
    let fixture = fixtures::township();
    let text = OfficialText::with_options(TextOptions::new().wrap(56)).render_to_string(&fixture.doc());
    // The totals table is as wide as its columns.
    let prose = text.split("四、数据汇总").next().unwrap_or_default();
    for line in prose.lines() {
        let width = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
        // Closing punctuation may hang one character past the width.
        assert!(width <= 58, "{width} columns: {line}");
        assert!(
            !line.starts_with(['，', '。', '、', '；', '：', '）', '”']),
            "a line starts with closing punctuation: {line}"
        );
    }
    insta::assert_snapshot!("render_township_text_wrapped", text);
}

/// The English report's labels in zh-CN and the seed's in English: the
/// report's text and figures stay in their language, the added words follow
/// the locale.
#[test]
fn render_locales_apply_to_added_words() {
    let fixture = fixtures::township();
    let en = Markdown::new().render_to_string(&fixture.doc().locale(Locale::En));
    assert!(en.contains("## 1. Achievements"), "{en}");
    assert!(en.contains("| Metric | Org unit | Period | Value | Reported | Exact |"), "{en}");
    assert!(en.contains("| ideology review meetings | Qingquan Town | 2020 | at least 12 times | 3/4 | no |"), "{en}");
    // Prose figures stay Chinese.
    assert!(en.contains("意识形态分析研判会12次以上"), "{en}");
    let english = fixtures::english();
    let zh = Markdown::new().render_to_string(&english.doc().locale(Locale::ZhCn));
    assert!(zh.contains("## 一、主要工作"), "{zh}");
    assert!(zh.contains("Well over 200 pull requests have been merged."), "{zh}");
}

#[test]
fn render_totals_scope_all_lists_every_unit() {
    let fixture = fixtures::township();
    let md = Markdown::new().render_to_string(&fixture.doc().totals(TotalsScope::All));
    let rows =
        md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| 指标") && !l.starts_with("| ---")).count();
    let expected = fixture.rollup.as_ref().map_or(0, |r| r.totals().count());
    assert_eq!(rows, expected);
    assert!(md.contains("| 意识形态分析研判会 | 东关居委会 | 2020年 | X次 | 0/1 | 否 |"), "{md}");
}

/// The same document renders to the same bytes, also from a copy read
/// back from JSON.
#[test]
fn render_is_deterministic() {
    for fixture in fixtures::all() {
        let copy: Report = json::from_str(&json::to_string_pretty(&fixture.report).expect("json")).expect("reads back");
        let doc2 = {
            let d = Document::new(&copy).catalog(&fixture.catalog);
            match &fixture.rollup {
                Some(r) => d.rollup(r),
                None => d,
            }
        };
        for (format, renderer) in renderers() {
            let a = renderer.render_to_string(&fixture.doc());
            let b = renderer.render_to_string(&fixture.doc());
            let c = renderer.render_to_string(&doc2);
            assert_eq!(a, b, "{} {format}", fixture.name);
            assert_eq!(a, c, "{} {format} from JSON", fixture.name);
        }
    }
}

/// The JSON without a roll-up is the report's JSON form; with one, an
/// envelope whose report reads back.
#[test]
fn render_json_reads_back() {
    let seed = fixtures::seed();
    let text = Json::new().render_to_string(&seed.doc());
    let back: Report = json::from_str(&text).expect("the report JSON reads back");
    assert_eq!(json::to_string_pretty(&back).expect("json") + "\n", text);

    let town = fixtures::township();
    let text = Json::new().render_to_string(&town.doc());
    assert!(text.starts_with("{\n  \"schema_version\": 1,\n  \"report\": {\n    \"schema_version\": 1,"), "{text}");
    assert!(text.contains("\n  },\n  \"totals\": [\n"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let report = serde_json::to_string(&value["report"]).expect("json");
    let _: Report = json::from_str(&report).expect("the enveloped report reads back");
    let totals = value["totals"].as_array().expect("totals");
    let meetings = totals.iter().find(|t| t["metric"] == "review_meetings").expect("meetings");
    assert_eq!(meetings["value"], "12次以上");
    assert_eq!(meetings["interval"], "[12, ∞)");
    assert_eq!(meetings["exact"], false);
    assert_eq!(meetings["coverage"]["unknown"], 1);
    assert_eq!(meetings["coverage"]["expected"], 4);
}

// The Markdown read back by a CommonMark parser.

/// What a CommonMark parser sees in a document.
#[derive(Debug, Default)]
struct Outline {
    headings: Vec<(usize, String)>,
    /// Items per bullet list.
    lists: Vec<usize>,
    /// Rows per table, header included, and cells per row.
    tables: Vec<(usize, BTreeSet<usize>)>,
    paragraphs: Vec<String>,
    raw_html: usize,
}

fn outline(md: &str) -> Outline {
    let mut o = Outline::default();
    let mut text: Option<String> = None;
    let (mut rows, mut cells, mut widths) = (0, 0, BTreeSet::new());
    let mut items = Vec::new();
    let mut in_item = 0;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) => text = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                o.headings.push((n, text.take().unwrap_or_default()));
            }
            Event::End(TagEnd::Paragraph) => {
                let t = text.take().unwrap_or_default();
                if in_item == 0 {
                    o.paragraphs.push(t);
                }
            }
            Event::Start(Tag::List(_)) => items.push(0),
            Event::End(TagEnd::List(_)) => o.lists.push(items.pop().unwrap_or(0)),
            Event::Start(Tag::Item) => {
                in_item += 1;
                if let Some(n) = items.last_mut() {
                    *n += 1;
                }
                text = Some(String::new());
            }
            Event::End(TagEnd::Item) => {
                in_item -= 1;
                text = None;
            }
            Event::Start(Tag::Table(_)) => (rows, widths) = (0, BTreeSet::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => (rows, cells) = (rows + 1, 0),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                widths.insert(cells);
            }
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::Table) => o.tables.push((rows, std::mem::take(&mut widths))),
            Event::Html(_) | Event::InlineHtml(_) => o.raw_html += 1,
            _ => {}
        }
    }
    o
}

/// The headings a report should have, as the numbering writes them.
fn expected_headings(report: &Report, totals: bool) -> Vec<(usize, String)> {
    fn zh(n: usize) -> String {
        const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match (n / 10, n % 10) {
            (0, u) => D[u].to_owned(),
            (1, u) => format!("十{}", D[u]),
            (t, u) if t < 10 => format!("{}十{}", D[t], D[u]),
            _ => n.to_string(),
        }
    }
    // Markdown writes no control characters: line breaks and tabs are spaces.
    let clean = |t: &str| t.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned();
    let en = report.lang == Lang::En;
    let section = |n: usize, text: &str| if en { format!("{n}. {text}") } else { format!("{}、{text}", zh(n)) };
    let item = |path: &[usize], text: &str| {
        let text = clean(text);
        let space = if text.starts_with(|c: char| c.is_ascii()) { " " } else { "" };
        match (en, path.len()) {
            (true, _) => format!("{} {text}", path.iter().map(ToString::to_string).collect::<Vec<_>>().join(".")),
            (false, 2) => format!("（{}）{text}", zh(path[1])),
            (false, 3) => format!("{}.{space}{text}", path[2]),
            (false, _) => format!("（{}）{text}", path[path.len() - 1]),
        }
    };
    fn areas(
        out: &mut Vec<(usize, String)>,
        list: &[WorkArea],
        path: &[usize],
        item: &dyn Fn(&[usize], &str) -> String,
    ) {
        for (i, a) in list.iter().enumerate() {
            let mut p = path.to_vec();
            p.push(i + 1);
            out.push((p.len() + 1, item(&p, &a.headline)));
            areas(out, &a.subareas, &p, item);
        }
    }
    let mut out = vec![(1, clean(&report.title))];
    let mut n = 0;
    if !report.areas.is_empty() {
        n += 1;
        out.push((2, section(n, if en { "Achievements" } else { "主要工作" })));
        areas(&mut out, &report.areas, &[n], &item);
    }
    if !report.problems.is_empty() {
        n += 1;
        out.push((2, section(n, if en { "Problems" } else { "存在问题" })));
        for (i, p) in report.problems.iter().enumerate() {
            out.push((3, item(&[n, i + 1], &p.title)));
        }
    }
    if !report.plan.items.is_empty() {
        n += 1;
        out.push((2, section(n, &clean(report.plan.title.as_deref().unwrap_or_default()))));
        for (i, p) in report.plan.items.iter().enumerate() {
            out.push((3, item(&[n, i + 1], &p.title)));
        }
    }
    if totals {
        n += 1;
        out.push((2, section(n, if en { "Totals" } else { "数据汇总" })));
    }
    out
}

/// The Markdown of each fixture, parsed by pulldown-cmark, has the
/// report's headings (levels, numbers and text), one paragraph per
/// paragraph of prose, a bullet list per plan item with details, and a
/// totals table of one row per total.
#[test]
fn render_markdown_reads_back_to_the_report_structure() {
    for fixture in fixtures::all().into_iter().chain([fixtures::xss()]) {
        let doc = fixture.doc();
        let md = Markdown::new().render_to_string(&doc);
        let o = outline(&md);
        let report = &fixture.report;
        let totals: Vec<_> = fixture
            .rollup
            .as_ref()
            .map(|r| {
                let own = report.org.as_ref().map(|o| o.id.as_str());
                let in_scope = |t: &workreport::aggregate::Total<'_>| {
                    fixture.scope == TotalsScope::All || (Some(t.org().as_str()) == own && t.period() == report.period)
                };
                r.totals().filter(in_scope).count()
            })
            .into_iter()
            .filter(|n| *n > 0)
            .collect();
        let name = fixture.name;
        assert_eq!(o.headings, expected_headings(report, !totals.is_empty()), "{name}: headings");
        assert_eq!(o.raw_html, 0, "{name}: raw HTML");

        let prose: Vec<String> = report
            .narratives()
            .iter()
            .flat_map(|(_, n)| n.paragraphs.iter())
            .filter(|p| !p.runs.is_empty())
            .map(|_| String::new())
            .collect();
        assert_eq!(o.paragraphs.len(), prose.len(), "{name}: paragraphs");

        let lists: Vec<usize> = report
            .plan
            .items
            .iter()
            .map(|i| {
                i.targets.len()
                    + usize::from(i.owner.is_some())
                    + usize::from(i.due.is_some())
                    + usize::from(i.status.is_some())
                    + usize::from(!i.addresses.is_empty())
            })
            .filter(|n| *n > 0)
            .collect();
        assert_eq!(o.lists, lists, "{name}: plan item lists");

        let tables: Vec<(usize, BTreeSet<usize>)> = totals.iter().map(|n| (n + 1, BTreeSet::from([6]))).collect();
        assert_eq!(o.tables, tables, "{name}: totals tables");
    }
}

/// Every paragraph of prose reads back as its plain text (the Markdown
/// escapes are exact): the seed's and the payloads'.
#[test]
fn render_markdown_paragraphs_read_back_as_text() {
    for fixture in [fixtures::seed(), fixtures::xss()] {
        let md = Markdown::new().render_to_string(&fixture.doc());
        let o = outline(&md);
        let expected: Vec<String> = fixture
            .report
            .narratives()
            .iter()
            .flat_map(|(_, n)| {
                n.plain_text()
                    .lines()
                    .map(|l| {
                        l.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned()
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(o.paragraphs.len(), expected.len());
        for (got, want) in o.paragraphs.iter().zip(&expected) {
            // Figures with incomplete coverage are followed by it.
            let got = got.replace("（2/3个单位）", "");
            assert_eq!(&got, want);
        }
    }
}

mod markdown_laws {
    use super::*;
    use proptest::prelude::*;

    /// The title and the one paragraph, as read back; the paragraph is the
    /// text cut in two runs at `cut` characters.
    fn title_and_paragraph(text: &str, cut: usize) -> (String, String) {
        let mut report = Report::new(text, Period::year(2020).expect("year"));
        let at = text.char_indices().nth(cut).map_or(text.len(), |(i, _)| i);
        let (a, b) = text.split_at(at);
        report.preface.paragraphs.push(Paragraph { runs: vec![Run::Text(a.to_owned()), Run::Text(b.to_owned())] });
        let md = Markdown::new().render_to_string(&Document::new(&report));
        let o = outline(&md);
        (o.headings.first().map(|h| h.1.clone()).unwrap_or_default(), o.paragraphs.first().cloned().unwrap_or_default())
    }

    fn normalise(text: &str) -> String {
        let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        spaced.trim_matches([' ', '\t']).to_owned()
    }

    proptest! {
        /// Any text, Markdown punctuation and all, reads back as itself.
        #[test]
        fn render_markdown_text_reads_back(
            text in r"[ -~\t\n\u{85}一二三，。（）“”]{0,40}|[ 0-9.)+=-]{0,12}",
            cut in 0usize..40,
        ) {
            let want = normalise(&text);
            let (heading, paragraph) = title_and_paragraph(&text, cut);
            prop_assert_eq!(&heading, &want);
            if !want.is_empty() {
                prop_assert_eq!(&paragraph, &want);
            }
        }
    }
}

// Escaping of the OWASP payloads.

/// The tags and attributes the HTML renderer writes; anything else in the
/// page came from the report's text.
const TAGS: [&str; 32] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "span",
    "sup",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "svg",
    "text",
];
const MORE_TAGS: [&str; 1] = ["rect"];
const ATTRIBUTES: [&str; 17] = [
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "id",
    "class",
    "title",
    "scope",
    "xmlns",
    "width",
    "height",
    "viewBox",
    "role",
    "x",
    "y",
    "text-anchor",
];

/// Every tag of `html` with its attribute names, read the simple way an
/// HTML page of this renderer allows: `<` always starts a tag, attribute
/// values are double-quoted.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('/') || rest.starts_with("!DOCTYPE html>") {
            continue;
        }
        let end = rest.find('>').expect("a tag ends");
        let inside = &rest[..end];
        let name: String = inside.chars().take_while(|c| !c.is_whitespace() && *c != '>').collect();
        let mut attrs = Vec::new();
        let mut attr_text = &inside[name.len()..];
        while let Some(eq) = attr_text.find("=\"") {
            attrs.push(attr_text[..eq].trim().to_owned());
            let close = attr_text[eq + 2..].find('"').expect("a quoted value ends");
            attr_text = &attr_text[eq + 2 + close + 1..];
        }
        assert!(attr_text.trim().is_empty(), "unquoted attribute in <{inside}>");
        out.push((name, attrs));
        // The style sheet has no `<`.
        rest = &rest[end..];
    }
    out
}

#[test]
fn render_html_escapes_every_payload() {
    let payloads = fixtures::payloads();
    assert!(payloads.len() >= 30, "{} payloads", payloads.len());
    let fixture = fixtures::xss();
    for (options, locale) in [(HtmlOptions::new(), Locale::ZhCn), (HtmlOptions::new().csp(false), Locale::En)] {
        let html = Html::with_options(options).render_to_string(&fixture.doc().locale(locale));
        for p in &payloads {
            assert!(
                p.contains(['<', '>', '"', '\'', '&']),
                "a payload without markup characters is harmless text: {p}"
            );
            assert!(!html.contains(p.as_str()), "unescaped payload: {p}");
        }
        for (name, attrs) in tags(&html) {
            assert!(TAGS.contains(&name.as_str()) || MORE_TAGS.contains(&name.as_str()), "tag <{name}>");
            for a in attrs {
                assert!(ATTRIBUTES.contains(&a.as_str()), "attribute {a} on <{name}>");
            }
        }
        assert_eq!(html.matches("<svg").count(), 2, "the two charts");
    }
}

#[test]
fn render_text_and_json_keep_payloads_as_text() {
    let fixture = fixtures::xss();
    // JSON is data: the payloads are there, as JSON strings that read back.
    let text = Json::new().render_to_string(&fixture.doc());
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["report"]["areas"][0]["headline"], fixtures::payloads()[0].as_str());
    // Markdown: no raw HTML for a CommonMark renderer to pass through.
    let md = Markdown::new().render_to_string(&fixture.doc());
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&md, Options::ENABLE_TABLES));
    for p in fixtures::payloads() {
        assert!(!html.contains(p.as_str()), "pulldown-cmark passed a payload through: {p}");
    }
}
