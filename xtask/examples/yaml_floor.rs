//! The baseline for the whole-process budget of `cargo xtask gen --check`: a process that
//! only reads the spec into an untyped `serde_yaml::Value` and exits. The `codegen` bench
//! (tests/benches/codegen.rs) times the two side by side.

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = xtask::workspace_root();
    let path = root.join(xtask::DEFAULT_SPEC);
    let read = std::fs::read_to_string(&path).map_err(|error| error.to_string());
    match read.and_then(|text| serde_yaml::from_str::<serde_yaml::Value>(&text).map_err(|error| error.to_string())) {
        Ok(value) => {
            std::hint::black_box(value);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
