//! Reading plain text into a report, in bytes of input per second.
//!
//! `cargo bench --bench parse -- --warm-up-time 1 --measurement-time 3`
//!
//! - `parse/<file>`: [`workreport::ingest::text::parse`] over each file of
//!   `shared/corpus/` and the seed.
//! - `pulldown_cmark/<file>`: pulldown-cmark parsing a Markdown document
//!   of the same size (the corpus's English review repeated), all
//!   extensions on, every event consumed: the baseline (target ≥ 0.5×).
//! - `linearity/corpus_x1`, `linearity/corpus_x10`: the corpus (less the
//!   two files in web pages, whose footers end a document) once and ten
//!   times over (target: ×10 takes ≤ 11× the time of ×1).
//! - `linearity/digits_*`, `linearity/brackets_*` (nested),
//!   `linearity/markers_1mb`, `linearity/figures_*`: one line of 256 KB
//!   and of a megabyte that would make a backtracking reader go
//!   quadratic; linear when the throughput is the same at both sizes.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};
use workreport::ingest::text;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

/// The corpus and the seed, by file name, in name order.
fn inputs() -> Vec<(String, String)> {
    let dir = Path::new(SHARED).join("corpus");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter_map(|p| {
                    let name = p.file_name()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if let Ok(seed) = std::fs::read_to_string(Path::new(SHARED).join("seed/work-summary-2020.txt")) {
        files.push(("seed".to_owned(), seed));
    }
    files
}

/// A Markdown document of at least `len` bytes: the English review of the
/// corpus (headings, paragraphs, links, a list), repeated.
fn markdown(len: usize, model: &str) -> String {
    let mut out = String::with_capacity(len + model.len());
    while out.len() < len {
        out.push_str(model);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let files = inputs();
    let model = files
        .iter()
        .find(|(n, _)| n.starts_with("en-"))
        .map_or("# A\n\nSome *text*.\n", |(_, t)| t.as_str())
        .to_owned();

    let mut group = c.benchmark_group("parse");
    for (name, input) in &files {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| text::parse(black_box(input)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("pulldown_cmark");
    for (name, input) in &files {
        let md = markdown(input.len(), &model);
        group.throughput(Throughput::Bytes(md.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &md, |b, md| {
            b.iter(|| Parser::new_ext(black_box(md), Options::all()).count())
        });
    }
    group.finish();

    // The files without a web page around them: a page's footer (`查看更多`,
    // `责任编辑`) would rightly turn everything after it into chrome.
    let corpus: String = files
        .iter()
        .filter(|(n, _)| n != "seed" && !n.contains("webpage"))
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let ten = [corpus.as_str(); 10].join("\n\n");
    let mut group = c.benchmark_group("linearity");
    group.sample_size(10);
    let cases = [
        ("corpus_x1", corpus.clone()),
        ("corpus_x10", ten),
        ("digits_256kb", "1".repeat(1 << 18)),
        ("digits_1mb", "1".repeat(1 << 20)),
        ("brackets_256kb", "（".repeat((1 << 18) / 6) + &"）".repeat((1 << 18) / 6)),
        ("brackets_1mb", "（".repeat((1 << 20) / 6) + &"）".repeat((1 << 20) / 6)),
        ("markers_1mb", "（一）".repeat((1 << 20) / 9)),
        ("figures_256kb", "组织学习X次，".repeat((1 << 18) / 24)),
        ("figures_1mb", "组织学习X次，".repeat((1 << 20) / 24)),
    ];
    for (name, input) in &cases {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| text::parse(black_box(input)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
