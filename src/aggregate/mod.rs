//! Aggregation: adding figures up correctly (DESIGN §4 and §5).
//!
//! Observations go into a [`Partial`], a commutative, associative merge of
//! cells — one per (metric, unit, period) — that can be built in chunks, in
//! parallel or on other machines, and merged in any order. A [`Rollup`]
//! turns it into totals for every node of an org tree and every period,
//! following each metric's kind, with coverage and provenance.

mod compare;
mod fill;
mod partial;
mod progress;
mod rollup;
mod sum;

pub use compare::{Change, compare};
pub use fill::{Fill, FilledSlot, UnfilledSlot, fill};
pub use partial::{MetricIndex, OrgIndex, Partial, PeriodIndex, ValueIndex};
pub use progress::{Checklist, ChecklistItem, TargetProgress, TargetStatus, item_progress, target_progress};
pub use rollup::{Coverage, Rollup, RollupOptions, Source, Total};
