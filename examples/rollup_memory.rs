//! Memory a roll-up holds per observation, measured with a counting global
//! allocator.
//!
//! ```text
//! cargo run --release --example rollup_memory
//! ```
//!
//! For the two shapes of `benches/rollup.rs` (1,000 metrics × 1,000 units
//! and 100 metrics × 10,000 units, one observation per cell, one value in
//! eight approximate), it builds the inputs first, then counts the bytes
//! the heap holds after pushing 1,000,000 observations into a [`Partial`]
//! and after [`Rollup::from_partial`] (which owns the partial, so keeps
//! every source), less what it held before; and the peak in between. The
//! figure per observation is that difference over 1,000,000. Capacity that
//! a `Vec` reserved and did not use counts: it is what the allocator gave.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use workreport::aggregate::{MetricIndex, OrgIndex, Partial, PeriodIndex, Rollup, RollupOptions};
use workreport::{Catalog, Metric, OrgUnit, Period, Quantity};

/// The system allocator, counting the bytes it holds and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn held(delta: isize) {
    let now = if delta >= 0 {
        HELD.fetch_add(delta.unsigned_abs(), Ordering::Relaxed) + delta.unsigned_abs()
    } else {
        HELD.fetch_sub(delta.unsigned_abs(), Ordering::Relaxed) - delta.unsigned_abs()
    };
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged; the counters are
// bookkeeping only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is `System::alloc`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            held(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            held(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        held(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `dealloc`, and `new_size` is the caller's to check.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            held(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

type Input = Vec<(MetricIndex, OrgIndex, PeriodIndex, Quantity)>;

/// The bench's shape: `metrics` flow metrics, `units` leaves under one
/// root, one observation per (unit, metric), pushed unit by unit.
fn shape(metrics: usize, units: usize) -> (Catalog, OrgUnit, Period, Input) {
    let keys: Vec<String> = (0..metrics).map(|m| format!("m{m:05}")).collect();
    let catalog = Catalog::new(
        keys.iter()
            .map(|k| Metric::new(k.parse().expect("key"), format!("指标{k}"), "次".parse().expect("unit")))
            .collect(),
    )
    .expect("catalog");
    let ids: Vec<String> = (0..units).map(|u| format!("u{u:05}")).collect();
    let tree = ids.iter().fold(OrgUnit::new("root".parse().expect("id"), "X 镇"), |t, id| {
        t.child(OrgUnit::new(id.parse().expect("id"), format!("{id} 居委会")))
    });
    let period = Period::year(2020).expect("year");
    let mut template = Partial::new(&catalog, Some(&tree));
    let p = template.period_index(period);
    let mut parsed: HashMap<String, Quantity> = HashMap::new();
    let mut input = Vec::with_capacity(metrics * units);
    for (u, id) in ids.iter().enumerate() {
        let o = template.find_org_index(id).expect("interned");
        for (m, key) in keys.iter().enumerate() {
            let i = u * metrics + m;
            let n = (i * 7919) % 50 + 1;
            let text = match i % 16 {
                7 => format!("约{}次", (n / 10 + 1) * 10),
                13 => format!("{}余次", (n / 10 + 1) * 10),
                _ => format!("{n}次"),
            };
            let q = parsed.entry(text).or_insert_with_key(|t| t.parse().expect("quantity")).clone();
            input.push((template.metric_index(key).expect("metric"), o, p, q));
        }
    }
    (catalog, tree, period, input)
}

fn main() {
    println!("shape                      observations  partial B/obs  rollup B/obs  peak B/obs");
    for (name, metrics, units) in [("1k_metrics_x_1k_units", 1_000, 1_000), ("100_metrics_x_10k_units", 100, 10_000)] {
        let (catalog, tree, period, input) = shape(metrics, units);
        let n = input.len() as f64;
        let before = HELD.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let mut partial = Partial::new(&catalog, Some(&tree));
        partial.period_index(period);
        for (m, o, p, q) in &input {
            partial.push_indexed(*m, *o, *p, q);
        }
        let with_partial = HELD.load(Ordering::Relaxed);
        let rollup = Rollup::from_partial(partial, &catalog, Some(&tree), &RollupOptions::new());
        let with_rollup = HELD.load(Ordering::Relaxed);
        let peak = PEAK.load(Ordering::Relaxed);
        let per = |bytes: usize| bytes.saturating_sub(before) as f64 / n;
        println!(
            "{name:<26} {:>12}  {:>13.1}  {:>12.1}  {:>10.1}",
            input.len(),
            per(with_partial),
            per(with_rollup),
            per(peak)
        );
        assert_eq!(rollup.get("m00000", "root", &period).map(|t| t.coverage().reported as usize), Some(units));
    }
}
