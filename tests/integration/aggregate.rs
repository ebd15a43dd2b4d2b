//! Roll-ups: the kind × period rules as a table, laws against a naive
//! reference, plan progress and comparisons.

use std::fmt::Write as _;

use workreport::aggregate::{Rollup, RollupOptions};
use workreport::{Catalog, Metric, MetricKind, Observation, OrgUnit, Period};

fn town() -> OrgUnit {
    OrgUnit::new("town".parse().unwrap(), "X 镇")
        .child(OrgUnit::new("a".parse().unwrap(), "南水屯"))
        .child(OrgUnit::new("b".parse().unwrap(), "北水屯"))
        .child(OrgUnit::new("c".parse().unwrap(), "南堰头"))
}

/// The catalog of a case: metric `m` of the case's kind, and for linked
/// ratios its numerator `num` and denominator `den`.
fn catalog(name: &str) -> Catalog {
    let kind = name.split_whitespace().next().unwrap();
    let unit = if name.contains("scales") {
        "万元"
    } else if kind == "ratio" {
        "%"
    } else if kind == "distinct_count" {
        "人"
    } else {
        "次"
    };
    let mut m = Metric::new("m".parse().unwrap(), "指标", unit.parse().unwrap());
    m = m.kind(match kind {
        "flow" => MetricKind::Flow,
        "stock" => MetricKind::Stock,
        "cumulative" => MetricKind::Cumulative,
        "ratio" => MetricKind::Ratio,
        "distinct_count" => MetricKind::DistinctCount,
        _ => MetricKind::NonAdditive,
    });
    if name.contains("disjoint") {
        m = m.disjoint();
    }
    let mut metrics = vec![];
    if name.contains("linked") && !name.contains("unlinked") {
        m = m.ratio_of("num".parse().unwrap(), "den".parse().unwrap());
        metrics.push(Metric::new("num".parse().unwrap(), "分子", "户".parse().unwrap()));
        metrics.push(Metric::new("den".parse().unwrap(), "分母", "户".parse().unwrap()));
    }
    metrics.push(m);
    Catalog::new(metrics).unwrap()
}

fn observations(text: &str) -> Vec<Observation> {
    let mut out = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let mut words = part.split_whitespace();
        let (org, period) = (words.next().unwrap(), words.next().unwrap());
        for value in words {
            let (metric, value) = value.split_once('=').unwrap_or(("m", value));
            out.push(Observation::new(
                metric.parse().unwrap(),
                org.parse().unwrap(),
                period.parse().unwrap(),
                value.parse().unwrap(),
            ));
        }
    }
    out
}

fn describe(rollup: &Rollup, node: &str, period: &Period) -> String {
    let mut s = String::new();
    match rollup.get("m", node, period) {
        None => s.push_str("no total"),
        Some(t) => {
            let c = t.coverage();
            let value = t.value().map_or("unknown".to_owned(), |v| v.to_string());
            write!(s, "{value} → `{}`; {}/{} reported", t.quantity(), c.reported, c.expected()).unwrap();
            for (label, n) in [("partial", c.partial), ("unknown", c.unknown), ("missing", c.missing)] {
                if n > 0 {
                    write!(s, ", {n} {label}").unwrap();
                }
            }
            s.push_str(if t.is_exact() { "; exact" } else { "; inexact" });
            if let Some(st) = t.stated() {
                write!(s, "; stated {st}").unwrap();
            }
            if t.is_ratio_range() {
                s.push_str("; range of units' ratios");
            }
            let sources: Vec<String> = t.sources().iter().map(|x| format!("{}@{}", x.org, x.period)).collect();
            write!(s, "; from {}", sources.join(" ")).unwrap();
        }
    }
    for d in rollup.diagnostics() {
        write!(s, "\n    {}[{}] {}", d.severity, d.code, d.message).unwrap();
    }
    s
}

#[test]
fn kinds_and_periods() {
    let table = include_str!("../fixtures/aggregate/kinds.txt");
    let mut out = String::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (name, obs, query) = (cols[0], cols[1], cols[2]);
        let (node, period) = query.split_once(' ').unwrap();
        let period: Period = period.parse().unwrap();
        let rollup = Rollup::new(&catalog(name), Some(&town()), &observations(obs), &RollupOptions::new());
        writeln!(out, "{name}: {}", describe(&rollup, node, &period)).unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn plan_progress_edge_cases() {
    use workreport::aggregate::target_progress;
    use workreport::{Comparator, Direction, Target};
    let mut out = String::new();
    for line in include_str!("../fixtures/aggregate/progress.txt").lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (cmp, goal) = cols[0].split_once(' ').unwrap();
        let mut target = Target::new("m".parse().unwrap(), cmp.parse::<Comparator>().unwrap(), goal.parse().unwrap());
        if cols[1] != "-" {
            target = target.baseline(cols[1].parse().unwrap());
        }
        let direction = match cols[2] {
            "higher_is_better" => Direction::HigherIsBetter,
            "lower_is_better" => Direction::LowerIsBetter,
            _ => Direction::Neutral,
        };
        let actual = (cols[3] != "-").then(|| cols[3].parse().unwrap());
        let p = target_progress(&target, actual.as_ref(), direction).unwrap();
        let fraction = p.fraction.map_or("-".to_owned(), |f| f.to_string());
        writeln!(
            out,
            "{line}\n    → {:?}, fraction {fraction}{}",
            p.status,
            p.note.map(|n| format!(" ({n})")).unwrap_or_default()
        )
        .unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn comparison_edge_cases() {
    use workreport::aggregate::compare;
    let mut out = String::new();
    for line in include_str!("../fixtures/aggregate/compare.txt").lines().filter(|l| !l.starts_with('#')) {
        let (a, b) = line.split_once('|').unwrap();
        let result = match compare(&a.trim().parse().unwrap(), &b.trim().parse().unwrap()) {
            Ok(c) => format!(
                "change {} {}, growth {}{}",
                c.difference.map_or("-".to_owned(), |d| d.to_string()),
                c.difference_unit,
                c.growth_percent.map_or("-".to_owned(), |g| format!("{g}%")),
                c.note.map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            Err(e) => format!("error: {e}"),
        };
        writeln!(out, "{line}\n    → {result}").unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn indices_a_partial_did_not_give_out_are_diagnostics() {
    use workreport::aggregate::Partial;
    let catalog = catalog("flow");
    let (mut small, mut large) = (Partial::new(&catalog, None), Partial::new(&catalog, Some(&town())));
    let (metric, period) = (small.metric_index("m").unwrap(), small.period_index("2020".parse().unwrap()));
    let five = small.intern_value("5次".parse().unwrap());
    // Units and a value of another partial: `small` has no units and one value.
    let unit = large.find_org_index("c").unwrap();
    let other = large.intern_value("1次".parse().unwrap());
    let other = large.intern_value("2次".parse().unwrap()).max(other);
    small.push_interned(metric, unit, period, five);
    small.push_indexed(metric, unit, period, &"5次".parse().unwrap());
    let a = small.org_index(&"a".parse().unwrap());
    small.push_interned(metric, a, period, other);
    small.push_interned(metric, a, period, five);
    let rollup = Rollup::from_partial(small, &catalog, Some(&town()), &RollupOptions::new());
    insta::assert_snapshot!(describe(&rollup, "town", &"2020".parse().unwrap()));
}

#[test]
fn csv_errors_name_row_and_column() {
    use workreport::aggregate::Partial;
    use workreport::ingest::csv;
    let catalog =
        Catalog::new(vec![Metric::new("posts".parse().unwrap(), "微信工作动态", "条".parse().unwrap())]).unwrap();
    let load = |text: &str| -> String {
        let mut partial = Partial::new(&catalog, None);
        match csv::load(text.as_bytes(), "obs.csv", &mut partial) {
            Err(e) => format!("header error: {e}"),
            Ok(diags) => diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"),
        }
    };
    insta::assert_snapshot!(load("unit,period,metric\na,2020,posts\n"), @"header error: line 1: missing column(s): value");
    insta::assert_snapshot!(load("unit,period,metric,value,colour\na,2020,posts,1,red\n"), @r#"header error: line 1: unknown column "colour"; the columns are unit, period, metric, value and optionally uom, note"#);
    insta::assert_snapshot!(load("unit,period,metric,value,value\n"), @r#"header error: line 1: column "value" appears twice"#);
    insta::assert_snapshot!(
        load("unit,period,metric,value\na,2020,posts,3O余\nb,2020,likes,5\nc,2020,posts,5场\nd,2020-13,posts,1\ne two,2020,posts,1\nf,2020,posts\n"),
        @r#"
    error[invalid-data] obs.csv row 1 (line 2), column `value`: "3O余" is not a number
    error[unknown-metric] obs.csv row 2 (line 3), column `metric`: unknown metric "likes": the catalog has no such key
    error[unit-mismatch] obs.csv row 3: `5场` for `c` in 2020: cannot add `场` to metric `posts` counted in `条`
    error[invalid-data] obs.csv row 4 (line 5), column `period`: "2020-13" is not a period: the month must be 1 to 12
    error[invalid-data] obs.csv row 5 (line 6), column `unit`: "e two" is not a valid org id: it has whitespace or control characters
    error[invalid-data] obs.csv row 6 (line 7): the row has 3 fields where the header has 4
    "#
    );
    insta::assert_snapshot!(load("unit,period,metric,value,uom\na,2020,posts,12,条\nb,2020,posts,,\n"), @"");
}

mod laws {
    //! Roll-ups against a naive reference written plainly here: any order,
    //! any split into partials, the same totals; parts sum to the whole;
    //! unknown never becomes zero; exact iff every part is exact.

    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use workreport::aggregate::{Partial, Rollup, RollupOptions, Total};
    use workreport::{Bound, Catalog, Metric, Observation, OrgUnit, Period};

    const LEAVES: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

    fn tree() -> OrgUnit {
        let unit = |id: &str| OrgUnit::new(id.parse().unwrap(), id);
        unit("town")
            .child(unit("north").child(unit("a")).child(unit("b")).child(unit("c")))
            .child(unit("south").child(unit("d")).child(unit("e")).child(unit("f")))
    }

    fn catalog() -> Catalog {
        Catalog::new(vec![Metric::new("m".parse().unwrap(), "指标", "次".parse().unwrap())]).unwrap()
    }

    /// A unit's figure: nothing, a placeholder, or a value as reports write it.
    fn figure() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            1 => Just(None),
            1 => Just(Some("X次".to_owned())),
            4 => (0u32..200).prop_map(|n| Some(format!("{n}次"))),
            1 => (1u32..20).prop_map(|n| Some(format!("{}余次", n * 10))),
            1 => (1u32..20).prop_map(|n| Some(format!("约{}次", n * 10))),
        ]
    }

    /// The naive reference: plain loops over the leaves below `node`.
    struct Expected {
        lower: Decimal,
        lower_open: bool,
        upper: Option<(Decimal, bool)>,
        reported: u32,
        unknown: u32,
        missing: u32,
        exact: bool,
    }

    fn reference(figures: &[Option<String>], leaves: &[usize]) -> Expected {
        let (mut lower, mut upper) = (Decimal::ZERO, Decimal::ZERO);
        let (mut lower_open, mut upper_open, mut all_exact) = (false, false, true);
        let (mut reported, mut unknown, mut missing) = (0, 0, 0);
        for &i in leaves {
            match &figures[i] {
                None => missing += 1,
                Some(f) if f.starts_with('X') => unknown += 1,
                Some(f) => {
                    reported += 1;
                    let n: Decimal =
                        f.trim_start_matches('约').trim_end_matches('次').trim_end_matches('余').parse().unwrap();
                    if f.contains('余') {
                        let step = if n % Decimal::from(100) == Decimal::ZERO {
                            Decimal::from(100)
                        } else {
                            Decimal::from(10)
                        };
                        lower += n;
                        upper += n + step;
                        lower_open = true;
                        upper_open = true;
                        all_exact = false;
                    } else if f.starts_with('约') {
                        let half =
                            if n % Decimal::from(100) == Decimal::ZERO { Decimal::from(50) } else { Decimal::from(5) };
                        lower += n - half;
                        upper += n + half;
                        all_exact = false;
                    } else {
                        lower += n;
                        upper += n;
                    }
                }
            }
        }
        let complete = unknown + missing == 0;
        Expected {
            lower,
            lower_open,
            upper: complete.then_some((upper, upper_open)),
            reported,
            unknown,
            missing,
            exact: complete && all_exact,
        }
    }

    fn observations(figures: &[Option<String>]) -> Vec<Observation> {
        let year = Period::year(2020).unwrap();
        figures
            .iter()
            .zip(LEAVES)
            .filter_map(|(f, id)| {
                Some(Observation::new("m".parse().unwrap(), id.parse().unwrap(), year, f.as_ref()?.parse().unwrap()))
            })
            .collect()
    }

    /// A total as comparable text: value, coverage, exactness, sources.
    fn summary(t: Option<Total<'_>>) -> String {
        match t {
            None => "none".to_owned(),
            Some(t) => {
                let c = t.coverage();
                // Sources name observations by position, which reordering
                // changes; which units and periods they are must not change.
                let mut sources: Vec<String> = t.sources().iter().map(|s| format!("{}@{}", s.org, s.period)).collect();
                sources.sort();
                format!(
                    "{:?} {}/{}/{}/{} {} {:?}",
                    t.value().map(|v| v.normalized().to_string()),
                    c.reported,
                    c.partial,
                    c.unknown,
                    c.missing,
                    t.is_exact(),
                    sources
                )
            }
        }
    }

    fn totals(rollup: &Rollup) -> Vec<String> {
        let mut out = Vec::new();
        for period in ["2020", "2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"].map(|p| p.parse::<Period>().unwrap()) {
            out.extend(["town", "north", "south"].iter().map(|n| summary(rollup.get("m", n, &period))));
        }
        out
    }

    /// Further observations: a leaf, a period (2020 or one of its
    /// quarters), and a figure; a leaf may report a cell twice.
    fn more_observations() -> impl Strategy<Value = Vec<Observation>> {
        let periods = ["2020", "2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"];
        let one = (0..LEAVES.len(), 0..periods.len(), figure()).prop_filter_map("a figure", move |(leaf, p, f)| {
            let (period, value) = (periods[p].parse().unwrap(), f?.parse().unwrap());
            Some(Observation::new("m".parse().unwrap(), LEAVES[leaf].parse().unwrap(), period, value))
        });
        proptest::collection::vec(one, 0..8)
    }

    proptest! {
        #[test]
        fn order_and_grouping_do_not_matter(
            figures in proptest::collection::vec(figure(), 6),
            more in more_observations(),
            order in Just((0..14usize).collect::<Vec<_>>()).prop_shuffle(),
            cuts in proptest::collection::vec(0..15usize, 0..4),
        ) {
            let catalog = catalog();
            let tree = tree();
            let mut obs = observations(&figures);
            obs.extend(more);
            let whole = Rollup::new(&catalog, Some(&tree), &obs, &RollupOptions::new());

            // Reorder, split into chunks at `cuts`, build a partial per chunk,
            // and merge them right to left.
            let shuffled: Vec<Observation> = order.iter().filter_map(|&i| obs.get(i).cloned()).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(shuffled.len())).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for c in cuts.into_iter().chain([shuffled.len()]) {
                chunks.push(&shuffled[start..c.max(start)]);
                start = c.max(start);
            }
            let partials: Vec<Partial> = chunks
                .iter()
                .enumerate()
                .map(|(k, chunk)| {
                    let mut p = Partial::new(&catalog, None);
                    // Each chunk is its own dataset, so its rows are told apart from the others'.
                    p.dataset(format!("chunk {k}"));
                    for o in *chunk {
                        // Every other chunk goes the way of callers that intern keys and values.
                        if k % 2 == 0 {
                            p.push(o);
                        } else {
                            let (metric, org, period) =
                                (p.metric_index(o.metric.as_str()).unwrap(), p.org_index(&o.org), p.period_index(o.period));
                            let value = p.intern_value(o.value.clone());
                            p.push_interned(metric, org, period, value);
                        }
                    }
                    // Partials travel: each goes through its JSON form before the merge.
                    serde_json::from_str::<Partial>(&serde_json::to_string(&p).unwrap()).unwrap()
                })
                .collect();
            let merged = partials.into_iter().rev().reduce(|mut a, b| { a.merge(b); a }).unwrap();
            let regrouped = Rollup::from_partial(merged, &catalog, Some(&tree), &RollupOptions::new());

            prop_assert_eq!(totals(&whole), totals(&regrouped));
        }

        #[test]
        fn agrees_with_the_naive_reference(figures in proptest::collection::vec(figure(), 6)) {
            let rollup = Rollup::new(&catalog(), Some(&tree()), &observations(&figures), &RollupOptions::new());
            let year = Period::year(2020).unwrap();
            for (node, leaves) in [("town", vec![0, 1, 2, 3, 4, 5]), ("north", vec![0, 1, 2]), ("south", vec![3, 4, 5])] {
                let expected = reference(&figures, &leaves);
                let Some(total) = rollup.get("m", node, &year) else {
                    // No total only when nothing below the node reported at all.
                    prop_assert_eq!(expected.missing as usize, leaves.len());
                    continue;
                };
                let c = total.coverage();
                prop_assert_eq!((c.reported, c.unknown, c.missing), (expected.reported, expected.unknown, expected.missing));
                prop_assert_eq!(total.is_exact(), expected.exact);
                match total.value() {
                    // Every unit that reported gave a placeholder: no known part.
                    None => prop_assert_eq!(expected.reported, 0),
                    Some(v) => {
                        let (lower, open) = match v.lower() {
                            Bound::Closed(d) => (d, false),
                            Bound::Open(d) => (d, true),
                            Bound::Unbounded => unreachable!("counts have a lower bound"),
                        };
                        prop_assert_eq!(lower, expected.lower);
                        prop_assert_eq!(open, expected.lower_open);
                        match (v.upper(), expected.upper) {
                            // Unknown is never zero: an incomplete total has no upper bound.
                            (Bound::Unbounded, None) => {}
                            (Bound::Closed(d), Some((u, false))) | (Bound::Open(d), Some((u, true))) => prop_assert_eq!(d, u),
                            (got, want) => prop_assert!(false, "upper {got:?}, expected {want:?}"),
                        }
                    }
                }
            }
        }

        #[test]
        fn parts_sum_to_the_whole(figures in proptest::collection::vec(figure(), 6)) {
            let rollup = Rollup::new(&catalog(), Some(&tree()), &observations(&figures), &RollupOptions::new());
            let year = Period::year(2020).unwrap();
            let known = |n: &str| rollup.get("m", n, &year).and_then(|t| t.known_sum());
            let sum = match (known("north"), known("south")) {
                (Some(a), Some(b)) => Some(a.checked_add(&b).unwrap()),
                (a, b) => a.or(b),
            };
            prop_assert_eq!(known("town").map(|i| i.normalized()), sum.map(|i| i.normalized()));
        }
    }
}
