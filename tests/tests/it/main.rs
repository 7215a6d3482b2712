//! The workspace's integration tests, one binary with a module per concern.

mod arguments;
mod drift;
mod faults;
mod methods;
mod pagination;
mod retries;
mod runtime_edges;
mod secrets;
mod seeds;
mod snapshots;
mod surface;
mod diagnostics;
mod atomic;
mod properties;
mod large_spec;
