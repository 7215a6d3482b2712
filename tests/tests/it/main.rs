//! The workspace's integration tests, one binary with a module per concern.

mod drift;
mod methods;
mod seeds;
mod snapshots;
mod surface;
