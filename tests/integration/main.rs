//! Integration tests, one binary (see `Cargo.toml`: `autotests = false`).

/// The seed report built in code, shared by the tests that need it.
#[allow(dead_code)]
#[path = "../../examples/seed_2020.rs"]
mod seed_2020;

mod aggregate;
mod browser;
mod check;
mod ingest;
mod ingest_csv;
mod model;
mod pipeline;
mod quantity;
mod render;
mod rollup_sample;
mod schema;
mod seed;
