//! Feeds arbitrary UTF-8 to `codegen::generate`: it must never panic, and whatever it
//! accepts must parse as Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(files) = codegen::generate(text, "fuzz.yaml") {
        for file in files {
            if let Err(error) = syn::parse_file(&file.contents) {
                panic!("`{}` does not parse: {error}\n{}", file.path, file.contents);
            }
        }
    }
});
