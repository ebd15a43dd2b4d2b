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
            out.push(Observation::new(metric.parse().unwrap(), org.parse().unwrap(), period.parse().unwrap(), value.parse().unwrap()));
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
