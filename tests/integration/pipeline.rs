//! The flagship pipeline on the bundled sample: parse the seed as a
//! template, roll up the committees' CSV, fill, check, render.

#[allow(dead_code)]
#[path = "../../examples/township.rs"]
mod township;

use std::path::PathBuf;

fn args() -> township::CompileArgs {
    let data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data"));
    township::CompileArgs {
        template: data.join("work-summary-2020.txt"),
        observations: data.join("observations.csv"),
        catalog: data.join("catalog.json"),
        units: data.join("units.json"),
        last_year: Some(data.join("report-2019.json")),
        out: std::env::temp_dir().join("workreport-pipeline-test"),
        per_unit: false,
    }
}

#[test]
fn compiles_the_sample_township() {
    let inputs = township::load(&args()).expect("the sample loads");
    let compiled = township::compile(&inputs, &inputs.units);
    let summary: Vec<String> = compiled
        .fill
        .filled
        .iter()
        .map(|s| format!("filled {} = {} ({}/{})", s.metric, s.value, s.coverage.reported, s.coverage.expected))
        .chain(compiled.fill.unfilled.iter().map(|s| format!("unfilled {}: {}", s.location.path, s.reason)))
        .collect();
    let checklist: Vec<String> = inputs
        .checklist
        .iter()
        .flat_map(|c| &c.items)
        .map(|i| format!("last year's plan: {:?} {} {:?}", i.status, i.title, i.fraction.map(|f| f.to_string())))
        .collect();
    insta::assert_snapshot!("pipeline_summary", [summary, checklist].concat().join("\n"));
    insta::assert_snapshot!("pipeline_text", compiled.text);
    insta::assert_snapshot!("pipeline_markdown", compiled.markdown);
    insta::assert_snapshot!("pipeline_html", compiled.html);
}

#[test]
fn the_same_inputs_compile_to_the_same_bytes() {
    let a = township::load(&args()).unwrap();
    let b = township::load(&args()).unwrap();
    let (x, y) = (township::compile(&a, &a.units), township::compile(&b, &b.units));
    assert_eq!((x.text, x.markdown, x.html), (y.text, y.markdown, y.html));
}
