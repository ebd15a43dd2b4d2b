//! Rolling up a million observations in memory.
//!
//! `cargo bench --bench rollup -- --warm-up-time 1 --measurement-time 5 --sample-size 10`
//!
//! Two shapes of 1,000,000 observations, one per (metric, unit) for 2020,
//! pushed unit by unit as a CSV of unit reports would list them; one value
//! in 16 is `约N次`, one in 16 `N余次`, the rest exact integers:
//!
//! - `1k_metrics_x_1k_units`: 1,000 flow metrics, 1,000 leaf units under one root;
//! - `100_metrics_x_10k_units`: 100 metrics, 10,000 leaf units under one root.
//!
//! Functions, each per shape, throughput in observations:
//!
//! - `engine`: `Partial::new`, 1 M `push_indexed` (keys interned beforehand),
//!   then `Rollup::from_partial` — totals for every node with coverage and
//!   provenance (every cell keeps the sequence number of its observation, so
//!   `Total::sources` can list them);
//! - `engine_interned_values`: the same, with the distinct parsed values
//!   interned in the partial (`Partial::intern_value`, timed) and each
//!   observation pushed by value index (`push_interned`), as the CSV
//!   loader pushes them (it parses each distinct text once), so the
//!   engine does not stream an 80-byte entry per observation from memory;
//! - `floor`: a plain loop that adds the same `Decimal`s (the written number,
//!   30 for `30余`) into a `Vec<Decimal>` by metric index;
//! - `merge`: `Partial::merge` of two partials of 500,000 observations each
//!   (split by unit), building them not timed;
//! - `intern`: the lookups the engine's callers do before `push_indexed`:
//!   `metric_index(&str)`, `find_org_index(&str)` and `period_index` for
//!   every observation.
//!
//! Times are this thread's CPU time (`/proc/thread-self/schedstat`, in
//! nanoseconds) where Linux gives it, so other processes on a busy machine
//! do not inflate them; `ROLLUP_BENCH_CLOCK=wall` measures wall-clock time
//! instead (and elsewhere than Linux it is the only clock).

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use workreport::aggregate::{MetricIndex, OrgIndex, Partial, PeriodIndex, Rollup, RollupOptions, ValueIndex};
use workreport::{Catalog, Metric, OrgUnit, Period, Quantity};

/// One shape: its catalog, tree, and observations in push order.
struct Shape {
    name: &'static str,
    catalog: Catalog,
    tree: OrgUnit,
    period: Period,
    /// (metric, unit, period, value), interned against a partial built
    /// with `Partial::new(&catalog, Some(&tree))` and 2020 as period 0.
    observations: Vec<(MetricIndex, OrgIndex, PeriodIndex, Quantity)>,
    /// The same observations with each value as its place in `values`.
    shared: Vec<(MetricIndex, OrgIndex, PeriodIndex, u32)>,
    /// The distinct values, as parsed once.
    values: Vec<Quantity>,
    /// (metric index, written number) of the same observations, for the floor.
    numbers: Vec<(u32, Decimal)>,
    metric_keys: Vec<String>,
    org_ids: Vec<String>,
}

fn shape(name: &'static str, metrics: usize, units: usize) -> Shape {
    let metric_keys: Vec<String> = (0..metrics).map(|m| format!("m{m:05}")).collect();
    let catalog = Catalog::new(
        metric_keys
            .iter()
            .map(|k| Metric::new(k.parse().expect("key"), format!("指标{k}"), "次".parse().expect("unit")))
            .collect(),
    )
    .expect("catalog");
    let org_ids: Vec<String> = (0..units).map(|u| format!("u{u:05}")).collect();
    let tree = org_ids.iter().fold(OrgUnit::new("root".parse().expect("id"), "X 镇"), |t, id| {
        t.child(OrgUnit::new(id.parse().expect("id"), format!("{id} 居委会")))
    });
    let period = Period::year(2020).expect("year");
    let mut template = Partial::new(&catalog, Some(&tree));
    let p = template.period_index(period);
    let mut parsed: HashMap<String, u32> = HashMap::new();
    let mut values: Vec<Quantity> = Vec::new();
    let mut shared = Vec::with_capacity(metrics * units);
    let mut observations = Vec::with_capacity(metrics * units);
    let mut numbers = Vec::with_capacity(metrics * units);
    for (u, org) in org_ids.iter().enumerate() {
        let o = template.find_org_index(org).expect("interned by Partial::new");
        for (m, key) in metric_keys.iter().enumerate() {
            let i = u * metrics + m;
            let n = (i * 7919) % 50 + 1;
            let text = match i % 16 {
                7 => format!("约{}次", (n / 10 + 1) * 10),
                13 => format!("{}余次", (n / 10 + 1) * 10),
                _ => format!("{n}次"),
            };
            let v = *parsed.entry(text).or_insert_with_key(|t| {
                values.push(t.parse().expect("quantity"));
                values.len() as u32 - 1
            });
            let q = &values[v as usize];
            numbers.push((m as u32, q.value().number().expect("a number")));
            let metric = template.metric_index(key).expect("in the catalog");
            observations.push((metric, o, p, q.clone()));
            shared.push((metric, o, p, v));
        }
    }
    Shape { name, catalog, tree, period, observations, shared, values, numbers, metric_keys, org_ids }
}

impl Shape {
    fn partial(&self, observations: &[(MetricIndex, OrgIndex, PeriodIndex, Quantity)]) -> Partial {
        let mut partial = Partial::new(&self.catalog, Some(&self.tree));
        partial.period_index(self.period);
        for (m, o, p, q) in observations {
            partial.push_indexed(*m, *o, *p, q);
        }
        partial
    }

    fn rollup(&self) -> Rollup {
        Rollup::from_partial(self.partial(&self.observations), &self.catalog, Some(&self.tree), &RollupOptions::new())
    }

    /// [`Shape::rollup`] from the distinct values, interned, and the
    /// observations by value index.
    fn rollup_interned(&self) -> Rollup {
        let mut partial = Partial::new(&self.catalog, Some(&self.tree));
        partial.period_index(self.period);
        let values: Vec<ValueIndex> = self.values.iter().map(|v| partial.intern_value(v.clone())).collect();
        for (m, o, p, v) in &self.shared {
            partial.push_interned(*m, *o, *p, values[*v as usize]);
        }
        Rollup::from_partial(partial, &self.catalog, Some(&self.tree), &RollupOptions::new())
    }
}

/// What the benchmarks time.
#[derive(Clone, Copy, Debug)]
enum Clock {
    /// This thread's CPU time, user and system.
    Cpu,
    /// Wall-clock time.
    Wall,
}

impl Clock {
    fn from_env() -> Clock {
        let wall = std::env::var("ROLLUP_BENCH_CLOCK").is_ok_and(|v| v == "wall");
        if wall || thread_cpu_time().is_none() { Clock::Wall } else { Clock::Cpu }
    }

    fn now(self) -> Duration {
        static START: OnceLock<Instant> = OnceLock::new();
        match self {
            Clock::Cpu => thread_cpu_time().unwrap_or_default(),
            Clock::Wall => START.get_or_init(Instant::now).elapsed(),
        }
    }

    /// The time `iters` runs of `f` take.
    fn time<T>(self, iters: u64, mut f: impl FnMut() -> T) -> Duration {
        let start = self.now();
        for _ in 0..iters {
            black_box(f());
        }
        self.now().saturating_sub(start)
    }
}

/// The CPU time this thread has run, from the first field of
/// `/proc/thread-self/schedstat` (nanoseconds).
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(text.split_whitespace().next()?.parse().ok()?))
}

fn shapes() -> Vec<Shape> {
    vec![shape("1k_metrics_x_1k_units", 1_000, 1_000), shape("100_metrics_x_10k_units", 100, 10_000)]
}

/// The engine agrees with the floor (every metric's total holds the sum of
/// the written numbers, 30 for `30余`), keeps its sources, and gives the
/// same totals from two merged halves and from interned values.
fn check(s: &Shape) {
    let rollup = s.rollup();
    let mut floor = vec![Decimal::ZERO; s.metric_keys.len()];
    for (m, d) in &s.numbers {
        floor[*m as usize] += d;
    }
    for (key, sum) in s.metric_keys.iter().zip(&floor) {
        let total = rollup.get(key, "root", &s.period).expect("a total");
        let value = total.value().expect("known");
        let (lower, upper) = (value.lower().value().expect("bounded"), value.upper().value().expect("bounded"));
        assert!(lower <= *sum && *sum <= upper, "{key}: {sum} is not in {value}");
        assert_eq!(total.coverage().reported as usize, s.org_ids.len(), "{key}");
    }
    let first = rollup.get(&s.metric_keys[0], "root", &s.period).expect("a total");
    assert_eq!(first.sources().len(), s.org_ids.len());
    let half = s.observations.len() / 2;
    let mut a = s.partial(&s.observations[..half]);
    a.merge(s.partial(&s.observations[half..]));
    let merged = Rollup::from_partial(a, &s.catalog, Some(&s.tree), &RollupOptions::new());
    for (x, y) in rollup.totals().zip(merged.totals()) {
        assert_eq!((x.metric(), x.org(), x.value()), (y.metric(), y.org(), y.value()));
    }
    assert_eq!(rollup.totals().count(), merged.totals().count());
    let interned = s.rollup_interned();
    for (x, y) in rollup.totals().zip(interned.totals()) {
        assert_eq!((x.metric(), x.org(), x.value(), x.sources()), (y.metric(), y.org(), y.value(), y.sources()));
    }
    assert_eq!(rollup.totals().count(), interned.totals().count());
}

fn benches(c: &mut Criterion) {
    let clock = Clock::from_env();
    eprintln!("rollup benches: timing {clock:?} time");
    for s in shapes() {
        check(&s);

        let mut group = c.benchmark_group(s.name);
        group.throughput(Throughput::Elements(s.observations.len() as u64));
        group.bench_function("engine", |b| b.iter_custom(|iters| clock.time(iters, || s.rollup())));
        group.bench_function("engine_interned_values", |b| {
            b.iter_custom(|iters| clock.time(iters, || s.rollup_interned()))
        });
        group.bench_function("floor", |b| {
            b.iter_custom(|iters| {
                clock.time(iters, || {
                    let mut sums = vec![Decimal::ZERO; s.metric_keys.len()];
                    for (m, d) in black_box(&s.numbers) {
                        sums[*m as usize] += d;
                    }
                    sums
                })
            })
        });
        let half = s.observations.len() / 2;
        let (a, b) = (s.partial(&s.observations[..half]), s.partial(&s.observations[half..]));
        group.bench_function("merge", |bench| {
            bench.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Copying the inputs is not timed; the merge, which consumes `b`, is.
                    let (mut a, b) = (a.clone(), b.clone());
                    let start = clock.now();
                    a.merge(b);
                    total += clock.now().saturating_sub(start);
                    black_box(&a);
                }
                total
            })
        });
        let partial = s.partial(&[]);
        group.bench_function("intern", |b| {
            let mut partial = partial.clone();
            b.iter_custom(|iters| {
                clock.time(iters, || {
                    let mut n = 0u64;
                    for org in black_box(&s.org_ids) {
                        for key in &s.metric_keys {
                            let m = partial.metric_index(key);
                            let o = partial.find_org_index(org);
                            black_box(partial.period_index(s.period));
                            n += u64::from(m.is_some() && o.is_some());
                        }
                    }
                    n
                })
            })
        });
        group.finish();
    }
}

criterion_group!(rollup, benches);
criterion_main!(rollup);
