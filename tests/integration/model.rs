//! The model's serialised forms: round trips of generated reports, and the
//! errors a bad document gets.

use proptest::prelude::*;
use workreport::{
    Comparator, DateSlot, Figure, NameSlot, Narrative, OrgUnit, Paragraph, Period, PlanItem, Problem, Quantity, Report,
    Run, Status, Target, WorkArea, json,
};

/// Quantity spellings the generator draws from.
const QUANTITIES: &[&str] = &[
    "5 次",
    "X 次",
    "X 余万元",
    "30 余万元",
    "1361万人",
    "约30场",
    "近1亿人次",
    "6%-6.5%",
    "0.5个百分点",
    "超过8100亿千瓦时",
    "3%左右",
    "more than 300,000 yuan",
    "well over 200 pull requests",
    "[35, 45)万元",
    "×场",
    "XX支",
    "1.2万",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z \\{\\}\"\\\\]{0,12}",
        Just("组织召开意识形态分析研判会".to_owned()),
        Just("，安排部署意识形态领域风险排查".to_owned()),
        any::<String>(),
    ]
}

fn narrative() -> impl Strategy<Value = Narrative> {
    let figure = (0..QUANTITIES.len(), proptest::option::of("[a-z_]{1,12}"), proptest::option::of(2015..2021i32))
        .prop_map(|(q, metric, year)| {
            let mut f = Figure::new(QUANTITIES[q].parse::<Quantity>().unwrap());
            f.metric = metric.map(|m| m.parse().unwrap());
            f.period = year.map(|y| Period::year(y).unwrap());
            f
        });
    let run = prop_oneof![
        text().prop_map(Run::Text),
        Just(Run::Name(NameSlot::unknown())),
        "[南北水屯堰头]{1,4}".prop_map(|n| Run::Name(NameSlot::known(n))),
        prop_oneof![Just("X月X日"), Just("2020年3月"), Just("X月")]
            .prop_map(|d| Run::Date(d.parse::<DateSlot>().unwrap())),
        (0usize..4).prop_map(Run::Figure),
    ];
    (proptest::collection::vec(proptest::collection::vec(run, 0..6), 0..3), proptest::collection::vec(figure, 4..5))
        .prop_map(|(paragraphs, figures)| {
            let mut n = Narrative::new();
            n.paragraphs = paragraphs.into_iter().map(|runs| Paragraph { runs }).collect();
            n.figures = figures;
            n
        })
}

fn report() -> impl Strategy<Value = Report> {
    (
        text(),
        1990..2030i32,
        narrative(),
        proptest::collection::vec((text(), narrative()), 0..4),
        proptest::collection::vec(narrative(), 0..3),
        0..4usize,
    )
        .prop_map(|(title, year, preface, areas, problems, items)| {
            let mut r = Report::new(title, Period::year(year).unwrap());
            r.org = Some(
                OrgUnit::new("township".parse().unwrap(), "X 镇")
                    .child(OrgUnit::new("nanshui".parse().unwrap(), "南水屯居委会").name_en("Nanshui")),
            );
            r.preface = preface;
            for (i, (headline, narrative)) in areas.into_iter().enumerate() {
                let mut a = WorkArea::new(format!("area-{i}").parse().unwrap(), headline);
                a.narrative = narrative;
                a.tags.push("宣传".to_owned());
                r.areas.push(a);
            }
            for (i, narrative) in problems.into_iter().enumerate() {
                let mut p = Problem::new(format!("problem-{i}").parse().unwrap(), "理论学习不够深入");
                p.narrative = narrative;
                r.problems.push(p);
            }
            r.plan.period = Some(Period::year(year).unwrap().next());
            r.plan.title = Some(format!("{} 年工作计划", year + 1));
            for i in 0..items {
                let mut item = PlanItem::new(format!("item-{i}").parse().unwrap(), "抓好意识形态责任落实")
                    .target(
                        Target::new("meetings".parse().unwrap(), Comparator::AtLeast, "12 次".parse().unwrap())
                            .baseline("X 次".parse().unwrap()),
                    )
                    .owner("宣传委员")
                    .due("2021-12-31".parse().unwrap())
                    .weight("0.25".parse().unwrap());
                if let Some(p) = r.problems.first() {
                    item = item.addresses(p.id.clone());
                }
                item.status = Some(Status::Partly);
                r.plan.items.push(item);
            }
            r
        })
}

proptest! {
    #[test]
    fn json_round_trips(report in report()) {
        let text = json::to_string_pretty(&report).unwrap();
        let back: Report = json::from_str(&text).unwrap();
        prop_assert_eq!(json::to_string_pretty(&back).unwrap(), text);
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_round_trips(report in report()) {
        let text = workreport::toml::to_string(&report).unwrap();
        let back: Report = workreport::toml::from_str(&text).unwrap();
        prop_assert_eq!(json::to_string_pretty(&back).unwrap(), json::to_string_pretty(&report).unwrap());
    }
}

/// A minimal valid report with `patch` spliced into its areas array.
fn with_areas(areas: &str) -> String {
    format!(
        r#"{{"schema_version": 1, "title": "t", "period": "2020", "areas": [{areas}], "problems": [], "plan": {{"items": []}}}}"#
    )
}

fn load_error(text: &str) -> String {
    json::from_str::<Report>(text).unwrap_err().to_string()
}

#[test]
fn load_errors_name_the_field() {
    let figure = |value: &str| {
        with_areas(&format!(
            r#"{{"id": "a", "headline": "h"}}, {{"id": "b", "headline": "h"}}, {{"id": "c", "headline": "h", "narrative": {{"paragraphs": [[{{"figure": 0}}]], "figures": [{{"value": "{value}"}}]}}}}"#
        ))
    };
    insta::assert_snapshot!(load_error(&figure("3O余")), @r#"areas[2].narrative.figures[0].value: "3O余" is not a number (line 1, column 229)"#);
    insta::assert_snapshot!(load_error(&figure("30 @@")), @r#"areas[2].narrative.figures[0].value: "30 @@" has an unknown unit "@@" (line 1, column 229)"#);
    insta::assert_snapshot!(
        load_error(r#"{"schema_version": 1, "title": "t", "period": "2020-13", "areas": [], "problems": [], "plan": {"items": []}}"#),
        @r#"period: "2020-13" is not a period: the month must be 1 to 12 (line 1, column 55)"#
    );
    insta::assert_snapshot!(
        load_error(r#"{"schema_version": 2, "title": "t", "period": "2020"}"#),
        @"schema_version: schema version 2 is not supported (this version of workreport reads 1) (line 1, column 20)"
    );
    insta::assert_snapshot!(
        load_error(&with_areas(r#"{"id": "a", "headline": "h", "colour": "red"}"#)),
        @"areas[0].colour: unknown field `colour`, expected one of `id`, `headline`, `narrative`, `subareas`, `tags` (line 1, column 101)"
    );
    insta::assert_snapshot!(
        load_error(&with_areas(r#"{"id": "two words", "headline": "h"}"#)),
        @r#"areas[0].id: "two words" is not a valid area id: it has whitespace or control characters (line 1, column 82)"#
    );
    insta::assert_snapshot!(
        load_error(&with_areas(r#"{"id": "a", "headline": "h", "narrative": {"paragraphs": [[{"text": "会"}, {"figure": 3}]]}}"#)),
        @"areas[0].narrative.paragraphs[0][1]: figure 3 does not exist (the narrative has 0 figures)"
    );
    insta::assert_snapshot!(
        load_error(r#"{"schema_version": 1, "title": "t", "period": "2020", "problems": [{"id": "p", "title": "t", "areas": ["nowhere"]}],
          "plan": {"items": [{"id": "i", "title": "t", "addresses": ["p", "q"]}]}}"#),
        @r"
    problems[0].areas[0]: unknown work area `nowhere`
    plan.items[0].addresses[1]: unknown problem `q`
    "
    );
    insta::assert_snapshot!(load_error("{\"schema_version\": 1,"), @"EOF while parsing a value (line 1, column 21)");
    insta::assert_snapshot!(
        load_error(r#"{"schema_version": 1, "title": "t", "period": "2020", "plan": {"items": [{"id": "i", "title": "t", "targets": [{"metric": "m", "comparator": "~", "value": "5次"}]}]}}"#),
        @r#"plan.items[0].targets[0].comparator: "~" is not a comparator (`>=`, `>`, `<=`, `<`, `=`) (line 1, column 144)"#
    );
}
