//! The workspace's integration tests, one binary with a module per concern.

mod drift;
mod faults;
mod methods;
mod retries;
mod seeds;
mod snapshots;
mod surface;
