//! The sample township of `examples/data/`: its catalog and org tree in
//! both forms, and its roll-up as the `rollup` subcommand prints it.

use std::path::{Path, PathBuf};

use workreport::{Catalog, OrgUnit, Period, json};

#[allow(dead_code)]
#[path = "../../examples/workreport/rollup.rs"]
mod rollup_cli;

/// The CLI's loader, which the included subcommand calls as `super::load_document`.
fn load_document<T: workreport::DataFile>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

use crate::seed_2020;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn sample_catalog_is_the_seed_catalog() {
    let catalog: Catalog = json::from_str(&read("catalog.json")).unwrap();
    assert_eq!(catalog, seed_2020::catalog().unwrap());
    let units: OrgUnit = json::from_str(&read("units.json")).unwrap();
    assert_eq!(units.leaves().count(), 12);
    for (id, name) in [("nanyantou", "南堰头居委会"), ("nanshuitun", "南水屯居委会"), ("beishuitun", "北水屯居委会")]
    {
        assert_eq!(units.find(id).map(|u| u.name.as_str()), Some(name));
    }
    #[cfg(feature = "toml")]
    {
        let toml_catalog: Catalog = workreport::toml::from_str(&read("catalog.toml")).unwrap();
        assert_eq!(toml_catalog, catalog);
        let toml_units: OrgUnit = workreport::toml::from_str(&read("units.toml")).unwrap();
        assert_eq!(toml_units, units);
    }
}

/// Every total of the township and of three committees — 南堰头 (approximate
/// figures), 张村 (a blank figure), 南水屯 (a metric reported by quarter) —
/// then every finding.
#[test]
fn sample_township() {
    let loaded =
        rollup_cli::load_rollup(&data("observations.csv"), &data("catalog.json"), Some(&data("units.json"))).unwrap();
    let mut out = String::new();
    for org in ["township", "nanyantou", "zhangcun", "nanshuitun"] {
        out.push_str(&format!("# {org}\n"));
        for total in loaded.rollup.totals().filter(|t| t.org().as_str() == org) {
            out.push_str(&rollup_cli::total_line(&total));
            out.push('\n');
        }
    }
    out.push_str("# diagnostics\n");
    for d in loaded.diagnostics() {
        out.push_str(&format!("{d}\n"));
    }
    insta::assert_snapshot!(out);

    // The JSON form of one total: keys in order, decimals as strings, an open end as null.
    let year = Period::year(2020).unwrap();
    let total = loaded.rollup.get("public_venue_investment", "township", &year).unwrap();
    let text = serde_json::to_string(&rollup_cli::TotalJson::new(&total)).unwrap();
    insta::assert_snapshot!(text, @r#"{"metric":"public_venue_investment","org":"township","period":"2020","unit":"万元","lower":"97.5","upper":null,"lower_closed":false,"upper_closed":null,"exact":false,"reported":11,"partial":0,"unknown":0,"missing":1,"expected":12,"value":"超过97.5万元","sources":11}"#);
}
