//! The workspace's integration tests, one binary with a module per concern.

mod arguments;
mod atomic;
mod batches;
mod categories;
mod diagnostics;
mod drift;
mod fake;
mod fake_faults;
mod fake_limits;
mod faults;
mod large_spec;
mod methods;
mod pagination;
mod properties;
mod retries;
mod runtime_edges;
mod secrets;
mod seeds;
mod side_effects;
mod snapshots;
mod surface;
mod sweeps;
mod unreferenced;
