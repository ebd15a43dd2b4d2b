//! The JSON Schemas in `schema/` against the crate: every fixture report
//! validates and loads, what the crate writes validates, and what one side
//! refuses the other refuses too — except where a table below says why not.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use jsonschema::{Registry, Validator};
use serde_json::{Value, json};
use workreport::{
    Catalog, Comparator, Direction, Figure, FigureCoverage, Lang, Metric, MetricKind, OrgUnit, Period, Report, Span,
    Status, Target,
};

/// The schemas, by file name, as the crate ships them.
const SCHEMA_FILES: [(&str, &str); 4] = [
    ("common.schema.json", include_str!("../../schema/common.schema.json")),
    ("org.schema.json", include_str!("../../schema/org.schema.json")),
    ("catalog.schema.json", include_str!("../../schema/catalog.schema.json")),
    ("report.schema.json", include_str!("../../schema/report.schema.json")),
];

const MINIMAL: &str = include_str!("../fixtures/reports/minimal.json");
const FULL: &str = include_str!("../fixtures/reports/full.json");

struct Schemas {
    report: Validator,
    catalog: Validator,
    org: Validator,
}

/// Validators for the three documents, with every schema in one registry
/// under its `$id`, so the files refer to each other without any fetching.
/// Formats (`date`) are checked, as the crate checks dates on load.
static SCHEMAS: LazyLock<Schemas> = LazyLock::new(|| {
    let documents: Vec<(String, Value)> = SCHEMA_FILES
        .iter()
        .map(|(name, text)| {
            let schema: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (id_of(&schema).to_owned(), schema)
        })
        .collect();
    let registry = Registry::new()
        .extend(documents.iter().map(|(id, schema)| (id.as_str(), schema.clone())))
        .and_then(jsonschema::RegistryBuilder::prepare)
        .unwrap_or_else(|e| panic!("registering the schemas: {e}"));
    let build = |name: &str| {
        let schema = &documents.iter().find(|(id, _)| id.ends_with(name)).expect(name).1;
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .with_registry(&registry)
            .build(schema)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    Schemas {
        report: build("/report.schema.json"),
        catalog: build("/catalog.schema.json"),
        org: build("/org.schema.json"),
    }
});

fn id_of(schema: &Value) -> &str {
    schema["$id"].as_str().expect("every schema has an `$id`")
}

fn schema(name: &str) -> Value {
    let text = SCHEMA_FILES.iter().find(|(n, _)| *n == name).expect(name).1;
    serde_json::from_str(text).expect(name)
}

/// Every error the validator finds, as `path: message`.
fn schema_errors(validator: &Validator, doc: &Value) -> Vec<String> {
    validator.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the test's JSON is well-formed")
}

/// The document with the value at a JSON pointer replaced or added, or
/// removed when `value` is `None`.
fn edit(doc: &Value, pointer: &str, value: Option<Value>) -> Value {
    let mut doc = doc.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent} in the document"));
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(list), Some(v)) => list[key.parse::<usize>().expect("an index")] = v,
        (other, _) => panic!("cannot edit {pointer} in {other}"),
    }
    doc
}

#[test]
fn schemas_are_draft_2020_12_and_refer_to_each_other_by_id() {
    for (name, _) in SCHEMA_FILES {
        let schema = schema(name);
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{name} is not a valid draft 2020-12 schema: {e}");
        }
        assert!(id_of(&schema).ends_with(&format!("/schema/1/{name}")), "{name}: `$id` names another file");
        assert!(schema["description"].as_str().is_some_and(|d| !d.is_empty()), "{name} documents the format");
    }
    // Building the validators resolves every `$ref` between the files.
    LazyLock::force(&SCHEMAS);
}

#[test]
fn fixture_reports_validate_load_and_round_trip() {
    insta::glob!("../fixtures/reports", "*.json", |path| {
        let text = std::fs::read_to_string(path).expect("a readable fixture");
        let errors = schema_errors(&SCHEMAS.report, &parse(&text));
        assert!(errors.is_empty(), "the schema refuses {}:\n{}", path.display(), errors.join("\n"));
        let report: Report =
            workreport::json::from_str(&text).unwrap_or_else(|e| panic!("the crate refuses {}: {e}", path.display()));
        let written = workreport::json::to_string_pretty(&report).expect("a report always serialises");
        let errors = schema_errors(&SCHEMAS.report, &parse(&written));
        assert!(errors.is_empty(), "the schema refuses the crate's own output:\n{}", errors.join("\n"));
        // The canonical form the crate writes for the fixture.
        insta::assert_snapshot!(written);
    });
}

/// A report with every field the format has, built with the API.
fn report_with_every_field() -> Report {
    let org = OrgUnit::new("township".parse().unwrap(), "X镇")
        .name_en("X Township")
        .child(OrgUnit::new("nanshui".parse().unwrap(), "南水屯居委会").name_en("Nanshuitun"))
        .child(OrgUnit::new("beishui".parse().unwrap(), "北水屯居委会"));
    let mut report = Report::builder("X镇2020年宣传思想文化工作总结", Period::year(2020).unwrap())
        .lang(Lang::Zh)
        .org(org)
        .preface("在{name:X}的领导下，{name:镇党委宣传办}于{date:X月X日}完成{name:XX}专项检查。")
        .area("ideology", "抓牢抓实意识形态工作", "召开意识形态分析研判会{X 次 @ideology_review_meetings}。")
        .tag("宣传")
        .subarea("online", "加强网络意识形态管理", "发布微信工作动态{120 条 @posts}。")
        .problem("online-awareness", "思想认识还有差距", "对网络意识形态的影响力认识不足。")
        .concerning("ideology")
        .plan(Period::year(2021).unwrap(), "2021年工作计划")
        .plan_item("ideology-duty", "抓好意识形态责任落实", "召开专题会议{12 次}。")
        .concerning("ideology")
        .addresses("online-awareness")
        .target("ideology_review_meetings", ">=", "12 次")
        .owner("党委宣传委员")
        .due("2021-12-31")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let figure = &mut report.areas[0].subareas[0].narrative.figures[0];
    *figure = Figure::new(figure.value.clone())
        .metric("posts".parse().unwrap())
        .org("nanshui".parse().unwrap())
        .period(Period::half(2020, 2).unwrap())
        .label("发布微信工作动态");
    figure.source = Some(Span { start: 6, end: 15 });
    figure.coverage = Some(FigureCoverage { reported: 1, expected: 2 });
    let item = &mut report.plan.items[0];
    item.status = Some(Status::Planned);
    item.weight = Some("0.6".parse().unwrap());
    item.targets.push(
        Target::new("posts".parse().unwrap(), Comparator::AtMost, "200 条".parse().unwrap())
            .baseline("X 条".parse().unwrap())
            .direction(Direction::LowerIsBetter),
    );
    report
}

/// Every property name the report and org schemas define.
fn schema_property_names() -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    out.extend(props.keys().cloned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(list) => list.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for name in ["report.schema.json", "org.schema.json"] {
        let mut schema = schema(name);
        // Examples are documents, not definitions.
        schema.as_object_mut().map(|m| m.remove("examples"));
        walk(&schema, &mut out);
    }
    out
}

/// Every key of every object in the document.
fn keys(doc: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                out.extend(map.keys().cloned());
                stack.extend(map.values());
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    out
}

#[test]
fn a_report_with_every_field_validates_as_written() {
    let text = workreport::json::to_string(&report_with_every_field()).expect("a report always serialises");
    let written = parse(&text);
    let errors = schema_errors(&SCHEMAS.report, &written);
    assert!(errors.is_empty(), "the schema refuses the crate's output:\n{}\n{text}", errors.join("\n"));
    workreport::json::from_str::<Report>(&text).unwrap_or_else(|e| panic!("the crate refuses its own output: {e}"));

    // Both it and `full.json` use every field the schema describes, and no other.
    let defined = schema_property_names();
    for (what, doc) in [("the built report", &written), ("full.json", &parse(FULL))] {
        let used = keys(doc);
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(unused.is_empty(), "{what} does not use {unused:?}");
        let undefined: Vec<_> = used.difference(&defined).collect();
        assert!(undefined.is_empty(), "{what} uses {undefined:?}, which the schema does not define");
    }
}

/// Reads a table of edits, one per line: `name | base | pointer | value`,
/// where the base is `minimal.json` or `full.json` and the value is JSON, or
/// nothing to remove the field. Gives each edited document with its name.
fn edits(table: &str) -> Vec<(String, Value)> {
    let (minimal, full) = (parse(MINIMAL), parse(FULL));
    rows(table)
        .map(|row| {
            let [name, base, pointer, value] = row[..] else { panic!("an edit has four columns: {row:?}") };
            let base = match base {
                "minimal.json" => &minimal,
                "full.json" => &full,
                other => panic!("no fixture {other}"),
            };
            let value = (!value.is_empty()).then(|| parse(value));
            (name.to_owned(), edit(base, pointer, value))
        })
        .collect()
}

/// The rows of a table: its non-blank lines split at `|` into at most four
/// trimmed columns.
fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| line.splitn(4, '|').map(str::trim).collect())
}

/// Documents both the crate and the schema refuse.
const REFUSED: &str = r#"
    missing title                   | minimal.json | /title                                        |
    missing period                  | minimal.json | /period                                       |
    missing schema_version          | minimal.json | /schema_version                               |
    schema_version 2                | minimal.json | /schema_version                               | 2
    schema_version as a string      | minimal.json | /schema_version                               | "1"
    unknown field                   | minimal.json | /colour                                       | "red"
    unknown field in a figure       | full.json    | /areas/0/narrative/figures/0/colour           | "red"
    unknown field in a span         | full.json    | /areas/0/subareas/0/narrative/figures/0/source/note | "ignored"
    unknown field in an org unit    | full.json    | /org/children/0/colour                        | "red"
    unknown field in a name         | full.json    | /preface/paragraphs/0/1/name/colour           | "red"
    unknown field in the plan       | full.json    | /plan/colour                                  | "red"
    unknown field in a target       | full.json    | /plan/items/0/targets/0/colour                | "red"
    lang fr                         | minimal.json | /lang                                         | "fr"
    lang null                       | minimal.json | /lang                                         | null
    period 2020-13                  | minimal.json | /period                                       | "2020-13"
    period as a number              | minimal.json | /period                                       | 2020
    preface null                    | minimal.json | /preface                                      | null
    plan null                       | minimal.json | /plan                                         | null
    plan items null                 | full.json    | /plan/items                                   | null
    area without headline           | full.json    | /areas/1/headline                             |
    area id with a space            | full.json    | /areas/1/id                                   | "two words"
    tags null                       | full.json    | /areas/0/tags                                 | null
    run with two fields             | full.json    | /preface/paragraphs/0/0                       | {"text": "a", "figure": 0}
    run as a bare string            | full.json    | /preface/paragraphs/0/0                       | "text"
    run of unknown kind             | full.json    | /preface/paragraphs/0/0                       | {"link": "a"}
    negative figure index           | full.json    | /areas/0/narrative/paragraphs/0/1/figure      | -1
    figure without value            | full.json    | /areas/0/narrative/figures/0/value            |
    figure value as a number        | full.json    | /areas/0/narrative/figures/0/value            | 5
    blank quantity                  | full.json    | /areas/0/narrative/figures/0/value            | " "
    span without end                | full.json    | /areas/0/subareas/0/narrative/figures/0/source/end |
    coverage without expected       | full.json    | /areas/1/narrative/figures/2/coverage/expected |
    unknown field in a coverage     | full.json    | /areas/1/narrative/figures/2/coverage/units    | 3
    negative coverage               | full.json    | /areas/1/narrative/figures/2/coverage/reported | -1
    name placeholder of nine marks  | full.json    | /preface/paragraphs/0/7/name/placeholder      | "XXXXXXXXX"
    name placeholder of mixed marks | full.json    | /preface/paragraphs/0/7/name/placeholder      | "Xx"
    date slot 13月                  | full.json    | /preface/paragraphs/0/5/date                  | "2020年13月"
    status finished                 | full.json    | /plan/items/0/status                          | "finished"
    comparator =>                   | full.json    | /plan/items/0/targets/0/comparator            | "=>"
    direction up                    | full.json    | /plan/items/0/targets/0/direction             | "up"
    weight as a number              | full.json    | /plan/items/0/weight                          | 0.6
    weight not a number             | full.json    | /plan/items/0/weight                          | "much"
    due 2021-13-01                  | full.json    | /plan/items/0/due                             | "2021-13-01"
    due 2021-02-30                  | full.json    | /plan/items/0/due                             | "2021-02-30"
    org without name                | full.json    | /org/name                                     |
"#;

#[test]
fn documents_the_crate_refuses_the_schema_refuses() {
    let mut table = String::new();
    for (name, doc) in edits(REFUSED) {
        let Err(crate_error) = workreport::json::from_str::<Report>(&doc.to_string()) else {
            panic!("{name}: the crate reads it")
        };
        assert!(!SCHEMAS.report.is_valid(&doc), "{name}: the schema accepts it, the crate says `{crate_error}`");
        let _ = writeln!(table, "{name}: {crate_error}");
    }
    // What the crate says, for the record: the messages name the field.
    insta::assert_snapshot!(table);
}

/// Documents in forms the crate reads but does not write: both accept them.
const ACCEPTED: &str = r#"
    org null                | minimal.json | /org                                   | null
    empty plan              | minimal.json | /plan                                  | {}
    empty preface           | minimal.json | /preface                               | {}
    unused figure           | minimal.json | /preface                               | {"figures": [{"value": "5次"}]}
    empty paragraph         | minimal.json | /preface                               | {"paragraphs": [[]]}
    english report          | minimal.json | /lang                                  | "en"
    nulls in a figure       | full.json    | /areas/0/narrative/figures/0           | {"value": "X次", "metric": null, "org": null, "period": null, "label": null, "source": null}
    nulls in a plan item    | full.json    | /plan/items/1                          | {"id": "x", "title": "t", "owner": null, "due": null, "status": null, "weight": null}
    nulls in a target       | full.json    | /plan/items/0/targets/0                | {"metric": "m", "comparator": "≥", "value": "5次", "baseline": null, "direction": null}
    nulls in the plan       | full.json    | /plan/title                            | null
    name_en null            | full.json    | /org/name_en                           | null
    name value null         | full.json    | /preface/paragraphs/0/1/name           | {"value": null}
    coverage null           | full.json    | /areas/1/narrative/figures/2/coverage  | null
"#;

#[test]
fn documents_the_crate_reads_the_schema_reads() {
    for (name, doc) in edits(ACCEPTED) {
        let errors = schema_errors(&SCHEMAS.report, &doc);
        assert!(errors.is_empty(), "{name}: the schema refuses it:\n{}", errors.join("\n"));
        if let Err(e) = workreport::json::from_str::<Report>(&doc.to_string()) {
            panic!("{name}: the crate refuses it: {e}");
        }
    }
}

/// A report with one of each text value the crate parses, at the pointers
/// [`TEXT_VALUES`] names.
const PROBE: &str = r#"{
    "schema_version": 1, "title": "t", "period": "2020",
    "preface": {"paragraphs": [[{"date": "3月"}, {"name": {}}, {"figure": 0}]], "figures": [{"value": "5次"}]},
    "areas": [{"id": "a", "headline": "h"}],
    "plan": {"items": [{"id": "i", "title": "t", "due": "2021-12-31", "weight": "1",
                        "targets": [{"metric": "m", "comparator": ">=", "value": "5次"}]}]}
}"#;

/// Who accepts a text value, in the probe report at a pointer: `both`,
/// `neither`, `crate` only (a spelling the crate's parser tolerates but does
/// not document) or `schema` only (a value only the crate can tell is wrong,
/// such as a day that does not exist, or a grammar the schema leaves to the
/// crate).
const TEXT_VALUES: &str = r#"
    /period                                    | "2020"                     | both
    /period                                    | " 2020 "                   | both
    /period                                    | "2020年"                   | both
    /period                                    | "2020年度"                 | both
    /period                                    | "2020年全年"               | both
    /period                                    | "2020-H1"                  | both
    /period                                    | "2020-h2"                  | both
    /period                                    | "2020年上半年"             | both
    /period                                    | "2020年下半年"             | both
    /period                                    | "2020-Q3"                  | both
    /period                                    | "2020-q4"                  | both
    /period                                    | "2020年第三季度"           | both
    /period                                    | "2020年三季度"             | both
    /period                                    | "2020年第3季度"            | both
    /period                                    | "2020-03"                  | both
    /period                                    | "2020-12"                  | both
    /period                                    | "2020年3月"                | both
    /period                                    | "2020年03月"               | both
    /period                                    | "2020年12月份"             | both
    /period                                    | "2020-01-15..2020-03-31"   | both
    /period                                    | "2020-01-15 .. 2020-03-31" | both
    /period                                    | ""                         | neither
    /period                                    | "20"                       | neither
    /period                                    | "0999"                     | neither
    /period                                    | "20201"                    | neither
    /period                                    | "2020-13"                  | neither
    /period                                    | "2020-00"                  | neither
    /period                                    | "2020-3"                   | neither
    /period                                    | "2020-H3"                  | neither
    /period                                    | "2020-Q5"                  | neither
    /period                                    | "2020年13月"               | neither
    /period                                    | "2020年第五季度"           | neither
    /period                                    | "2020 年"                  | neither
    /period                                    | "2020-01-15"               | neither
    /period                                    | "2020-01-15.."             | neither
    /period                                    | "２０２０"                 | neither
    /period                                    | "2020-H01"                 | crate
    /period                                    | "2020年+3月"               | crate
    /period                                    | "2020-1-5..2020-3-31"      | crate
    /period                                    | "2020-02-30..2020-03-31"   | schema
    /period                                    | "2020-03-31..2020-01-01"   | schema
    /preface/paragraphs/0/0/date               | "X月X日"                   | both
    /preface/paragraphs/0/0/date               | "X 月 X 日"                | both
    /preface/paragraphs/0/0/date               | "2020年3月5日"             | both
    /preface/paragraphs/0/0/date               | "2020年3月"                | both
    /preface/paragraphs/0/0/date               | "2020年"                   | both
    /preface/paragraphs/0/0/date               | "3月"                      | both
    /preface/paragraphs/0/0/date               | "03月"                     | both
    /preface/paragraphs/0/0/date               | "5日"                      | both
    /preface/paragraphs/0/0/date               | "XX月"                     | both
    /preface/paragraphs/0/0/date               | "×月x日"                   | both
    /preface/paragraphs/0/0/date               | "2020年5日"                | both
    /preface/paragraphs/0/0/date               | ""                         | neither
    /preface/paragraphs/0/0/date               | "13月"                     | neither
    /preface/paragraphs/0/0/date               | "0月"                      | neither
    /preface/paragraphs/0/0/date               | "32日"                     | neither
    /preface/paragraphs/0/0/date               | "0999年"                   | neither
    /preface/paragraphs/0/0/date               | "5日3月"                   | neither
    /preface/paragraphs/0/0/date               | "3月份"                    | neither
    /preface/paragraphs/0/0/date               | "三月"                     | neither
    /preface/paragraphs/0/0/date               | "+3月"                     | crate
    /preface/paragraphs/0/0/date               | "３月"                     | crate
    /preface/paragraphs/0/0/date               | "2 0 2 0年"                | crate
    /preface/paragraphs/0/1/name/placeholder   | "X"                        | both
    /preface/paragraphs/0/1/name/placeholder   | "XXXXXXXX"                 | both
    /preface/paragraphs/0/1/name/placeholder   | "xx"                       | both
    /preface/paragraphs/0/1/name/placeholder   | "×"                        | both
    /preface/paragraphs/0/1/name/placeholder   | ""                         | neither
    /preface/paragraphs/0/1/name/placeholder   | "XXXXXXXXX"                | neither
    /preface/paragraphs/0/1/name/placeholder   | "Xx"                       | neither
    /preface/paragraphs/0/1/name/placeholder   | "Y"                        | neither
    /preface/figures/0/value                   | "5次"                      | both
    /preface/figures/0/value                   | "X次"                      | both
    /preface/figures/0/value                   | "30 余万元"                | both
    /preface/figures/0/value                   | "more than 300,000 yuan"   | both
    /preface/figures/0/value                   | ""                         | neither
    /preface/figures/0/value                   | " "                        | neither
    /preface/figures/0/value                   | "3O余"                     | schema
    /areas/0/id                                | "epidemic"                 | both
    /areas/0/id                                | "意识形态"                 | both
    /areas/0/id                                | "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" | both
    /areas/0/id                                | ""                         | neither
    /areas/0/id                                | "two words"                | neither
    /areas/0/id                                | "tab\there"                | neither
    /areas/0/id                                | "no\u00a0break"            | neither
    /areas/0/id                                | "\u3000ideographic"        | neither
    /areas/0/id                                | "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" | neither
    /areas/0/id                                | "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中" | schema
    /plan/items/0/due                          | "2021-12-31"               | both
    /plan/items/0/due                          | "2021-13-01"               | neither
    /plan/items/0/due                          | "2021-02-30"               | neither
    /plan/items/0/due                          | "20211231"                 | neither
    /plan/items/0/due                          | "2021-12-31T00:00"         | neither
    /plan/items/0/due                          | "2021-1-5"                 | crate
    /plan/items/0/due                          | " 2021-12-31"              | crate
    /plan/items/0/weight                       | "1"                        | both
    /plan/items/0/weight                       | "0.5"                      | both
    /plan/items/0/weight                       | "-2.25"                    | both
    /plan/items/0/weight                       | "+2"                       | both
    /plan/items/0/weight                       | ".5"                       | both
    /plan/items/0/weight                       | "5."                       | both
    /plan/items/0/weight                       | ""                         | neither
    /plan/items/0/weight                       | "much"                     | neither
    /plan/items/0/weight                       | "1.2.3"                    | neither
    /plan/items/0/weight                       | " 1"                       | neither
    /plan/items/0/weight                       | "1_000"                    | crate
    /plan/items/0/weight                       | "1e3"                      | crate
    /plan/items/0/targets/0/comparator         | ">="                       | both
    /plan/items/0/targets/0/comparator         | "≥"                        | both
    /plan/items/0/targets/0/comparator         | ">"                        | both
    /plan/items/0/targets/0/comparator         | "<="                       | both
    /plan/items/0/targets/0/comparator         | "≤"                        | both
    /plan/items/0/targets/0/comparator         | "<"                        | both
    /plan/items/0/targets/0/comparator         | "="                        | both
    /plan/items/0/targets/0/comparator         | "=="                       | both
    /plan/items/0/targets/0/comparator         | " >= "                     | both
    /plan/items/0/targets/0/comparator         | "=>"                       | neither
    /plan/items/0/targets/0/comparator         | "!="                       | neither
    /plan/items/0/targets/0/comparator         | ""                         | neither
    /plan/items/0/targets/0/comparator         | "at least"                 | neither
"#;

#[test]
fn text_values_agree_with_the_crate() {
    let probe = parse(PROBE);
    let mut wrong = Vec::new();
    for row in rows(TEXT_VALUES) {
        let [pointer, text, expected] = row[..] else { panic!("a text value has three columns: {row:?}") };
        let doc = edit(&probe, pointer, Some(parse(text)));
        let by_crate = workreport::json::from_str::<Report>(&doc.to_string()).is_ok();
        let by_schema = SCHEMAS.report.is_valid(&doc);
        let actual = match (by_crate, by_schema) {
            (true, true) => "both",
            (false, false) => "neither",
            (true, false) => "crate",
            (false, true) => "schema",
        };
        if actual != expected {
            wrong.push(format!("{pointer} {text}: expected {expected}, got {actual}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn catalogs_validate_as_written_and_refused_ones_are_refused() {
    let catalog = Catalog::new(vec![
        Metric::new("meetings".parse().unwrap(), "会议", "次".parse().unwrap())
            .en("meetings")
            .alias("召开会议")
            .kind(MetricKind::Flow)
            .direction(Direction::HigherIsBetter)
            .tag("ideology"),
        Metric::new("members".parse().unwrap(), "成员", "人".parse().unwrap())
            .kind(MetricKind::DistinctCount)
            .disjoint(),
        Metric::new("rate".parse().unwrap(), "出席率", "%".parse().unwrap())
            .ratio_of("meetings".parse().unwrap(), "members".parse().unwrap()),
    ])
    .expect("a valid catalog");
    let written = parse(&workreport::json::to_string(&catalog).expect("a catalog always serialises"));
    let errors = schema_errors(&SCHEMAS.catalog, &written);
    assert!(errors.is_empty(), "the schema refuses the crate's catalog:\n{}", errors.join("\n"));
    // The catalog uses every field a metric has.
    let fields = schema("catalog.schema.json")["$defs"]["Metric"]["properties"].clone();
    let metrics = written["metrics"].as_array().expect("a list of metrics");
    for field in fields.as_object().expect("properties").keys() {
        assert!(metrics.iter().any(|m| m.get(field).is_some()), "no metric has `{field}`");
    }

    let cases = [
        ("no metrics", json!({})),
        ("unknown field", json!({"metrics": [], "version": 1})),
        ("metric without unit", json!({"metrics": [{"key": "m", "label": {"zh": "会"}}]})),
        ("unknown kind", json!({"metrics": [{"key": "m", "label": {"zh": "会"}, "unit": "次", "kind": "sum"}]})),
        ("disjoint null", json!({"metrics": [{"key": "m", "label": {"zh": "会"}, "unit": "次", "disjoint": null}]})),
        ("label as a string", json!({"metrics": [{"key": "m", "label": "会", "unit": "次"}]})),
        ("unknown label field", json!({"metrics": [{"key": "m", "label": {"zh": "会", "fr": "x"}, "unit": "次"}]})),
    ];
    for (name, doc) in &cases {
        assert!(workreport::json::from_str::<Catalog>(&doc.to_string()).is_err(), "{name}: the crate reads it");
        assert!(!SCHEMAS.catalog.is_valid(doc), "{name}: the schema accepts it");
    }
}

#[test]
fn org_trees_validate_as_written_and_refused_ones_are_refused() {
    let org = OrgUnit::new("township".parse().unwrap(), "X镇")
        .name_en("X Township")
        .child(OrgUnit::new("nanshui".parse().unwrap(), "南水屯居委会"));
    let written = parse(&workreport::json::to_string(&org).expect("an org tree always serialises"));
    let errors = schema_errors(&SCHEMAS.org, &written);
    assert!(errors.is_empty(), "the schema refuses the crate's org tree:\n{}", errors.join("\n"));
    for (name, doc) in [
        ("no name", json!({"id": "a"})),
        ("unknown field", json!({"id": "a", "name": "n", "parent": "b"})),
        ("child without id", json!({"id": "a", "name": "n", "children": [{"name": "m"}]})),
        ("id with a space", json!({"id": "a b", "name": "n"})),
    ] {
        assert!(workreport::json::from_str::<OrgUnit>(&doc.to_string()).is_err(), "{name}: the crate reads it");
        assert!(!SCHEMAS.org.is_valid(&doc), "{name}: the schema accepts it");
    }
}

/// The examples the schemas give are documents the crate reads.
#[test]
fn schema_examples_validate_and_load() {
    let examples = |name: &str| schema(name)["examples"].as_array().cloned().unwrap_or_default();
    for doc in examples("report.schema.json") {
        assert!(SCHEMAS.report.is_valid(&doc), "{doc}");
        workreport::json::from_str::<Report>(&doc.to_string()).unwrap_or_else(|e| panic!("{e}: {doc}"));
    }
    for doc in examples("catalog.schema.json") {
        assert!(SCHEMAS.catalog.is_valid(&doc), "{doc}");
        workreport::json::from_str::<Catalog>(&doc.to_string()).unwrap_or_else(|e| panic!("{e}: {doc}"));
    }
    for doc in schema("org.schema.json")["$defs"]["OrgUnit"]["examples"].as_array().into_iter().flatten() {
        assert!(SCHEMAS.org.is_valid(doc), "{doc}");
        workreport::json::from_str::<OrgUnit>(&doc.to_string()).unwrap_or_else(|e| panic!("{e}: {doc}"));
    }
}
