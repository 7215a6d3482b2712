//! Installing without a Rust toolchain: the binstall metadata that `cargo metadata`
//! shows for the tool's package, pointing where cargo-dist's archives are released.

use std::process::Command;

#[test]
fn cargo_metadata_shows_the_binstall_metadata_and_dist_releases_the_tool() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline", "--manifest-path", manifest])
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let tool = packages.iter().find(|package| package["name"] == "slack-sessions").expect("the tool's package");
    let binstall = &tool["metadata"]["binstall"];
    let url = binstall["pkg-url"].as_str().expect("a pkg-url");
    // cargo-dist's archive names: the package, the target triple, the archive's suffix.
    assert!(url.starts_with("{ repo }/releases/download/v{ version }/"), "{url}");
    assert!(url.ends_with("{ name }-{ target }{ archive-suffix }"), "{url}");
    assert_eq!(binstall["pkg-fmt"], "txz", "dist-workspace.toml's unix-archive is .tar.xz");
    // Its tarballs hold a folder named as the archive; its zips are flat.
    assert_eq!(binstall["bin-dir"], "{ name }-{ target }/{ bin }{ binary-ext }");
    let windows = &binstall["overrides"]["x86_64-pc-windows-msvc"];
    assert_eq!((&windows["pkg-fmt"], &windows["bin-dir"]), (&"zip".into(), &"{ bin }{ binary-ext }".into()));
    assert_eq!(tool["metadata"]["dist"]["dist"], true, "dist releases the tool");

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dist-workspace.toml");
    let dist = std::fs::read_to_string(root).expect("dist-workspace.toml at the workspace's root");
    assert!(dist.contains("unix-archive = \".tar.xz\"") && dist.contains("dist = false"), "{dist}");
}
