//! Integration tests, one binary (see `Cargo.toml`: `autotests = false`).

mod check;
mod model;
mod quantity;
