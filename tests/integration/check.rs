//! Checks over fixture reports: every finding, as a reader would see it.

use workreport::check::{CheckOptions, check};
use workreport::{Catalog, Report, json};

fn catalog() -> Catalog {
    json::from_str(include_str!("../fixtures/check/catalog.json")).unwrap()
}

#[test]
fn fixtures() {
    let catalog = catalog();
    insta::glob!("../fixtures/check", "*.json", |path| {
        if path.ends_with("catalog.json") {
            return;
        }
        let report: Report = json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let findings = check(&report, &CheckOptions::new().catalog(&catalog));
        let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(lines.join("\n"));
    });
}

#[test]
fn without_a_catalog_metrics_are_not_checked() {
    let report: Report = json::from_str(include_str!("../fixtures/check/everything-wrong.json")).unwrap();
    let with = check(&report, &CheckOptions::new().catalog(&catalog()));
    let without = check(&report, &CheckOptions::new());
    assert!(without.len() < with.len());
    assert!(
        without.iter().all(|d| !matches!(d.code, workreport::Code::UnknownMetric | workreport::Code::UnitMismatch))
    );
}
