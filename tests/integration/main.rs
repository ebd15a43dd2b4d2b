//! Integration tests, one binary (see `Cargo.toml`: `autotests = false`).

mod aggregate;
mod browser;
mod check;
mod ingest;
mod model;
mod pipeline;
mod quantity;
mod render;
mod rollup_sample;
mod schema;
mod seed;
