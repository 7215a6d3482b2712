//! What the benchmarks share: when to print the ratio summary after divan's table.

/// Whether to print the ratio summary: only under `cargo bench`, not in `--test` mode,
/// not for `--list`, and not when a filter names only other benchmarks.
pub fn summary_wanted() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; without it divan only lists or smoke-tests.
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test" || a == "--list") {
        return false;
    }
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    filters.is_empty() || filters.iter().any(|f| f.contains("summary"))
}
