//! Rendering a large report (about 1 MB of Markdown), in bytes of output
//! per second.
//!
//! `cargo bench --bench render -- --warm-up-time 1 --measurement-time 3`
//!
//! - `render/markdown`: `Markdown` over the report.
//! - `render/html`: `Html` (one page: prose, figures table, charts,
//!   totals) over the same report.
//! - `render/pulldown_cmark_push_html`: pulldown-cmark parsing the Markdown
//!   our renderer wrote for that report and writing it as HTML with
//!   `push_html`: the baseline both are measured against (target ≥ 1.0×).
//!
//! Each throughput counts the bytes that bench writes.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};
use workreport::aggregate::{Rollup, RollupOptions};
use workreport::render::html::Html;
use workreport::render::markdown::Markdown;
use workreport::render::{Document, Render};
use workreport::{Catalog, Metric, Observation, OrgUnit, Period, Report, Status};

const AREAS: usize = 700;
const ITEMS: usize = 400;

fn catalog() -> Catalog {
    let metrics = (0..12)
        .map(|i| {
            let unit = ["次", "场", "万元", "条"][i % 4];
            Metric::new(format!("metric_{i:02}").parse().expect("key"), format!("指标{i}"), unit.parse().expect("unit"))
        })
        .collect();
    Catalog::new(metrics).expect("catalog")
}

/// A township of 30 units with 700 work areas (each with two sub-areas),
/// 40 problems and 400 plan items with targets, owners, due dates and
/// statuses; a figure (exact, unknown or qualified) every 200 bytes or so
/// of Markdown, about as dense as the filled township report of the
/// tests, and denser than the seed (one in 670 bytes).
fn report() -> Report {
    let year = Period::year(2020).expect("year");
    let mut org = OrgUnit::new("town".parse().expect("id"), "清泉镇");
    for u in 0..30 {
        org = org.child(OrgUnit::new(format!("unit{u}").parse().expect("id"), format!("第{u}居委会")));
    }
    let mut b = Report::builder("清泉镇2020年工作总结及2021年工作计划", year)
        .org(org)
        .preface("今年以来，在{name:镇党委}的领导下，扎实有序推进各项工作，现将工作总结如下：");
    let figure = |i: usize, j: usize| {
        let unit = ["次", "场", "万元", "条"][(i + j) % 4];
        match (i + j) % 5 {
            0 => format!("{{X {unit} @metric_{:02}}}", (i + j) % 12),
            1 => format!("{{{} 余{unit} @metric_{:02}}}", 10 * (i + j + 1), (i + j) % 12),
            _ => format!("{{{} {unit} @metric_{:02}}}", i * 7 + j, (i + j) % 12),
        }
    };
    for i in 0..AREAS {
        let text = format!(
            "组织召开专题会议{}，开展“学习*强国*”[评比]活动{}，深入基层一线讲党课、做宣讲，\
             通过理论武装增强领导班子的政治意识、大局意识、核心意识、看齐意识，\
             推动新时代主流思想引领影响群众，在辖区营造崇尚孝道、传承好家风的良好氛围。\n\
             投入资金{}，发布信息{}。强化阵地建设，对{{name:X}}综合文化服务中心进行改造提升，\
             于{{date:X月X日}}举行仪式，营造健康向上的良好氛围，让基层党员群众充分了解工作，\
             形成比学赶超、积极向上的氛围；突出社会主义核心价值观引领，\
             在居委会打造文化墙和文化景观小品，融入文明新风。",
            figure(i, 0),
            figure(i, 1),
            figure(i, 2),
            figure(i, 3)
        );
        b = b.area(&format!("area-{i}"), &format!("第{i}项工作：强化责任担当，推进重点任务落实"), &text);
        for s in 0..2 {
            b = b.subarea(
                &format!("area-{i}-{s}"),
                &format!("子项{s}：完善工作机制"),
                &format!(
                    "开展活动{}，完善提升基层综合文化服务中心，结合新时代文明实践站建设，\
                     对基础薄弱的居委会的文化服务中心进行整合完善。",
                    figure(i, s + 4)
                ),
            );
        }
    }
    for p in 0..40 {
        b = b
            .problem(
                &format!("problem-{p}"),
                &format!("问题{p}：学习不够深入"),
                "集中学习多，研讨交流少，有待进一步加强。",
            )
            .concerning(&format!("area-{p}"));
    }
    b = b.plan(year.next(), "2021年工作计划");
    for i in 0..ITEMS {
        b = b
            .plan_item(
                &format!("item-{i}"),
                &format!("任务{i}：抓好责任落实"),
                "组织召开专题会议，全面安排部署工作，细化工作职责。",
            )
            .addresses(&format!("problem-{}", i % 40))
            .target(
                &format!("metric_{:02}", i % 12),
                ">=",
                &format!("{} {}", 10 + i, ["次", "场", "万元", "条"][i % 4]),
            )
            .owner("党委宣传委员")
            .due("2021-12-31");
    }
    let mut report = b.build().expect("the report builds");
    let statuses = [None, Some(Status::Done), Some(Status::Partly), Some(Status::InProgress), Some(Status::NotDone)];
    for (i, item) in report.plan.items.iter_mut().enumerate() {
        item.status = statuses[i % statuses.len()];
    }
    report
}

fn observations() -> Vec<Observation> {
    let year = Period::year(2020).expect("year");
    (0..30)
        .flat_map(|u| {
            (0..12).map(move |m| {
                let unit = ["次", "场", "万元", "条"][m % 4];
                let value = if (u + m) % 9 == 0 { format!("X{unit}") } else { format!("{}{unit}", u + m) };
                Observation::new(
                    format!("metric_{m:02}").parse().expect("key"),
                    format!("unit{u}").parse().expect("org"),
                    year,
                    value.parse().expect("value"),
                )
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let report = report();
    let catalog = catalog();
    let rollup = Rollup::new(&catalog, report.org.as_ref(), &observations(), &RollupOptions::new());
    let doc = Document::new(&report).catalog(&catalog).rollup(&rollup);
    let md = Markdown::new().render_to_string(&doc);
    let html = Html::new().render_to_string(&doc);
    let mut baseline = String::new();
    pulldown_cmark::html::push_html(&mut baseline, Parser::new_ext(&md, Options::ENABLE_TABLES));
    eprintln!(
        "output: Markdown {} bytes, HTML {} bytes, pulldown-cmark HTML {} bytes",
        md.len(),
        html.len(),
        baseline.len()
    );

    let mut g = c.benchmark_group("render");
    g.throughput(Throughput::Bytes(md.len() as u64));
    g.bench_function("markdown", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(md.len());
            Markdown::new().render(black_box(&doc), &mut out).expect("a string grows");
            out
        })
    });
    g.throughput(Throughput::Bytes(html.len() as u64));
    g.bench_function("html", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(html.len());
            Html::new().render(black_box(&doc), &mut out).expect("a string grows");
            out
        })
    });
    g.throughput(Throughput::Bytes(baseline.len() as u64));
    g.bench_function("pulldown_cmark_push_html", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(baseline.len());
            pulldown_cmark::html::push_html(&mut out, Parser::new_ext(black_box(&md), Options::ENABLE_TABLES));
            out
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
