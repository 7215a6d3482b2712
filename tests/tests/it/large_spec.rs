//! A spec with hundreds of methods generates into files that all parse.
//!
//! The spec is `xtask::synth`'s: the real spec plus 300 synthetic methods with dozens of
//! error codes, five arguments, nested and shared response types, and descriptions full of
//! Markdown, HTML, comment markers and non-ASCII text. That the output also compiles and
//! documents without warnings is `cargo xtask synth-check`, which CI runs: compiling
//! 300 methods takes longer than `cargo test` should.
//!
//! How long generation takes, and how it scales with the number of methods, is measured
//! by the `codegen` benchmark (BENCHMARKS.md), not asserted here.

const METHODS: usize = 300;

#[test]
fn hundreds_of_methods_generate_into_files_that_parse() {
    let root = xtask::workspace_root();
    let spec = xtask::synth::synthetic_spec(&root, METHODS).unwrap_or_else(|failure| panic!("{failure}"));
    let files = codegen::generate(&spec, "synthetic.yaml").unwrap_or_else(|diags| panic!("{diags}"));
    let synthetic = files.iter().filter(|f| f.path.starts_with("synth_")).count();
    assert_eq!(synthetic, METHODS, "one file per synthetic method");
    for file in &files {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("`{}` does not parse: {error}", file.path);
        }
    }
    let index = files.iter().find(|f| f.path == "mod.rs").expect("an index file");
    let last = format!("mod synth_group{}_method{};", (METHODS - 1) % 7, METHODS - 1);
    assert!(index.contents.contains(&last), "the index names every module, {last} included");
}
