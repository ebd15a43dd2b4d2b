//! Parsing quantities and adding intervals.
//!
//! `cargo bench --bench quantity -- --warm-up-time 1 --measurement-time 3`
//!
//! - `parse/quantity`: `Quantity::from_str` over every spelling of
//!   `tests/fixtures/quantity/spellings.txt` (real reports: full-width
//!   digits, scale words, qualifiers, ranges, placeholders).
//! - `parse/decimal`: `rust_decimal::Decimal::from_str` over the bare numbers
//!   of the same spellings (`30` for `30 余万元`; placeholders skipped): the
//!   floor a quantity parser is measured against.
//! - `interval_add/fold`: 10,000 intervals, exact and open, summed with
//!   `Interval::checked_add`.
//!
//! The two `parse` groups read different counts (every spelling, the
//! spellings with a number): compare them per element, by their `thrpt`.

use std::hint::black_box;
use std::str::FromStr;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use workreport::{Interval, Quantity};

const SPELLINGS: &str = include_str!("../tests/fixtures/quantity/spellings.txt");

/// The first column of each fixture line.
fn spellings() -> Vec<&'static str> {
    SPELLINGS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('|').next().map(str::trim))
        .collect()
}

/// The first number of a spelling in ASCII digits, without thousands
/// separators: `30` for `30 余万元`, `9.7` for `９．７％`; `None` for a
/// placeholder.
fn bare_number(spelling: &str) -> Option<String> {
    let ascii = spelling.chars().map(|c| match c {
        '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
        '．' => '.',
        c => c,
    });
    let number: String = ascii
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    (!number.is_empty()).then_some(number)
}

fn parse(c: &mut Criterion) {
    let spellings = spellings();
    let numbers: Vec<String> = spellings.iter().filter_map(|s| bare_number(s)).collect();
    for s in &spellings {
        Quantity::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    }
    for n in &numbers {
        Decimal::from_str(n).unwrap_or_else(|e| panic!("{n:?}: {e}"));
    }

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(spellings.len() as u64));
    group.bench_function("quantity", |b| {
        b.iter(|| {
            for s in &spellings {
                black_box(Quantity::from_str(black_box(s)).ok());
            }
        });
    });
    group.throughput(Throughput::Elements(numbers.len() as u64));
    group.bench_function("decimal", |b| {
        b.iter(|| {
            for n in &numbers {
                black_box(Decimal::from_str(black_box(n)).ok());
            }
        });
    });
    group.finish();
}

fn interval_add(c: &mut Criterion) {
    // Two exact figures to one `余` figure: (n, n + step) and [n, n].
    let intervals: Vec<Interval> = (0..10_000u32)
        .map(|i| {
            let text = if i % 3 == 0 { format!("{}余万元", i % 97 + 1) } else { format!("{}.{}万元", i, i % 10) };
            let q = Quantity::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            q.interval().expect("known")
        })
        .collect();

    let mut group = c.benchmark_group("interval_add");
    group.throughput(Throughput::Elements(intervals.len() as u64));
    group.bench_function("fold", |b| {
        b.iter(|| black_box(&intervals).iter().try_fold(Interval::point(Decimal::ZERO), |sum, i| sum.checked_add(i)));
    });
    group.finish();
}

criterion_group!(benches, parse, interval_add);
criterion_main!(benches);
