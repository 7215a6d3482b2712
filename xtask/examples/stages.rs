//! Times the generator's passes on the real spec in one process, as medians of many runs,
//! for profiling: `cargo run --release -p xtask --example stages`.

use std::time::{Duration, Instant};

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let text = std::fs::read_to_string(xtask::workspace_root().join(xtask::DEFAULT_SPEC)).expect("the spec");
    let spec = xtask::DEFAULT_SPEC;
    let yaml = median(201, || drop(std::hint::black_box(serde_yaml::from_str::<serde_yaml::Value>(&text))));
    let parse = median(201, || drop(std::hint::black_box(codegen::hooks::parse(&text))));
    let lower = median(201, || drop(std::hint::black_box(codegen::lower_spec(&text, spec))));
    let api = codegen::lower_spec(&text, spec).expect("the spec lowers");
    let render = median(201, || drop(std::hint::black_box(codegen::hooks::render(&api))));
    let all = median(201, || drop(std::hint::black_box(codegen::generate(&text, spec))));
    println!("yaml {yaml:?}  parse {parse:?}  parse+lower {lower:?}  render {render:?}  generate {all:?}");
}
