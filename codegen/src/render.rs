//! Formats emitted token streams into files: prettyplease, then the `@generated` header.
//!
//! prettyplease is used instead of a rustfmt binary so that the output depends only on
//! `Cargo.lock`, which makes `cargo xtask gen --check` byte-identical on every machine.

use proc_macro2::TokenStream;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, Method};
use crate::{emit, GeneratedFile, HEADER_MARKER};

/// Renders every file of the generated folder, sorted by path.
pub fn render_api(api: &Api) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    render_api_on(api, cores)
}

/// [`render_api`] with the method files spread over at most `threads` threads.
fn render_api_on(api: &Api, threads: usize) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut results = render_methods(api, threads);
    if !api.shared.is_empty() {
        results.push(render_file("types.rs", emit::emit_shared(api), &api.spec_path));
    }
    results.push(render_file("mod.rs", emit::emit_index(api), &api.spec_path));
    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diags.push(diagnostic),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    diags.finish(files)
}

/// Emits and formats one file per method. The files are independent and formatting is
/// most of the generator's work, so the methods are split into one contiguous share per
/// core. Each thread emits its own tokens (token streams cannot cross threads) and the
/// shares are joined in method order, so the output never depends on the thread count.
fn render_methods(api: &Api, threads: usize) -> Vec<Result<GeneratedFile, Diagnostic>> {
    let share = api.methods.len().div_ceil(threads.max(1)).max(1);
    let render_share = |methods: &[Method]| -> Vec<Result<GeneratedFile, Diagnostic>> {
        methods.iter().map(|method| render_method(method, api)).collect()
    };
    std::thread::scope(|scope| {
        let shares: Vec<_> = api
            .methods
            .chunks(share)
            .map(|methods| (methods, std::thread::Builder::new().spawn_scoped(scope, move || render_share(methods))))
            .collect();
        let mut results = Vec::with_capacity(api.methods.len());
        for (methods, thread) in shares {
            match thread.map(|thread| thread.join()) {
                Ok(Ok(rendered)) => results.extend(rendered),
                // A generator bug; reported, not propagated, like every other failure.
                Ok(Err(_panic)) => results.push(Err(internal_panic(methods))),
                // The machine would not start a thread: render the share here instead.
                Err(_) => results.extend(render_share(methods)),
            }
        }
        results
    })
}

fn internal_panic(methods: &[Method]) -> Diagnostic {
    let names: Vec<&str> = methods.iter().map(|method| method.wire.as_str()).collect();
    let message = format!(
        "internal error: the generator panicked while rendering {}; please report this together with the spec",
        names.join(", ")
    );
    Diagnostic::new("", message)
}

fn render_method(method: &Method, api: &Api) -> Result<GeneratedFile, Diagnostic> {
    render_file(&format!("{}.rs", method.fn_name), emit::emit_method(method, api), &api.spec_path)
}

/// Formats one file's tokens and prepends the header naming the command that rebuilds it.
pub fn render_file(path: &str, tokens: TokenStream, spec_path: &str) -> Result<GeneratedFile, Diagnostic> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| {
        // Reaching this is a generator bug, not a spec problem, but it is still reported
        // rather than panicking so that the maintainer's crate is left untouched.
        Diagnostic::new("", format!("internal error: the generated `{path}` is not valid Rust ({error}); please report this together with the spec"))
    })?;
    let code = space_out(&prettyplease::unparse(&file));
    let contents = format!("{}\n{code}", header(spec_path));
    Ok(GeneratedFile { path: path.to_owned(), contents })
}

/// The first line of every generated file.
pub fn header(spec_path: &str) -> String {
    format!("{HEADER_MARKER} from {spec_path}. Do not edit by hand.")
}

/// prettyplease prints items back to back; a reader wants a blank line between them.
/// This adds one wherever a new item starts after another at the same indentation, and
/// between statements of different kinds, and is deterministic like everything else.
fn space_out(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 8);
    // The line that began the statement still open at each indentation.
    let mut starts: Vec<&str> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let depth = indent(line);
        if !is_closing(line) && !line.trim().is_empty() {
            starts.truncate(depth);
            starts.resize(depth + 1, "");
            starts[depth] = line;
        }
        let Some(next) = lines.get(index + 1) else { continue };
        let start = starts.get(depth).copied().unwrap_or(line);
        if needs_blank(line, start, next) {
            out.push('\n');
        }
    }
    out
}

fn needs_blank(line: &str, start: &str, next: &str) -> bool {
    let (this, next_trimmed) = (line.trim(), next.trim());
    if this.starts_with("//!") {
        return !next_trimmed.starts_with("//!");
    }
    if indent(line) != indent(next) || is_closing(next) || next_trimmed.is_empty() {
        return false;
    }
    if this == "}" || (this.ends_with("{}") && is_item_start(this)) {
        return is_item_start(next_trimmed);
    }
    // Statements inside function bodies are left as prettyplease printed them.
    const ITEM_KINDS: &[&str] = &["use", "mod", "const", "type", "static"];
    this.ends_with(';') && ITEM_KINDS.contains(&kind(start)) && kind(start) != kind(next)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_closing(line: &str) -> bool {
    line.trim_start().starts_with(['}', ')', ']'])
}

fn is_item_start(trimmed: &str) -> bool {
    const STARTS: &[&str] =
        &["///", "#[", "pub ", "pub(", "impl", "fn ", "const ", "type ", "mod ", "use ", "struct ", "enum ", "async "];
    STARTS.iter().any(|start| trimmed.starts_with(start))
}

/// What kind of statement a line begins: `use`, `mod`, `const`, `let`, a doc comment…
fn kind(line: &str) -> &str {
    let trimmed = line.trim();
    if trimmed.starts_with("///") || trimmed.starts_with("#[") {
        return "item";
    }
    let trimmed = trimmed.strip_prefix("pub ").unwrap_or(trimmed);
    trimmed.split([' ', '(', '<', ':']).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::{render_api_on, space_out};

    #[test]
    fn output_does_not_depend_on_the_thread_count() {
        let spec = include_str!("../../spec/admin.users.session.yaml");
        let api = crate::lower_spec(spec, "spec/admin.users.session.yaml").expect("the real spec lowers");
        let serial = render_api_on(&api, 1).expect("renders on one thread");
        // Seven methods over 2, 3 and 16 threads: even shares, a short last share, and
        // more threads than methods.
        for threads in [2, 3, 16] {
            let parallel = render_api_on(&api, threads).expect("renders on several threads");
            assert_eq!(parallel, serial, "{threads} threads changed the output");
        }
        assert_eq!(serial.len(), api.methods.len() + 2, "a file per method, types.rs and mod.rs");
    }

    #[test]
    fn separates_items_but_not_arms_or_fields() {
        let code = "//! Doc.\nuse a::b;\nuse c::d;\n/// S.\npub struct S {\n    pub a: u8,\n    pub b: u8,\n}\nimpl S {\n    const A: u8 = 1;\n    const B: u8 = 2;\n    type T = u8;\n    fn f() {}\n    fn g() {\n        match x {\n            A => {\n                1\n            }\n            B => 2,\n        }\n    }\n}\n";
        let expected = "//! Doc.\n\nuse a::b;\nuse c::d;\n\n/// S.\npub struct S {\n    pub a: u8,\n    pub b: u8,\n}\n\nimpl S {\n    const A: u8 = 1;\n    const B: u8 = 2;\n\n    type T = u8;\n\n    fn f() {}\n\n    fn g() {\n        match x {\n            A => {\n                1\n            }\n            B => 2,\n        }\n    }\n}\n";
        assert_eq!(space_out(code), expected);
    }
}
